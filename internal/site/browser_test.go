package site_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/site"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

// browserReport is what .ci/node/browser.mjs prints.
type browserReport struct {
	Problems []string
	Index    struct {
		Title          string
		FiltersVisible bool
		IDs            []string
		Visible        []string
		Links          []string
	}
	Filters []struct {
		Select, Value, Type, Sector string
		Visible                     []string
		Shown                       string
		Search                      string
	}
	URLFilter *struct {
		Sector, Selected string
		Visible          []string
	}
	Coops map[string]struct {
		URL         string
		Chain       []string
		Status      int
		ContentType string
		Title       string
		H1          string
		JSONLD      []string
		Sources     int
	}
	Ontology struct {
		URL   string
		H1    string
		Terms []string
	}
}

// TestBrowser opens the exports of data/coops, served by `coopgraph serve`, in headless
// Chromium (Debian's, driven by playwright-core from .ci/node): index.html must list every
// co-op and its filters must show exactly the co-ops of the chosen type and sector; every co-op's
// IRI must lead a browser to its page, whose embedded JSON-LD, read from the rendered DOM, must
// give the same triples as id/<id>.ttl; and no page may log an error or a warning, fail a
// request, or ask for anything outside the exports (the pages' Content-Security-Policy makes
// a stray inline script or style such an error).
func TestBrowser(t *testing.T) {
	node := testkit.Tool(t, "node")
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		testkit.Missing(t, "Chromium (Debian package chromium) is not installed")
	}
	if _, err := os.Stat(filepath.Join(testkit.Root(), ".ci", "node", "node_modules", "playwright-core")); err != nil {
		testkit.Missing(t, "playwright-core is not installed in .ci/node")
	}
	out := realExports(t)
	m := model(t, dataDir())
	base := serve(t, out)

	shots := os.Getenv("COOPGRAPH_SCREENSHOTS") // a folder for screenshots, to look at the pages
	// A hung browser must not hang the suite; this bounds the run, it does not time it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	args := []string{filepath.Join(testkit.Root(), ".ci", "node", "browser.mjs"), base}
	if shots != "" {
		args = append(args, shots)
	}
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("browser.mjs: %v\n%s", err, stderr.String())
	}
	var r browserReport
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("browser.mjs printed no report: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	for _, p := range r.Problems {
		t.Errorf("in the browser: %s", p)
	}

	// Every co-op is listed, in id order, each linking to its page; all are visible at first.
	if !slices.Equal(r.Index.IDs, m.ids) {
		t.Errorf("index.html lists %v, want %v", r.Index.IDs, m.ids)
	}
	if !slices.Equal(r.Index.Visible, m.ids) {
		t.Errorf("before filtering, %d of %d rows visible", len(r.Index.Visible), len(m.ids))
	}
	for i, l := range r.Index.Links {
		if i < len(m.ids) && l != "id/"+m.ids[i]+".html" {
			t.Errorf("row %d links to %q", i, l)
		}
	}
	if !r.Index.FiltersVisible {
		t.Error("the filters are hidden: the script did not run")
	}

	// The filters show exactly the co-ops of the chosen type and sector, and say how many.
	expect := func(typ, sector string) []string {
		var ids []string
		for _, id := range m.ids {
			rec := m.records[id]
			rt := rec.Type
			if rt == "" {
				rt = "none"
			}
			if (typ == "" || rt == typ) && (sector == "" || slices.Contains(rec.Sectors, sector)) {
				ids = append(ids, id)
			}
		}
		return ids
	}
	types, sectors := map[string]bool{}, map[string]bool{}
	both := false
	for _, f := range r.Filters {
		want := expect(f.Type, f.Sector)
		if !slices.Equal(f.Visible, want) {
			t.Errorf("filter type=%q sector=%q shows %v, want %v", f.Type, f.Sector, f.Visible, want)
		}
		if f.Shown != strconv.Itoa(len(want)) {
			t.Errorf("filter type=%q sector=%q says %s shown, want %d", f.Type, f.Sector, f.Shown, len(want))
		}
		if f.Type != "" && !strings.Contains(f.Search, "type="+f.Type) || f.Sector != "" && !strings.Contains(f.Search, "sector="+f.Sector) {
			t.Errorf("filter type=%q sector=%q: the address says %q", f.Type, f.Sector, f.Search)
		}
		switch f.Select {
		case "#filter-type":
			types[f.Value] = true
		case "#filter-sector":
			sectors[f.Value] = true
		case "both":
			both = f.Type != "" && f.Sector != "" && len(f.Visible) > 0
		}
	}
	for _, rec := range m.records {
		for _, s := range rec.Sectors {
			if !sectors[s] {
				t.Errorf("sector %q (of %s) cannot be chosen in the filter", s, rec.ID)
			}
		}
		if rec.Type != "" && !types[rec.Type] {
			t.Errorf("type %q (of %s) cannot be chosen in the filter", rec.Type, rec.ID)
		}
	}
	if !both {
		t.Error("the two filters together were not tried on a non-empty choice")
	}
	if u := r.URLFilter; u == nil || u.Selected != u.Sector || !slices.Equal(u.Visible, expect("", u.Sector)) {
		t.Errorf("index.html?sector=… does not filter: %+v", u)
	}

	// Every co-op IRI leads the browser to the page; its rendered JSON-LD is id/<id>.ttl's graph.
	for _, id := range m.ids {
		c, ok := r.Coops[id]
		if !ok {
			t.Errorf("%s was not opened", id)
			continue
		}
		if want := base + "id/" + id + ".html"; c.URL != want || len(c.Chain) != 2 || c.Chain[0] != base+"id/"+id {
			t.Errorf("%s: the browser went %v to %s, want /id/%s then %s", id, c.Chain, c.URL, id, want)
		}
		if c.Status != 200 || c.ContentType != "text/html; charset=utf-8" {
			t.Errorf("%s: %d %q", id, c.Status, c.ContentType)
		}
		if c.H1 != m.records[id].Name || !strings.HasPrefix(c.Title, m.records[id].Name) {
			t.Errorf("%s: the page shows %q (title %q), want %q", id, c.H1, c.Title, m.records[id].Name)
		}
		if c.Sources != len(m.records[id].Sources) {
			t.Errorf("%s: %d sources shown, want %d", id, c.Sources, len(m.records[id].Sources))
		}
		if len(c.JSONLD) != 1 {
			t.Errorf("%s: %d JSON-LD scripts in the page", id, len(c.JSONLD))
			continue
		}
		fromPage, err := testkit.JSONGold([]byte(c.JSONLD[0]))
		if err != nil {
			t.Errorf("%s: json-gold reads the page's JSON-LD: %v", id, err)
			continue
		}
		ttl := filepath.Join(out, "id", id+".ttl")
		if d := testkit.Diff(testkit.Rapper(t, ttl), fromPage); d != "" {
			t.Errorf("%s: the page's JSON-LD (json-gold) and id/%s.ttl (rapper) differ:\n%s", id, id, d)
		}
		if d := testkit.Diff(m.doc(t, id), fromPage); d != "" {
			t.Errorf("%s: the page's JSON-LD is not the co-op's document:\n%s", id, d)
		}
	}

	// The ontology's IRI leads to ontology.html, where every term has its entry.
	if r.Ontology.URL != base+site.OntologyFile || r.Ontology.H1 != site.Vocabulary().Title {
		t.Errorf("/ontology led to %s (%q)", r.Ontology.URL, r.Ontology.H1)
	}
	for _, a := range ontologyAnchors() {
		if !slices.Contains(r.Ontology.Terms, a) {
			t.Errorf("ontology.html has no entry %q", a)
		}
	}
}
