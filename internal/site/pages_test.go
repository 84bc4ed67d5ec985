package site_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/site"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
	krdf "github.com/knakk/rdf"
	"golang.org/x/net/html"
)

// ontologyAnchors are the fragments ontology.html must have: every class, property, concept
// scheme and concept of vocab/coop.ttl (read here by knakk/rdf), relative to the namespace.
func ontologyAnchors() []string {
	ts, err := testkit.KnakkTriples(bytes.NewReader(vocab.Ontology), krdf.Turtle)
	if err != nil {
		panic(err)
	}
	var out []string
	for _, t := range ts {
		if t.P.Value != vocab.RDFType || !strings.HasPrefix(t.S.Value, vocab.Coop) || t.S.Value == vocab.Coop {
			continue
		}
		switch t.O.Value {
		case vocab.OWLClass, vocab.OWLObjectProp, vocab.OWLDataProp, vocab.SKOSConceptScheme, vocab.SKOSConcept:
			out = append(out, strings.TrimPrefix(t.S.Value, vocab.Coop))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestOntologyPage: ontology.html documents every term of vocab/coop.ttl with its label and
// definition, is valid HTML, and its anchors are unique.
func TestOntologyPage(t *testing.T) {
	out := realExports(t)
	f := filepath.Join(out, site.OntologyFile)
	tidy(t, f)
	p := parsePage(t, read(t, f))
	ids := map[string]*html.Node{}
	for _, n := range p.all("", "id", "") {
		id, _ := attr(n, "id")
		if ids[id] != nil {
			t.Errorf("id %q twice", id)
		}
		ids[id] = n
	}
	ts, err := testkit.KnakkTriples(bytes.NewReader(vocab.Ontology), krdf.Turtle)
	if err != nil {
		t.Fatal(err)
	}
	anchors := ontologyAnchors()
	if len(anchors) < 40 {
		t.Fatalf("only %d terms in the ontology", len(anchors))
	}
	for _, a := range anchors {
		n := ids[a]
		if n == nil {
			t.Errorf("no entry for %s", a)
			continue
		}
		for _, tr := range ts {
			if tr.S.Value != vocab.Coop+a {
				continue
			}
			switch tr.P.Value {
			case vocab.RDFSLabel, vocab.SKOSPrefLabel, vocab.RDFSComment, vocab.SKOSDefinition, vocab.SKOSNotation:
				if !strings.Contains(text(n), tr.O.Value) {
					t.Errorf("the entry of %s does not show %q", a, tr.O.Value)
				}
			}
		}
	}
}

// TestIndexPage: index.html is valid HTML, lists every co-op with its type, sectors and status,
// states the licence, and its download table gives the true size and SHA-256 of every file at
// the top of the exports folder.
func TestIndexPage(t *testing.T) {
	out := realExports(t)
	m := model(t, dataDir())
	f := filepath.Join(out, site.IndexFile)
	tidy(t, f)
	p := parsePage(t, read(t, f))
	// The list, the search and the map are drawn from site/coops.js: every co-op, in id order,
	// with its type, sectors, status and country as the records say.
	idx := readIndexFile(t, filepath.Join(out, "site", "coops.js"))
	if len(idx.Rows) != len(m.ids) {
		t.Fatalf("site/coops.js has %d co-ops for %d records", len(idx.Rows), len(m.ids))
	}
	if idx.IDs != "id/" || idx.Page != site.IndexFile {
		t.Errorf("site/coops.js: ids %q, page %q", idx.IDs, idx.Page)
	}
	for i, id := range m.ids {
		rec := m.records[id]
		got := idx.row(i)
		wantType := rec.Type
		if wantType == "" {
			wantType = "none"
		}
		country := ""
		if rec.Location != nil {
			country = rec.Location.Country
		}
		if got.ID != id || got.Name != rec.Name || got.facet("type") != wantType || got.facet("status") != rec.Status ||
			got.facet("country") != country || got.facet("sector") != strings.Join(rec.Sectors, " ") || got.facet("member") != strings.Join(rec.Members, " ") {
			t.Errorf("site/coops.js row %d is %+v, want %s %q type %s status %s country %q sectors %v members %v", i, got, id, rec.Name, wantType, rec.Status, country, rec.Sectors, rec.Members)
		}
		placed := rec.Location != nil && rec.Location.Latitude != ""
		if got.Placed != placed {
			t.Errorf("%s: placed %v in site/coops.js, %v in the record", id, got.Placed, placed)
		}
	}
	// The page loads that index and the script, and names the filters the script fills.
	var srcs []string
	for _, n := range p.all("script", "src", "") {
		src, _ := attr(n, "src")
		srcs = append(srcs, src)
	}
	if !slices.Equal(srcs, []string{"site/coops.js", "site/app.js"}) {
		t.Errorf("index.html loads %v", srcs)
	}
	for _, f := range []string{"filter-type", "filter-sector", "search", "map", "points"} {
		if len(p.all("", "id", f)) != 1 {
			t.Errorf("index.html has no #%s", f)
		}
	}
	checkCharts(t, p, m)
	if len(p.all("a", "href", vocab.DataLicense, "rel", "license")) == 0 {
		t.Error("no link to the CC0 1.0 licence")
	}
	if !strings.Contains(text(p.root), site.Citation) {
		t.Error("no citation")
	}

	// The download table against the files themselves.
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, row := range p.all("tr") {
		cells := p.cells(row)
		if len(cells) != 5 || cells[0] == "File" {
			continue
		}
		name := cells[0]
		listed[name] = true
		b := read(t, filepath.Join(out, name))
		sum := sha256.Sum256(b)
		if cells[4] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: checksum %s, the file's is %x", name, cells[4], sum)
		}
		var size string
		for _, td := range p.all("td", "class", "num") {
			if td.Parent == row {
				size, _ = attr(td, "title")
			}
		}
		if size != strconv.Itoa(len(b))+" bytes" {
			t.Errorf("%s: size %q, the file has %d bytes", name, size, len(b))
		}
	}
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && !strings.HasPrefix(n, ".") && n != site.IndexFile && n != site.OntologyFile && !listed[n] {
			t.Errorf("%s is not in the download table", n)
		}
	}
	for _, n := range []string{"coops.ttl", "coops.nt", "coops.jsonld", "ontology.ttl", "shapes.ttl", "context.jsonld"} {
		if !listed[n] {
			t.Errorf("%s is not in the download table", n)
		}
	}

	checkPolicy(t, p, out, "")
}

// checkPolicy checks that a page's style is the one its Content-Security-Policy allows, that it
// has no inline script (but JSON-LD) and that its scripts are files of the exports folder out,
// the only scripts the policy allows ('self'). dir is the page's folder relative to out.
func checkPolicy(t *testing.T, p page, out, dir string) {
	t.Helper()
	csp := ""
	for _, meta := range p.all("meta", "http-equiv", "Content-Security-Policy") {
		csp, _ = attr(meta, "content")
	}
	if n := len(p.all("style")) + len(p.all("", "style", "")); n > 0 {
		t.Errorf("%s has %d inline styles, which its policy refuses", dir, n)
	}
	sheets := p.all("link", "rel", "stylesheet")
	if len(sheets) != 1 {
		t.Errorf("%s has %d style sheets", dir, len(sheets))
	}
	for _, n := range sheets {
		href, _ := attr(n, "href")
		if _, err := os.Stat(filepath.Join(out, dir, filepath.FromSlash(href))); err != nil || strings.Contains(href, ":") {
			t.Errorf("%s's style sheet %s: %v", dir, href, err)
		}
	}
	for _, n := range p.all("script") {
		if typ, _ := attr(n, "type"); typ == "application/ld+json" {
			continue
		}
		src, ok := attr(n, "src")
		if !ok {
			t.Errorf("an inline script in %s, which its policy refuses", dir)
			continue
		}
		if strings.Contains(src, ":") || strings.HasPrefix(src, "/") {
			t.Errorf("%s loads %s, outside the exports", dir, src)
		} else if _, err := os.Stat(filepath.Join(out, dir, filepath.FromSlash(src))); err != nil {
			t.Errorf("%s loads %s: %v", dir, src, err)
		}
	}
	for _, want := range []string{"default-src 'none'", "script-src 'self';", "style-src 'self';"} {
		if !strings.Contains(csp, want) {
			t.Errorf("the policy %q does not say %s", csp, want)
		}
	}
}

// cells returns the text of a row's cells.
func (p page) cells(row *html.Node) []string {
	var out []string
	for c := row.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
			out = append(out, strings.TrimSpace(text(c)))
		}
	}
	return out
}

// TestExampleQuery runs the SPARQL query of index.html with Apache Jena ARQ on coops.ttl and
// ontology.ttl: it must list exactly the operating co-ops, by name, with their sector labels.
func TestExampleQuery(t *testing.T) {
	if _, err := os.Stat("/usr/share/java/jena-core.jar"); err != nil {
		testkit.Missing(t, "Apache Jena (libapache-jena-java) is not installed")
	}
	testkit.Tool(t, "java")
	out := realExports(t)
	m := model(t, dataDir())
	q := filepath.Join(t.TempDir(), "example.rq")
	if err := os.WriteFile(q, []byte(site.ExampleQuery()), 0o644); err != nil {
		t.Fatal(err)
	}
	shown := false
	for _, c := range parsePage(t, read(t, filepath.Join(out, site.IndexFile))).all("code") {
		shown = shown || text(c) == site.ExampleQuery()
	}
	if !shown {
		t.Error("index.html does not show the example query")
	}
	res := testkit.ARQ(t, q, filepath.Join(out, "coops.ttl"), filepath.Join(out, "ontology.ttl"))
	lines := strings.Split(strings.TrimSpace(string(res)), "\n")
	var got, want []string
	for _, l := range lines[1:] {
		cols := strings.Split(l, "\t")
		if len(cols) != 4 {
			t.Fatalf("arq row %q", l)
		}
		name, _ := strconv.Unquote(cols[1])
		got = append(got, name)
		if cols[3] == "" || cols[3] == `""` {
			t.Errorf("%s: no sectors in the result", name)
		}
	}
	for _, id := range m.ids {
		if m.records[id].Status == "operating" {
			want = append(want, m.records[id].Name)
		}
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the example query gives\n%v\nwant the operating co-ops\n%v", got, want)
	}
}
