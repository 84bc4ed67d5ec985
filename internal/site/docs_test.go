package site_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/testkit"
	"golang.org/x/net/html"
)

// TestCoopDocuments reads every id/<id>.ttl, .nt and .jsonld of the real directory with
// knakk/rdf and json-gold, and each must hold exactly the co-op's triples from the mapping plus
// the labels of what it links to (computed here from vocab/coop.ttl and the records).
func TestCoopDocuments(t *testing.T) {
	out := realExports(t)
	m := model(t, dataDir())
	if len(m.ids) < 20 {
		t.Fatalf("only %d records", len(m.ids))
	}
	forward := 0
	for _, id := range m.ids {
		for _, rel := range m.records[id].Related {
			if rel > id {
				forward++ // written at Finish, not as the record comes
			}
		}
		want := m.doc(t, id)
		base := filepath.Join(out, "id", id)
		parsers := map[string]func([]byte) (testkit.Graph, error){
			".ttl": testkit.ParseTurtle, ".nt": testkit.ParseNTriples, ".jsonld": testkit.JSONGold,
		}
		for ext, parse := range parsers {
			g, err := parse(read(t, base+ext))
			if err != nil {
				t.Errorf("%s%s: %v", id, ext, err)
				continue
			}
			if d := testkit.Diff(want, g); d != "" {
				t.Errorf("id/%s%s is not the co-op's document:\n%s", id, ext, d)
			}
		}
	}
	if forward == 0 {
		t.Error("no co-op relates to one later in id order: the deferred writing is untested here")
	}
}

// TestCoopDocumentsIndependentParsers reads the per-co-op documents with rapper (each file)
// and Apache Jena riot (all the Turtle files and all the N-Triples files at once: one JVM).
func TestCoopDocumentsIndependentParsers(t *testing.T) {
	out := realExports(t)
	m := model(t, dataDir())
	all := testkit.Graph{}
	var ttl, nt bytes.Buffer
	for _, id := range m.ids {
		want := m.doc(t, id)
		for l := range want {
			all[l] = struct{}{}
		}
		for _, ext := range []string{".ttl", ".nt"} {
			f := filepath.Join(out, "id", id+ext)
			if d := testkit.Diff(want, testkit.Rapper(t, f)); d != "" {
				t.Errorf("rapper reads id/%s%s as another graph:\n%s", id, ext, d)
			}
		}
		ttl.Write(read(t, filepath.Join(out, "id", id+".ttl"))) // Turtle allows @prefix anywhere
		nt.Write(read(t, filepath.Join(out, "id", id+".nt")))
	}
	dir := t.TempDir()
	for name, b := range map[string][]byte{"all.ttl": ttl.Bytes(), "all.nt": nt.Bytes()} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if d := testkit.Diff(all, testkit.Riot(t, p)); d != "" {
			t.Errorf("riot reads the per-co-op %s files as another graph:\n%s", filepath.Ext(name), d)
		}
	}
}

// TestExportIsDeterministic exports twice and compares every file, byte for byte; and
// --site=false leaves out exactly the site's files.
func TestExportIsDeterministic(t *testing.T) {
	first := realExports(t)
	second := filepath.Join(t.TempDir(), "exports")
	exportDir(t, second, dataDir())
	a, b := tree(t, first), tree(t, second)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two exports of the same records", name)
		}
	}

	noSite := filepath.Join(t.TempDir(), "exports")
	exportDir(t, noSite, "--site=false", dataDir())
	c := tree(t, noSite)
	for name := range a {
		isSite := strings.HasPrefix(name, "id/") || strings.HasPrefix(name, "site/") || name == "index.html" || name == "ontology.html" || name == ".htaccess"
		_, present := c[name]
		if isSite == present {
			t.Errorf("--site=false: %s present=%v", name, present)
		} else if present && !bytes.Equal(a[name], c[name]) {
			t.Errorf("--site=false changes %s", name)
		}
	}
	// Four per co-op; index.html, ontology.html, .htaccess, site/app.js, site/style.css and
	// site/coops.js.
	if len(a) != len(c)+4*len(model(t, dataDir()).ids)+6 {
		t.Errorf("%d files with the site, %d without: want four per co-op and six more", len(a), len(c))
	}
}

func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = read(t, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCommittedExportsMatchData: the site's files committed in exports/ are what data/ gives
// now, so that the published pages never lag the records.
func TestCommittedExportsMatchData(t *testing.T) {
	fresh := tree(t, realExports(t))
	committed := tree(t, filepath.Join(testkit.Root(), "exports"))
	var stale []string
	for name, data := range fresh {
		if isSiteFile(name) && !bytes.Equal(committed[name], data) {
			stale = append(stale, name+" (stale or missing)")
		}
	}
	for name := range committed {
		if _, ok := fresh[name]; !ok && isSiteFile(name) {
			stale = append(stale, name+" (no longer produced)")
		}
	}
	if len(stale) > 0 {
		slices.Sort(stale)
		if len(stale) > 8 {
			stale = append(stale[:8], "…")
		}
		t.Errorf("the committed exports are not what data/ gives: run make export and commit exports/:\n%s", strings.Join(stale, "\n"))
	}
}

func isSiteFile(name string) bool {
	return strings.HasPrefix(name, "id/") || name == "index.html" || name == "ontology.html" || name == ".htaccess"
}

// TestHostileRecord puts markup into every free-text field of a record: the page must show it
// as text, its embedded JSON-LD must stay inside its <script> element and still give the
// document's triples, and no other script may appear.
func TestHostileRecord(t *testing.T) {
	data := t.TempDir()
	evil := "Evil </script><script>alert(1)</script> <!-- <b>co-op</b> \u2028 ]]>"
	rec := `id: evil
name: "` + strings.ReplaceAll(evil, `"`, `\"`) + `"
status: operating
sectors: [media]
description:
  en: "</SCRIPT><img src=x onerror=alert(2)> and a \"quote\""
  zh-Hant-TW: "<!--"
website: "https://example.org/?a=1&b=2"
sources:
  - url: https://example.org/source
    quote: "<script>alert(3)</script>"
`
	if err := os.WriteFile(filepath.Join(data, "evil.yaml"), []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "exports")
	exportDir(t, out, data)
	page := read(t, filepath.Join(out, "id", "evil.html"))
	p := parsePage(t, page)
	scripts := p.all("script")
	if len(scripts) != 1 {
		t.Fatalf("%d <script> elements in the page, want the JSON-LD only", len(scripts))
	}
	if typ, _ := attr(scripts[0], "type"); typ != "application/ld+json" {
		t.Fatalf("the script is %q", typ)
	}
	js := text(scripts[0])
	if regexp.MustCompile(`(?i)</script|<!--`).MatchString(js) {
		t.Errorf("the JSON-LD holds a sequence that ends or comments out its element:\n%s", js)
	}
	if js+"\n" != string(read(t, filepath.Join(out, "id", "evil.jsonld"))) {
		t.Error("the embedded JSON-LD is not id/evil.jsonld")
	}
	gl, err := testkit.JSONGold([]byte(js))
	if err != nil {
		t.Fatalf("json-gold: %v", err)
	}
	gt, err := testkit.ParseTurtle(read(t, filepath.Join(out, "id", "evil.ttl")))
	if err != nil {
		t.Fatalf("knakk: %v", err)
	}
	if d := testkit.Diff(gt, gl); d != "" {
		t.Errorf("embedded JSON-LD and Turtle differ:\n%s", d)
	}
	name := model(t, data).records["evil"].Name // as YAML reads it (it folds around U+2028)
	if !strings.Contains(name, "</script><script>alert(1)</script> <!-- <b>co-op</b>") {
		t.Fatalf("the record's name is %q", name)
	}
	if h1 := p.all("h1"); len(h1) != 1 || text(h1[0]) != name {
		t.Errorf("h1 does not show the name as text: %q", text(h1[0]))
	}
	if len(p.all("img")) != 0 || len(p.all("b")) != 0 {
		t.Error("markup from the record became elements")
	}
	for _, a := range p.all("a", "href", "") {
		if h, _ := attr(a, "href"); strings.HasPrefix(strings.ToLower(h), "javascript:") {
			t.Errorf("link %q", h)
		}
	}
	tidy(t, filepath.Join(out, "id", "evil.html"))
	if !slices.ContainsFunc(p.all("p", "lang", "zh-hant-tw"), func(n *html.Node) bool { return text(n) == "<!--" }) {
		t.Error("the zh-Hant-TW description is not shown in its language")
	}
}
