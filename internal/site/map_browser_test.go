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

	"github.com/coopgraph/coopgraph/internal/testkit"
)

// siteReport is what .ci/node/site.mjs prints.
type siteReport struct {
	Problems []string
	Outside  []string
	Pages    map[string]struct {
		Title    string
		Explorer bool
		mapState
		Narrow struct {
			Window, Scroll int
			Wide           []string
		}
	}
	Filters []struct {
		Page, Select, Value string
		Before, After       mapState
		Search              string
		MS, Load            float64 // the filter's redraw, the page's load, in milliseconds
	}
	Search []struct {
		Page, Text string
		mapState
	}
	Clicks []struct {
		Page           string
		Before, Zoomed *mapState
		Opened         *struct{ Href, URL, H1 string }
	}
}

type mapState struct {
	Markers, Points         int
	Shown, Placed, Unplaced string
	Rows                    []string
}

// browser runs .ci/node/site.mjs with plan and returns its report, or skips the test when
// Chromium or playwright-core is missing.
func browser(t *testing.T, plan map[string]any) siteReport {
	t.Helper()
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
	pf := filepath.Join(t.TempDir(), "plan.json")
	b, _ := json.Marshal(plan)
	if err := os.WriteFile(pf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	// A hung browser must not hang the suite; this bounds the run, it does not time it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(testkit.Root(), ".ci", "node", "site.mjs"), pf)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("site.mjs: %v\n%s", err, stderr.String())
	}
	var r siteReport
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("site.mjs printed no report: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	for _, p := range r.Problems {
		t.Errorf("in the browser: %s", p)
	}
	for _, u := range r.Outside {
		t.Errorf("a request left the exports: %s", u)
	}
	return r
}

// TestSiteInBrowser opens the pages of an export with two imported datasets (a synthetic one
// and, when ../shared/refs has it, the Data Commons Co-op's sample) from file:// in headless
// Chromium, every request that is not for a file refused and reported: the map of index.html
// draws as many co-ops as the records place, and each dataset's page those of its dataset; a
// filter changes the list, the counts and the map to what the records give; the search finds
// a record of an imported dataset by name and by id; a cluster zooms in and a point opens its
// co-op; no page scrolls sideways at 390 px; nothing logs an error. A screenshot of each page,
// wide and narrow, goes to .cache/screenshots (or COOPGRAPH_SCREENSHOTS).
func TestSiteInBrowser(t *testing.T) {
	f := datasets(t)
	dirModel := model(t, dataDir())
	all := map[string]*directoryModel{"coops": dirModel}
	for _, name := range f.datasets {
		all["dataset-"+name] = f.models[name]
	}
	placed := func(m *directoryModel, keep func(id string) bool) (n, p int) {
		for _, id := range m.ids {
			if keep != nil && !keep(id) {
				continue
			}
			n++
			if loc := m.records[id].Location; loc != nil && loc.Latitude != "" {
				p++
			}
		}
		return n, p
	}
	total, totalPlaced := 0, 0
	for _, m := range all {
		n, p := placed(m, nil)
		total, totalPlaced = total+n, totalPlaced+p
	}
	if totalPlaced == 0 {
		t.Fatal("no co-op has a position: the test would show nothing")
	}

	pages := []string{"index.html", "ontology.html", "id/" + dirModel.ids[0] + ".html"}
	for _, name := range f.datasets {
		pages = append(pages, "datasets/"+name+".html", "id/"+name+"/"+f.models[name].ids[0]+".html")
	}
	// A country the synthetic dataset places a co-op in.
	syn := f.models["synthetic"]
	country := ""
	for _, id := range syn.ids {
		if loc := syn.records[id].Location; loc != nil && loc.Latitude != "" {
			country = loc.Country
			break
		}
	}
	target := syn.records[syn.ids[len(syn.ids)/2]]
	shots := os.Getenv("COOPGRAPH_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(testkit.Root(), ".cache", "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	r := browser(t, map[string]any{
		"dir":   f.out,
		"pages": pages,
		"filters": []map[string]string{
			{"page": "index.html", "select": "#filter-dataset", "value": "dataset-synthetic"},
			{"page": "index.html", "select": "#filter-country", "value": country},
			{"page": "datasets/synthetic.html", "select": "#filter-country", "value": country},
		},
		"search": []map[string]string{
			{"page": "index.html", "text": target.Name},
			{"page": "index.html", "text": strings.ToUpper(target.ID)},
		},
		"click": "datasets/synthetic.html",
		"shots": shots,
	})

	// The map and the counts, unfiltered.
	check := func(where string, s mapState, n, p int) {
		t.Helper()
		if s.Points != p || s.Placed != strconv.Itoa(p) || s.Shown != strconv.Itoa(n) || s.Unplaced != strconv.Itoa(n-p) {
			t.Errorf("%s: the map draws %d co-ops in %d markers; the page says %s shown, %s placed, %s without a position; the records give %d, %d placed",
				where, s.Points, s.Markers, s.Shown, s.Placed, s.Unplaced, n, p)
		}
		if p > 0 && s.Markers == 0 {
			t.Errorf("%s: no marker", where)
		}
		if want := min(n, 100); len(s.Rows) != want {
			t.Errorf("%s: %d rows listed, want %d", where, len(s.Rows), want)
		}
	}
	for _, p := range pages {
		got, ok := r.Pages[p]
		if !ok {
			t.Errorf("%s was not opened", p)
			continue
		}
		if got.Narrow.Scroll > got.Narrow.Window {
			t.Errorf("%s scrolls sideways at %d px: %d px wide (%v)", p, got.Narrow.Window, got.Narrow.Scroll, got.Narrow.Wide)
		}
	}
	check("index.html", r.Pages["index.html"].mapState, total, totalPlaced)
	for _, name := range f.datasets {
		n, p := placed(f.models[name], nil)
		check("datasets/"+name+".html", r.Pages["datasets/"+name+".html"].mapState, n, p)
	}

	// Filters change the list, the counts and the map.
	inCountry := func(m *directoryModel) func(string) bool {
		return func(id string) bool { loc := m.records[id].Location; return loc != nil && loc.Country == country }
	}
	for _, fl := range r.Filters {
		var n, p int
		switch {
		case fl.Select == "#filter-dataset":
			n, p = placed(syn, nil)
		case fl.Page == "index.html":
			for _, m := range all {
				a, b := placed(m, inCountry(m))
				n, p = n+a, p+b
			}
		default:
			n, p = placed(syn, inCountry(syn))
		}
		where := fl.Page + " " + fl.Select + "=" + fl.Value
		check(where, fl.After, n, p)
		if fl.After.Points == fl.Before.Points && fl.After.Shown == fl.Before.Shown {
			t.Errorf("%s changed nothing", where)
		}
		if !strings.Contains(fl.Search, strings.TrimPrefix(fl.Select, "#filter-")+"="+fl.Value) {
			t.Errorf("%s: the address says %q", where, fl.Search)
		}
		for _, row := range fl.After.Rows {
			if fl.Select == "#filter-dataset" && !strings.HasPrefix(row, fl.Value+"/") {
				t.Errorf("%s lists %s", where, row)
			}
		}
	}
	if len(r.Filters) != 3 {
		t.Errorf("%d filters tried", len(r.Filters))
	}

	// The search finds the synthetic record by its name and by its id.
	for _, s := range r.Search {
		if !slices.Contains(s.Rows, "dataset-synthetic/"+target.ID) {
			t.Errorf("searching index.html for %q lists %v, not %s", s.Text, s.Rows, target.ID)
		}
	}
	if len(r.Search) != 2 {
		t.Errorf("%d searches", len(r.Search))
	}

	// A cluster zooms in; a point opens its co-op.
	if len(r.Clicks) != 1 || r.Clicks[0].Opened == nil {
		t.Fatalf("no point of the map was opened: %+v", r.Clicks)
	}
	c := r.Clicks[0]
	if c.Zoomed != nil && c.Zoomed.Markers == c.Before.Markers && c.Zoomed.Points == c.Before.Points {
		t.Error("choosing a cluster did not change the map")
	}
	id := strings.TrimSuffix(filepath.Base(c.Opened.Href), ".html")
	rec := syn.records[id]
	if rec == nil || !strings.HasSuffix(c.Opened.URL, "/id/synthetic/"+id+".html") || c.Opened.H1 != rec.Name {
		t.Errorf("the point %s opened %s (%q)", c.Opened.Href, c.Opened.URL, c.Opened.H1)
	}
	t.Logf("screenshots in %s", shots)
}

// TestSiteInBrowserAtScale: an export with a dataset of 10,000 synthetic co-ops, opened in
// Chromium from file://: the map of index.html and of the dataset's page draws every placed
// co-op, in clusters (far fewer markers than co-ops), and a filter redraws the list, the counts
// and the map. How long that takes is logged, not asserted (make bench measures; tests do not
// time).
func TestSiteInBrowserAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("the export of 10,000 co-ops with their pages takes a minute: not in -short")
	}
	dir := t.TempDir()
	synthDataset(t, filepath.Join(dir, "imported"), "large", 10000)
	out := filepath.Join(dir, "exports")
	exportDir(t, out, dataDir(), filepath.Join(dir, "imported"))
	m := datasetModel(t, filepath.Join(dir, "imported", "large"), "large")
	n, placed := 0, 0
	country := ""
	for _, id := range m.ids {
		n++
		if loc := m.records[id].Location; loc != nil && loc.Latitude != "" {
			placed++
			if country == "" {
				country = loc.Country
			}
		}
	}
	dm := model(t, dataDir())
	dn, dp := 0, 0
	for _, id := range dm.ids {
		dn++
		if loc := dm.records[id].Location; loc != nil && loc.Latitude != "" {
			dp++
		}
	}
	r := browser(t, map[string]any{
		"dir":   out,
		"pages": []string{"index.html", "datasets/large.html"},
		"filters": []map[string]string{
			{"page": "index.html", "select": "#filter-dataset", "value": "dataset-large"},
			{"page": "datasets/large.html", "select": "#filter-country", "value": country},
		},
	})
	for p, want := range map[string][2]int{"index.html": {n + dn, placed + dp}, "datasets/large.html": {n, placed}} {
		got := r.Pages[p]
		if got.Points != want[1] || got.Shown != strconv.Itoa(want[0]) {
			t.Errorf("%s: the map draws %d co-ops, %s shown; the records place %d of %d", p, got.Points, got.Shown, want[1], want[0])
		}
		if got.Markers == 0 || got.Markers > want[1]/4 {
			t.Errorf("%s: %d markers for %d placed co-ops: not clustered", p, got.Markers, want[1])
		}
		if got.Narrow.Scroll > got.Narrow.Window {
			t.Errorf("%s scrolls sideways at 390 px", p)
		}
		t.Logf("%s: %d co-ops placed, drawn as %d markers", p, got.Points, got.Markers)
	}
	for _, f := range r.Filters {
		if f.After.Shown == f.Before.Shown || f.After.Points == f.Before.Points && f.Select != "#filter-dataset" {
			t.Errorf("%s %s=%s changed nothing: %+v", f.Page, f.Select, f.Value, f.After)
		}
		t.Logf("%s: page loaded in %.0f ms; %s=%s redrew the list, counts and map in %.1f ms", f.Page, f.Load, f.Select, f.Value, f.MS)
	}
}
