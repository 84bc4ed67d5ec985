package site_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/synth"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
)

// indexFile is a site/<set>.js as the test reads it (decoded with encoding/json, not with the
// site's code).
type indexFile struct {
	Key, Title, Page, IDs string
	Facets                [][][2]string
	Rows                  [][]json.RawMessage
}

// facetOrder is the order of the facets in the rows (documented in facets.go).
var facetOrder = []string{"dataset", "type", "sector", "status", "member", "country", "structure", "activity", "membership"}

type indexRow struct {
	ID, Name, Identifier string
	Placed               bool
	Lat, Lon             float64
	facets               map[string]string // space-separated values
}

func (r indexRow) facet(name string) string { return r.facets[name] }

func readIndexFile(t *testing.T, p string) *indexFile {
	t.Helper()
	b := string(read(t, p))
	const pre, post = "(window.coopgraph = window.coopgraph || []).push(", ");\n"
	if !strings.HasPrefix(b, pre) || !strings.HasSuffix(b, post) {
		t.Fatalf("%s is not one push onto window.coopgraph: %.80q", p, b)
	}
	var f indexFile
	if err := json.Unmarshal([]byte(b[len(pre):len(b)-len(post)]), &f); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return &f
}

func (f *indexFile) row(i int) indexRow {
	cells := f.Rows[i]
	var r indexRow
	json.Unmarshal(cells[0], &r.ID)
	json.Unmarshal(cells[1], &r.Name)
	json.Unmarshal(cells[2], &r.Identifier)
	if string(cells[3]) != "null" {
		r.Placed = true
		json.Unmarshal(cells[3], &r.Lat)
		json.Unmarshal(cells[4], &r.Lon)
	}
	r.facets = map[string]string{}
	for k, name := range facetOrder {
		var ix []int
		if err := json.Unmarshal(cells[5+k], &ix); err != nil {
			var one int
			json.Unmarshal(cells[5+k], &one)
			if one >= 0 {
				ix = []int{one}
			}
		}
		var vs []string
		for _, x := range ix {
			vs = append(vs, f.Facets[k][x][0])
		}
		r.facets[name] = strings.Join(vs, " ")
	}
	return r
}

// label is the English skos:prefLabel of a concept, read from vocab/coop.ttl by knakk/rdf.
func (m *directoryModel) label(iri string) string {
	for _, l := range m.labels[iri] {
		if l.Lang == "en" {
			return l.Value
		}
	}
	if len(m.labels[iri]) > 0 {
		return m.labels[iri][0].Value
	}
	return iri
}

// checkCharts: index.html has a chart per facet, each an SVG with a title and a description,
// whose table gives the counts the records give.
func checkCharts(t *testing.T, p page, m *directoryModel) {
	t.Helper()
	want := map[string]map[string]int{"type": {}, "sector": {}, "status": {}, "member": {}, "country": {}, "dataset": {}}
	for _, id := range m.ids {
		r := m.records[id]
		if r.Type == "" {
			want["type"]["not in the typology"]++
		} else {
			want["type"][m.label(vocab.PlatformTypeNamespace+r.Type)]++
		}
		want["status"][m.label(vocab.StatusNamespace+r.Status)]++
		for _, s := range r.Sectors {
			want["sector"][m.label(vocab.SectorNamespace+s)]++
		}
		for _, s := range r.Members {
			want["member"][m.label(vocab.MemberClassNamespace+s)]++
		}
		if r.Location != nil && r.Location.Country != "" {
			want["country"][r.Location.Country]++
		}
		want["dataset"]["Platform co-operatives (the directory)"]++
	}
	for key, counts := range want {
		figs := p.all("figure", "id", "chart-"+key)
		if len(figs) != 1 {
			t.Errorf("index.html has %d charts of %s", len(figs), key)
			continue
		}
		fig := page{figs[0]}
		svg := fig.all("svg")
		if len(svg) != 1 || len(page{svg[0]}.all("title")) != 1 || len(page{svg[0]}.all("desc")) != 1 || text(page{svg[0]}.all("desc")[0]) == "" {
			t.Errorf("the chart of %s is not one SVG with a title and a description", key)
		}
		if n := len(fig.all("rect", "class", "bar")); n == 0 || n > 12 {
			t.Errorf("the chart of %s has %d bars", key, n)
		}
		got := map[string]int{}
		for _, tr := range fig.all("tr") {
			c := p.cells(tr)
			if len(c) != 2 || tr.Parent.Data == "thead" || c[0] == "none given" {
				continue
			}
			n, err := strconv.Atoi(c[1])
			if err != nil {
				t.Errorf("chart of %s: row %q", key, c)
			}
			got[c[0]] = n
		}
		if fmt.Sprint(got) != fmt.Sprint(counts) {
			t.Errorf("the table of the chart of %s says %v, the records %v", key, got, counts)
		}
	}
}

// datasetFixture is an export of data/coops with imported datasets: a synthetic one (always)
// and the Data Commons Co-op's 300-row sample (when ../shared/refs has it).
type datasetFixture struct {
	out      string
	imported string   // the datasets' folder
	datasets []string // names
	models   map[string]*directoryModel
	// titles, sources, licences and attributions by dataset name
	man map[string][4]string
}

var (
	fixtureOnce sync.Once
	fixture     *datasetFixture
)

// synthDataset writes n synthetic records as the dataset name in dir.
func synthDataset(t *testing.T, dir, name string, n int) {
	t.Helper()
	ds := filepath.Join(dir, name)
	if _, err := synth.Write(context.Background(), filepath.Join(ds, "records"), synth.Options{N: n, Seed: 7}, 2); err != nil {
		t.Fatal(err)
	}
	man := "name: " + name + "\ntitle: Synthetic co-ops\nsource: https://example.org/synthetic\nlicense: https://creativecommons.org/licenses/by/4.0/\nattribution: Made up for the tests\n"
	if err := os.WriteFile(filepath.Join(ds, "dataset.yaml"), []byte(man), 0o644); err != nil {
		t.Fatal(err)
	}
}

func datasets(t *testing.T) *datasetFixture {
	t.Helper()
	fixtureOnce.Do(func() {
		dir := filepath.Join(tmpRoot, "datasets")
		imported := filepath.Join(dir, "imported")
		f := &datasetFixture{out: filepath.Join(dir, "exports"), imported: imported, models: map[string]*directoryModel{}, man: map[string][4]string{}}
		synthDataset(t, imported, "synthetic", 120)
		f.datasets = append(f.datasets, "synthetic")
		f.man["synthetic"] = [4]string{"Synthetic co-ops", "https://example.org/synthetic", "https://creativecommons.org/licenses/by/4.0/", "Made up for the tests"}
		sample := filepath.Join(testkit.Root(), "..", "shared", "refs", "dcc-standard-sample.csv")
		if _, err := os.Stat(sample); err == nil {
			if code, stderr := runCLI(t, "import", "dcc-csv", "--into", filepath.Join(imported, "coops-uk"), "--source", "https://www.uk.coop/open-data",
				"--license", "https://opendatacommons.org/licenses/by/1-0/", "--attribution", "Contains data from Co-operatives UK",
				"--title", "Co-operatives UK open data (sample)", sample); code != 0 {
				t.Fatalf("import: %d %s", code, stderr)
			}
			f.datasets = append(f.datasets, "coops-uk")
			f.man["coops-uk"] = [4]string{"Co-operatives UK open data (sample)", "https://www.uk.coop/open-data", "https://opendatacommons.org/licenses/by/1-0/", "Contains data from Co-operatives UK"}
		}
		slices.Sort(f.datasets)
		exportDir(t, f.out, dataDir(), imported)
		for _, name := range f.datasets {
			f.models[name] = datasetModel(t, filepath.Join(imported, name), name)
		}
		fixture = f
	})
	if fixture == nil {
		t.Fatal("the export with datasets failed in an earlier test")
	}
	if len(fixture.datasets) < 2 {
		t.Log("../shared/refs/dcc-standard-sample.csv is absent: the Data Commons Co-op sample is not imported (only the synthetic dataset is)")
	}
	return fixture
}

// datasetModel maps a dataset's records as the export does, without package site.
func datasetModel(t *testing.T, dir, name string) *directoryModel {
	t.Helper()
	v, err := schema.NewProfile(schema.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	m := &directoryModel{records: map[string]*record.Record{}, triples: map[string][]rdf.Triple{}, labels: map[string][]rdf.Term{}, mapper: mapping.ForDataset(vocab.DefaultBase, name)}
	set, sl := pipeline.Scan([]string{filepath.Join(dir, "records")})
	if sl.HasErrors() {
		t.Fatal(sl)
	}
	defer set.Close()
	diags, _, err := pipeline.Run(set, v, pipeline.Options{Mapper: m.mapper, Record: record.Options{ThisYear: 2100}}, func(it *pipeline.Item) error {
		if it.Record == nil {
			return fmt.Errorf("%s: invalid: %v", it.File, it.Diags)
		}
		m.ids = append(m.ids, it.Record.ID)
		m.records[it.Record.ID] = it.Record
		m.triples[it.Record.ID] = slices.Clone(it.Triples)
		return nil
	})
	if err != nil || diags.HasErrors() {
		t.Fatalf("mapping: %v %v", err, diags)
	}
	return m
}

// TestDatasetRecordPages: every record of every imported dataset has its documents,
// id/<dataset>/<id>.ttl, .jsonld, .nt and .html: the Turtle (read by rapper), the N-Triples
// (rapper) and the JSON-LD embedded in the page (json-gold) hold the same graph, which holds
// every triple the dataset's dump (datasets/<name>.nt, rapper) has about the co-op; the page
// states the dataset, its source, licence and attribution, and is valid HTML (Tidy, on a sample).
func TestDatasetRecordPages(t *testing.T) {
	f := datasets(t)
	for _, name := range f.datasets {
		t.Run(name, func(t *testing.T) {
			m := f.models[name]
			dump := testkit.Rapper(t, filepath.Join(f.out, "datasets", name+".nt"))
			bySubject := map[string][]string{}
			for _, line := range dump.Lines() {
				s, _, _ := strings.Cut(line, " ")
				iri := strings.Trim(s, "<>")
				iri, _, _ = strings.Cut(iri, "#")
				bySubject[iri] = append(bySubject[iri], line)
			}
			man := f.man[name]
			for i, id := range m.ids {
				if testing.Short() && i%10 != 0 {
					continue // a sample of the records in the quick loop
				}
				base := filepath.Join(f.out, "id", name, id)
				ttl := testkit.Rapper(t, base+".ttl")
				if d := testkit.Diff(testkit.Rapper(t, base+".nt"), ttl); d != "" {
					t.Errorf("%s: .nt and .ttl differ:\n%s", id, d)
				}
				p := parsePage(t, read(t, base+".html"))
				scripts := p.all("script", "type", "application/ld+json")
				if len(scripts) != 1 {
					t.Fatalf("%s: %d JSON-LD scripts", id, len(scripts))
				}
				g, err := testkit.JSONGold([]byte(text(scripts[0])))
				if err != nil {
					t.Fatalf("%s: %v", id, err)
				}
				if d := testkit.Diff(ttl, g); d != "" {
					t.Errorf("%s: the page's JSON-LD and the .ttl differ:\n%s", id, d)
				}
				own := bySubject[m.mapper.CoopIRI(id)]
				if len(own) == 0 {
					t.Errorf("%s: the dump has no triple about %s", id, m.mapper.CoopIRI(id))
				}
				for _, line := range own {
					if _, ok := ttl[line]; !ok {
						t.Errorf("%s: the document lacks %s", id, line)
					}
				}
				prov := p.all("p", "id", "provenance")
				if len(prov) != 1 {
					t.Fatalf("%s: no provenance on the page", id)
				}
				pt := text(prov[0])
				for _, w := range man {
					if !strings.Contains(pt, w) {
						t.Errorf("%s: the provenance %q does not say %q", id, pt, w)
					}
				}
				if len(page{prov[0]}.all("a", "href", man[2], "rel", "license")) != 1 {
					t.Errorf("%s: no link to the licence %s", id, man[2])
				}
				if len(page{prov[0]}.all("a", "href", "../../datasets/"+name+".html")) != 1 {
					t.Errorf("%s: no link to the dataset's page", id)
				}
				// An HTML parser reads CR LF and CR as LF.
				want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(m.records[id].Name)
				if h := p.all("h1"); len(h) != 1 || text(h[0]) != want {
					t.Errorf("%s: h1 is not %q", id, m.records[id].Name)
				}
				if i%50 == 0 {
					tidy(t, base+".html")
					checkPolicy(t, p, f.out, filepath.Join("id", name))
				}
			}
		})
	}
}

// TestDatasetPage: each imported dataset has datasets/<name>.html, which states its provenance,
// lists its dumps with their true sizes, loads its index (site/dataset-<name>.js, every record
// in id order with its position and country) and no list of its co-ops in HTML, so that its
// size does not grow with the dataset; index.html loads every set's index and links each
// dataset's page.
func TestDatasetPage(t *testing.T) {
	f := datasets(t)
	ip := parsePage(t, read(t, filepath.Join(f.out, "index.html")))
	tidy(t, filepath.Join(f.out, "index.html"))
	var srcs []string
	for _, n := range ip.all("script", "src", "") {
		src, _ := attr(n, "src")
		srcs = append(srcs, src)
	}
	want := []string{"site/coops.js"}
	for _, name := range f.datasets {
		want = append(want, "site/dataset-"+name+".js")
	}
	if !slices.Equal(srcs, append(want, "site/app.js")) {
		t.Errorf("index.html loads %v, want %v and the script", srcs, want)
	}
	for _, name := range f.datasets {
		t.Run(name, func(t *testing.T) {
			m := f.models[name]
			file := filepath.Join(f.out, "datasets", name+".html")
			tidy(t, file)
			b := read(t, file)
			if len(b) > 200_000 {
				t.Errorf("%s is %d bytes", file, len(b))
			}
			p := parsePage(t, b)
			checkPolicy(t, p, f.out, "datasets")
			if len(ip.all("a", "href", "datasets/"+name+".html")) == 0 {
				t.Errorf("index.html does not link datasets/%s.html", name)
			}
			body := text(p.root)
			for _, w := range f.man[name] {
				if !strings.Contains(body, w) {
					t.Errorf("the page does not say %q", w)
				}
			}
			if len(p.all("a", "href", f.man[name][2], "rel", "license")) == 0 {
				t.Error("no link to the licence")
			}
			for _, ext := range []string{".ttl", ".nt", ".jsonld", ".nq", ".void.ttl"} {
				dl := p.all("a", "href", name+ext)
				if len(dl) != 1 {
					t.Errorf("%s%s is not offered", name, ext)
					continue
				}
				st, err := os.Stat(filepath.Join(f.out, "datasets", name+ext))
				if err != nil {
					t.Fatal(err)
				}
				row := dl[0].Parent.Parent
				found := false
				for _, td := range (page{row}).all("td", "class", "num") {
					if v, _ := attr(td, "title"); v == strconv.FormatInt(st.Size(), 10)+" bytes" {
						found = true
					}
				}
				if !found {
					t.Errorf("%s%s: the size is not %d bytes", name, ext, st.Size())
				}
			}
			for _, sel := range []string{"filter-country", "search", "map"} {
				if len(p.all("", "id", sel)) != 1 {
					t.Errorf("no #%s", sel)
				}
			}
			if len(p.all("tr", "data-id", "")) != 0 {
				t.Error("the page lists co-ops in HTML")
			}
			var srcs []string
			for _, n := range p.all("script", "src", "") {
				src, _ := attr(n, "src")
				srcs = append(srcs, src)
			}
			if !slices.Equal(srcs, []string{"../site/dataset-" + name + ".js", "../site/app.js"}) {
				t.Errorf("the page loads %v", srcs)
			}
			idx := readIndexFile(t, filepath.Join(f.out, "site", "dataset-"+name+".js"))
			if len(idx.Rows) != len(m.ids) || idx.IDs != "id/"+name+"/" || idx.Page != "datasets/"+name+".html" {
				t.Fatalf("the index has %d rows for %d records (%s, %s)", len(idx.Rows), len(m.ids), idx.IDs, idx.Page)
			}
			placed := 0
			for i, id := range m.ids {
				r, rec := idx.row(i), m.records[id]
				country, lat, lon := "", "", ""
				if rec.Location != nil {
					country, lat, lon = rec.Location.Country, rec.Location.Latitude, rec.Location.Longitude
				}
				if r.ID != id || r.Name != rec.Name || r.Identifier != rec.Identifier || r.facet("country") != country || r.facet("dataset") != "dataset-"+name ||
					r.facet("structure") != rec.ESSGlobal.OrgStructure || r.facet("activity") != rec.ESSGlobal.PrimaryActivity {
					t.Errorf("row %d: %+v, want %s %q %s", i, r, id, rec.Name, country)
				}
				if r.Placed != (lat != "") {
					t.Errorf("%s: placed %v, latitude %q", id, r.Placed, lat)
				}
				if r.Placed {
					placed++
					la, _ := strconv.ParseFloat(lat, 64)
					lo, _ := strconv.ParseFloat(lon, 64)
					if abs(r.Lat-la) > 1e-4 || abs(r.Lon-lo) > 1e-4 {
						t.Errorf("%s: at %v,%v in the index, %s,%s in the record", id, r.Lat, r.Lon, lat, lon)
					}
				}
			}
			// The charts' tables give the counts the records give.
			want := map[string]map[string]int{"country": {}, "structure": {}}
			for _, id := range m.ids {
				rec := m.records[id]
				if rec.Location != nil && rec.Location.Country != "" {
					want["country"][rec.Location.Country]++
				}
				if v := rec.ESSGlobal.OrgStructure; v != "" {
					want["structure"][v]++
				}
			}
			for key, counts := range want {
				figs := p.all("figure", "id", "chart-"+key)
				if len(counts) == 0 {
					if len(figs) != 0 {
						t.Errorf("a chart of %s, which no record has", key)
					}
					continue
				}
				if len(figs) != 1 {
					t.Errorf("%d charts of %s", len(figs), key)
					continue
				}
				got := map[string]int{}
				for _, tr := range (page{figs[0]}).all("tr") {
					c := p.cells(tr)
					if len(c) != 2 || tr.Parent.Data == "thead" || c[0] == "none given" {
						continue
					}
					n, _ := strconv.Atoi(c[1])
					// ESSGLOBAL concepts are labelled "code (scheme)": the code ends the IRI.
					label := c[0]
					if key == "structure" {
						code, scheme, _ := strings.Cut(label, " (")
						label = "https://lod.coop/essglobal/2.1/standard/" + strings.TrimSuffix(scheme, ")") + "/" + code
					}
					got[label] = n
				}
				if fmt.Sprint(got) != fmt.Sprint(counts) {
					t.Errorf("the chart of %s says %v, the records %v", key, got, counts)
				}
			}
			if !strings.Contains(text(p.root), strconv.Itoa(len(m.ids)-placed)+" with no position") {
				t.Errorf("the page does not say that %d co-ops have no position", len(m.ids)-placed)
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestDatasetSiteIsDeterministic: the same records and datasets give the same bytes in every
// file of the site, the datasets' pages and index files included.
func TestDatasetSiteIsDeterministic(t *testing.T) {
	f := datasets(t)
	again := filepath.Join(t.TempDir(), "exports")
	exportDir(t, again, dataDir(), f.imported)
	a, b := tree(t, f.out), tree(t, again)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two exports of the same records", name)
		}
	}
	for _, name := range f.datasets {
		for _, want := range []string{"datasets/" + name + ".html", "site/dataset-" + name + ".js"} {
			if _, ok := a[want]; !ok {
				t.Errorf("no %s", want)
			}
		}
	}
}
