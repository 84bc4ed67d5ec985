package table_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/table"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const src = "https://example.org/table"

// run reads a fixture and its mapping and converts it.
func run(t *testing.T, file, mapping string) *table.Result {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := table.Read(file, table.KindOf(file, b), b)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := os.ReadFile(mapping)
	if err != nil {
		t.Fatal(err)
	}
	v, err := table.Validator()
	if err != nil {
		t.Fatal(err)
	}
	m, l := table.ParseMapping(mapping, mb, v)
	if m == nil {
		t.Fatalf("mapping: %v", l)
	}
	res, err := table.Convert(tb, m, table.Options{File: file, Source: src})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func records(t *testing.T, res *table.Result) map[string]record.Record {
	t.Helper()
	out := map[string]record.Record{}
	for _, r := range res.Records {
		doc, l := source.Parse("records/"+r.ID+".yaml", source.YAML, r.YAML)
		if doc == nil || l.HasErrors() {
			t.Fatalf("%s: %v", r.ID, l)
		}
		rec, rl := record.From(doc, record.Options{})
		if rl.HasErrors() {
			t.Fatalf("%s: %v", r.ID, rl)
		}
		out[r.ID] = rec
	}
	return out
}

// golden compares what a fixture gave (every record file, every diagnostic, the columns not
// mapped) with testdata/<name>.golden.
func golden(t *testing.T, name string, res *table.Result) {
	t.Helper()
	var b strings.Builder
	for _, d := range res.Diags {
		b.WriteString(d.Error() + "\n")
	}
	for _, c := range res.NotMapped {
		b.WriteString("not mapped: " + c.Name + "\n")
	}
	for _, r := range res.Records {
		b.WriteString("--- " + r.ID + "\n")
		b.Write(r.YAML)
	}
	p := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", name, p, b.String())
	}
}

func has(l diag.List, code, field string) bool {
	for _, d := range l {
		if d.Code == code && d.Field == field {
			return true
		}
	}
	return false
}

// TestOSMGeoJSON: an OSM-style GeoJSON FeatureCollection of initiatives. Ids are made from the
// OSM element by a template; descriptions come from language-suffixed tags; the point geometry
// gives the position (a polygon gives none); the cooperative tag maps onto member classes; a
// feature without a name is rejected; unmapped tags are summed up.
func TestOSMGeoJSON(t *testing.T) {
	res := run(t, "testdata/osm-initiatives.geojson", "testdata/osm-initiatives.map.yaml")
	recs := records(t, res)
	if len(recs) != 3 || res.Rows != 4 {
		t.Fatalf("%d records of %d rows: %v", len(recs), res.Rows, res.Diags)
	}
	r := recs["osm-node-1001"]
	if r.Name != "Beispiel Fahrradwerkstatt eG" || len(r.Description) != 2 || r.Description[0].Lang != "de" || r.Description[1].Lang != "en" ||
		r.Location == nil || r.Location.Latitude != "52.5" || r.Location.Longitude != "13" || r.Location.Country != "DE" ||
		strings.Join(r.Members, ",") != "worker" || r.Founded != 2012 || strings.Join(r.SameAs, ",") != "http://www.wikidata.org/entity/Q42" || r.Identifier != "node/1001" {
		t.Errorf("node/1001: %+v %+v", r, r.Location)
	}
	if r := recs["osm-node-1002"]; r.Website != "" || r.Location.Longitude != "0" || strings.Join(r.Members, ",") != "worker,user" {
		t.Errorf("node/1002: %+v %+v", r, r.Location)
	}
	if r := recs["osm-way-2001"]; r.Location.Latitude != "" || r.Location.Country != "GB" {
		t.Errorf("way/2001 has a position from a polygon: %+v", r.Location)
	}
	if !has(res.Diags, "left-out", "website") || !has(res.Diags, "rejected", "name") {
		t.Errorf("diagnostics: %v", res.Diags)
	}
	if len(res.NotMapped) != 1 || res.NotMapped[0].Name != "opening_hours" || res.NotMapped[0].Values != 2 {
		t.Errorf("not mapped: %v", res.NotMapped)
	}
	golden(t, "osm-initiatives", res)
}

// TestSpreadsheet: a hand-kept CSV with countries written out in several languages, types in
// words and sectors in one cell; an unknown country is left out, a row without a name is
// rejected, a year that is not one is left out, two rows of one name get their ids from the
// name and the town.
func TestSpreadsheet(t *testing.T) {
	res := run(t, "testdata/spreadsheet.csv", "testdata/spreadsheet.map.yaml")
	recs := records(t, res)
	if len(recs) != 5 || res.Rows != 6 {
		t.Fatalf("%d records of %d rows: %v", len(recs), res.Rows, res.Diags)
	}
	for id, country := range map[string]string{"example-housing-co-operative-exampleton": "GB", "beispiel-musik-eg-leipzig": "DE",
		"ejemplo-cooperativa-villaejemplo": "ES", "example-housing-co-operative-sampleford": "GB", "narnian-co-op-cair-paravel": ""} {
		r, ok := recs[id]
		if !ok || r.Location == nil || r.Location.Country != country {
			t.Errorf("%s: %+v", id, r.Location)
		}
	}
	if r := recs["beispiel-musik-eg-leipzig"]; r.Location.GeoContainer != "https://sws.geonames.org/2879139/" || r.Location.Latitude != "51.33962" {
		t.Errorf("Leipzig not placed by the gazetteer: %+v", r.Location)
	}
	if r := recs["beispiel-musik-eg-leipzig"]; strings.Join(r.Sectors, ",") != "music,media" || strings.Join(r.Members, ",") != "worker" || r.Founded != 2015 {
		t.Errorf("sectors, members, founded: %+v", r)
	}
	if r := recs["ejemplo-cooperativa-villaejemplo"]; strings.Join(r.Members, ",") != "worker,user" || r.Founded != 0 {
		t.Errorf("%+v", r)
	}
	if !has(res.Diags, "left-out", "location.country") || !has(res.Diags, "left-out", "founded") || !has(res.Diags, "rejected", "name") {
		t.Errorf("diagnostics: %v", res.Diags)
	}
	if len(res.NotMapped) != 1 || res.NotMapped[0].Name != "Contact person" {
		t.Errorf("not mapped: %v", res.NotMapped)
	}
	golden(t, "spreadsheet", res)
}

// TestJSONAPIDump: a JSON array of nested objects: "a.b" columns, an array of tags mapped onto
// sectors (an unknown tag warned about), numbers and numeric strings as coordinates, an
// out-of-range position left out, a timestamp read as a founding year.
func TestJSONAPIDump(t *testing.T) {
	res := run(t, "testdata/api-dump.json", "testdata/api-dump.map.yaml")
	recs := records(t, res)
	if len(recs) != 3 {
		t.Fatalf("%d records: %v", len(recs), res.Diags)
	}
	r := recs["api-17"]
	if r.Name != "Example Data Co-op" || strings.Join(r.Sectors, ",") != "data,hosting" || r.Status != "operating" ||
		r.Location.Country != "FR" || r.Location.Latitude != "48.85" || r.Location.Longitude != "2.35" || r.Founded != 2019 || r.Identifier != "17" {
		t.Errorf("api-17: %+v %+v", r, r.Location)
	}
	if r := recs["api-18"]; r.Status != "proposed" || r.Location.Latitude != "40.7" || strings.Join(r.Sectors, ",") != "transportation" {
		t.Errorf("api-18: %+v %+v", r, r.Location)
	}
	if r := recs["api-19"]; r.Status != "" || r.Location.Latitude != "" || r.Location.Country != "NL" {
		t.Errorf("api-19: %+v %+v", r, r.Location)
	}
	if !has(res.Diags, "unmapped-value", "sectors") || !has(res.Diags, "unmapped-value", "status") || !has(res.Diags, "left-out", "location.latitude") {
		t.Errorf("diagnostics: %v", res.Diags)
	}
	golden(t, "api-dump", res)
}

// TestMappingErrors: a mapping file's mistakes are reported at their line, all at once.
func TestMappingErrors(t *testing.T) {
	v, err := table.Validator()
	if err != nil {
		t.Fatal(err)
	}
	src := "name: Org\ncolour: Colour\nmembers:\n  from: Type\n  values: {\"Worker co-op\": [workers]}\nlocation:\n  town: Town\ndescription:\n  english: About\nwebsite: {column: URL}\n"
	_, l := table.ParseMapping("m.yaml", []byte(src), v)
	var got []string
	for _, d := range l {
		got = append(got, d.Error())
	}
	for _, want := range []string{
		`m.yaml:2:1: colour: "colour" is not a field a table can fill`,
		`m.yaml:4:3: members: values: "worker co-op" → "workers": "workers" is not one of`,
		`m.yaml:7:3: location.town: "town" is not a part of a location`,
		`m.yaml:9:3: description.english: "english" is not a BCP 47 language tag`,
		`m.yaml:10:11: website.column: "column" is not a key of a field`,
	} {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, want)
		}
		if !found {
			t.Errorf("no %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
}

// TestTSVAndInit: a TSV reads like a CSV; --init's starter mapping lists every column with
// samples, maps the columns it can guess, and is itself a valid mapping that imports the table.
func TestTSVAndInit(t *testing.T) {
	src := []byte("Name\tCity\tCountry\tlat\tlon\tColour\nTab Co-op\tExampleton\tGermany\t50.1\t8.6\tblue\nOther Co-op\tSampleford\tFrance\t\t\tred\n")
	tb, err := table.Read("x.tsv", table.KindOf("x.tsv", src), src)
	if err != nil || tb.Kind != table.TSV || len(tb.Rows) != 2 {
		t.Fatalf("%v %+v", err, tb)
	}
	m := table.Init(tb, "x.tsv")
	for _, want := range []string{`#   "Colour": "blue", "red"`, `name: "Name"`, `locality: "City"`, `country: {from: "Country", countries: true}`, `latitude: "lat"`} {
		if !strings.Contains(string(m), want) {
			t.Errorf("the starter mapping lacks %q:\n%s", want, m)
		}
	}
	v, _ := table.Validator()
	mp, l := table.ParseMapping("x.map.yaml", m, v)
	if mp == nil {
		t.Fatalf("the starter mapping is not valid: %v\n%s", l, m)
	}
	res, err := table.Convert(tb, mp, table.Options{File: "x.tsv", Source: "https://example.org/table"})
	if err != nil || len(res.Records) != 2 {
		t.Fatalf("%v %v", err, res.Diags)
	}
	if r := records(t, res)["tab-co-op"]; r.Location.Country != "DE" || r.Location.Latitude != "50.1" {
		t.Errorf("%+v", r.Location)
	}
}

// TestREADMEMapping: the complete example of the README's "Tables" section is a valid mapping.
func TestREADMEMapping(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testkit.Root(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "### Tables")
	_, rest, ok2 := strings.Cut(rest, "```yaml\n")
	example, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("no mapping example in the README's Tables section")
	}
	v, _ := table.Validator()
	m, l := table.ParseMapping("README.md", []byte(example), v)
	if m == nil || len(l) > 0 {
		t.Fatalf("the README's example mapping: %v", l)
	}
	if m.Members == nil || len(m.Members.Values) != 3 || len(m.Description) != 2 || !m.Location["country"].Countries || len(m.Location["street"].From) != 2 {
		t.Errorf("the example was not read as written: %+v", m)
	}
}
