package export_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/dataset"
	"github.com/coopgraph/coopgraph/internal/dcc"
	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
)

// fixtureCSV is a made-up dataset in the DCC's standard CSV with what the map needs and what it
// does not: own coordinates, a geo container's, none, a multi-line street, a quote in a name.
const fixtureCSV = "Identifier,Name,Description,Street Address,Locality,Postcode,Country ID,Website,Latitude,Longitude,Geo Container,Geo Container Latitude,Geo Container Longitude,Organisational Structure,Primary Activity,Activities,Membership Type\r\n" +
	"F1,Example Bakery Co-operative,\"Bakes \"\"real\"\" bread.\",1 Example Street,Exampletown,EX1 1AA,GB,https://example.org/bakery,50.72,-3.53,,,,https://dev.lod.coop/essglobal/2.1/standard/organisational-structure/OS60,https://dev.lod.coop/essglobal/2.1/standard/activities-ica/ICA260,https://dev.lod.coop/essglobal/2.1/standard/activities-ica/ICA240;https://dev.lod.coop/essglobal/2.1/standard/activities-modified/AM60,https://dev.lod.coop/essglobal/2.1/standard/base-membership-type/BMT30\r\n" +
	"F2,Example Housing Co-op,,\"Flat 1\nExample Road\",Exampletown,EX1 1AB,GB,,,,http://data.ordnancesurvey.co.uk/id/postcodeunit/EX11AB,50.70,-3.50,,,,\r\n" +
	"F3,Example Online Co-op,,,,,,https://example.org/online,,,,,,,,,\r\n"

const (
	fixtureSource  = "https://example.org/open-data"
	fixtureLicense = "https://opendatacommons.org/licenses/by/1-0/"
)

// importDataset imports a CSV into a dataset folder called name under dir, the way the import
// command does, and returns it.
func importDataset(t testing.TB, dir, name string, src []byte, source string) dataset.Input {
	t.Helper()
	res, err := dcc.Read(src, dcc.Options{File: name + ".csv", Source: source})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(src)
	m := &dataset.Manifest{Name: name, Title: "Test data " + name, Source: source, License: fixtureLicense, Attribution: "Contains test data",
		File: name + ".csv", SHA256: hex.EncodeToString(sum[:]), Format: "dcc-csv"}
	man, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	recs := map[string][]byte{}
	for _, r := range res.Records {
		recs[r.ID] = r.YAML
	}
	in := dataset.Input{Dir: filepath.Join(dir, name)}
	if err := dataset.Write(in.Dir, man, recs); err != nil {
		t.Fatal(err)
	}
	return in
}

func exportDatasets(t testing.TB, out string, formats []*format.Format, ins ...dataset.Input) export.Result {
	t.Helper()
	res, err := export.Run(export.Options{Datasets: ins, Out: out, Base: vocab.DefaultBase, Formats: formats, Record: record.Options{ThisYear: 2026}})
	if err != nil {
		t.Fatalf("export: %v\n%v", err, res.Diags)
	}
	return res
}

// datasetGraph is what an imported dataset's dumps must hold: its description and the mapping's
// triples of its records, computed here without the export.
func datasetGraph(t testing.TB, in dataset.Input) testkit.Graph {
	t.Helper()
	man, l := dataset.LoadManifest(in.Dir)
	if man == nil {
		t.Fatal(l)
	}
	m := mapping.ForDataset(vocab.DefaultBase, man.Name)
	g, err := testkit.FromTriples(export.DatasetDescription(m, man))
	if err != nil {
		t.Fatal(err)
	}
	v, err := schema.NewProfile(schema.Dataset)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := pipeline.Scan(in.Records())
	diags, _, err := pipeline.Run(set, v, pipeline.Options{Mapper: m}, func(it *pipeline.Item) error {
		for _, tr := range it.Triples {
			if err := g.Add(tr); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags)
	}
	return g
}

// parseNQuads reads N-Quads whose every quad must be in graph, as the triples they hold.
func parseNQuads(t testing.TB, b []byte, graph string) testkit.Graph {
	t.Helper()
	suffix := " <" + graph + "> ."
	var nt bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line, ok := strings.CutSuffix(sc.Text(), suffix)
		if !ok {
			t.Fatalf("quad outside the graph %s: %s", graph, sc.Text())
		}
		nt.WriteString(line + " .\n")
	}
	g, err := testkit.ParseNTriples(nt.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// checkDataset reads every file of an exported dataset with knakk/rdf, json-gold, rapper, Jena
// riot and the JavaScript parsers, and compares each with want.
func checkDataset(t *testing.T, out, name string, want testkit.Graph) {
	base := filepath.Join(out, export.DatasetsDir, name)
	graph := mapping.ForDataset(vocab.DefaultBase, name).DatasetIRI()
	in := map[string]func(t *testing.T) (testkit.Graph, error){
		"nt (knakk)":    func(t *testing.T) (testkit.Graph, error) { return testkit.ParseNTriples(read(t, base+".nt")) },
		"ttl (knakk)":   func(t *testing.T) (testkit.Graph, error) { return testkit.ParseTurtle(read(t, base+".ttl")) },
		"jsonld (gold)": func(t *testing.T) (testkit.Graph, error) { return testkit.JSONGold(read(t, base+".jsonld")) },
		"nq (by line)":  func(t *testing.T) (testkit.Graph, error) { return parseNQuads(t, read(t, base+".nq"), graph), nil },
		"nq (riot)":     func(t *testing.T) (testkit.Graph, error) { return parseNQuads(t, riotQuads(t, base+".nq"), graph), nil },
		"nq (rapper)": func(t *testing.T) (testkit.Graph, error) {
			return parseNQuads(t, rapperQuads(t, base+".nq"), graph), nil
		},
		"ttl (rapper)":    func(t *testing.T) (testkit.Graph, error) { return testkit.Rapper(t, base+".ttl"), nil },
		"nt (rapper)":     func(t *testing.T) (testkit.Graph, error) { return testkit.Rapper(t, base+".nt"), nil },
		"ttl (riot)":      func(t *testing.T) (testkit.Graph, error) { return testkit.Riot(t, base+".ttl"), nil },
		"jsonld (riot)":   func(t *testing.T) (testkit.Graph, error) { return testkit.Riot(t, base+".jsonld"), nil },
		"ttl (N3.js)":     func(t *testing.T) (testkit.Graph, error) { return testkit.JS(t, base+".ttl"), nil },
		"nt (N3.js)":      func(t *testing.T) (testkit.Graph, error) { return testkit.JS(t, base+".nt"), nil },
		"jsonld (jsonld)": func(t *testing.T) (testkit.Graph, error) { return testkit.JS(t, base+".jsonld"), nil },
	}
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t.Run(k, func(t *testing.T) {
			g, err := in[k](t)
			if err != nil {
				t.Fatal(err)
			}
			if d := testkit.Diff(want, g); d != "" {
				t.Errorf("%s of %s differs from the mapping:\n%s", k, name, d)
			}
		})
	}
}

func riotQuads(t testing.TB, file string) []byte {
	t.Helper()
	return testkit.RiotRaw(t, file)
}

func rapperQuads(t testing.TB, file string) []byte {
	t.Helper()
	return runTool(t, testkit.Tool(t, "rapper"), "-q", "-i", "nquads", "-o", "nquads", file)
}

func runTool(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes()
}

// TestDatasetDumpsHoldTheMappingsGraph exports a made-up imported dataset and reads each of its
// files with every parser.
func TestDatasetDumpsHoldTheMappingsGraph(t *testing.T) {
	in := importDataset(t, t.TempDir(), "example", []byte(fixtureCSV), fixtureSource)
	out := filepath.Join(t.TempDir(), "exports")
	res := exportDatasets(t, out, format.RDF(format.Defaults()), in)
	if len(res.Datasets) != 1 || res.Datasets[0].Records != 3 {
		t.Fatalf("result: %+v", res.Datasets)
	}
	want := datasetGraph(t, in)
	// The co-ops are co-operatives, not platform co-operatives; the concepts are on the
	// production base.
	for _, l := range []string{
		"<https://w3id.org/coopgraph/id/example/f1> <" + vocab.RDFType + "> <" + vocab.CoopCooperative + "> .\n",
		"<https://w3id.org/coopgraph/id/example/f1> <" + vocab.CoopOrgStructure + "> <https://lod.coop/essglobal/2.1/standard/organisational-structure/OS60> .\n",
		"<https://w3id.org/coopgraph/id/example/f1> <" + vocab.CoopActivity + "> <https://lod.coop/essglobal/2.1/standard/activities-modified/AM60> .\n",
		"<https://w3id.org/coopgraph/id/example/f1> <" + vocab.CoopSourceIdentifier + "> \"F1\" .\n",
		"<https://w3id.org/coopgraph/dataset/example> <" + vocab.DCTLicense + "> <" + fixtureLicense + "> .\n",
	} {
		if _, ok := want[l]; !ok {
			t.Errorf("the mapping lacks %s", l)
		}
	}
	for l := range want {
		if strings.Contains(l, vocab.CoopPlatformCoop) || strings.Contains(l, "dev.lod.coop") || strings.Contains(l, vocab.CoopCitationProp) {
			t.Errorf("unexpected triple %s", l)
		}
	}
	checkDataset(t, out, "example", want)
}

// TestDatasetExportIsDeterministic exports a dataset twice: the bytes must be the same, and
// the N-Triples sorted.
func TestDatasetExportIsDeterministic(t *testing.T) {
	in := importDataset(t, t.TempDir(), "example", []byte(fixtureCSV), fixtureSource)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	exportDatasets(t, a, format.RDF(format.Defaults()), in)
	exportDatasets(t, b, format.RDF(format.Defaults()), in)
	for _, f := range []string{"example.ttl", "example.nt", "example.jsonld", "example.nq"} {
		x, y := read(t, filepath.Join(a, export.DatasetsDir, f)), read(t, filepath.Join(b, export.DatasetsDir, f))
		if !bytes.Equal(x, y) || len(x) == 0 || x[len(x)-1] != '\n' {
			t.Errorf("%s differs between two exports, or does not end with a newline", f)
		}
	}
	lines := strings.Split(strings.TrimSuffix(string(read(t, filepath.Join(a, export.DatasetsDir, "example.nt"))), "\n"), "\n")
	if !slices.IsSortedFunc(lines, func(x, y string) int { return strings.Compare(subject(x), subject(y)) }) {
		t.Error("example.nt is not grouped by subject in order")
	}
	if _, err := os.Stat(filepath.Join(a, "coops.ttl")); err == nil {
		t.Error("coops.ttl written without directory records")
	}
}

// subject returns a line's subject IRI, without its brackets (the order of the dumps compares
// IRIs, and "#" sorts before ">").
func subject(line string) string {
	s, _, _ := strings.Cut(line, " ")
	return strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
}

// TestInvalidDatasetLeavesExportsUntouched: a dataset record made invalid fails the export.
func TestInvalidDatasetLeavesExportsUntouched(t *testing.T) {
	in := importDataset(t, t.TempDir(), "example", []byte(fixtureCSV), fixtureSource)
	p := filepath.Join(in.Dir, dataset.RecordsDir, "f3.yaml")
	os.WriteFile(p, append(read(t, p), "status: sleeping\n"...), 0o644)
	out := filepath.Join(t.TempDir(), "exports")
	res, err := export.Run(export.Options{Datasets: []dataset.Input{in}, Out: out, Base: vocab.DefaultBase, Formats: format.RDF(format.Defaults())})
	if err == nil || len(res.Diags) == 0 || !strings.Contains(res.Diags.Error(), "f3.yaml") {
		t.Fatalf("err %v, diags %v", err, res.Diags)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("exports written despite an invalid record")
	}
}

// mapRow is one row of the DCC map query's answer.
type mapRow struct{ initiative, name, lat, long, homepage string }

// arqMap runs vocab/queries/datasets/dcc-map-placed.rq over a Turtle file with Apache Jena ARQ.
func arqMap(t testing.TB, file string) []mapRow {
	t.Helper()
	tsv := arq(t, file, "datasets/dcc-map-placed.rq")
	lines := strings.Split(strings.TrimSuffix(string(tsv), "\n"), "\n")
	if lines[0] != "?initiative\t?name\t?lat\t?long\t?homepage" {
		t.Fatalf("ARQ header: %q", lines[0])
	}
	var rows []mapRow
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 5 {
			t.Fatalf("ARQ row: %q", l)
		}
		rows = append(rows, mapRow{f[0], f[1], f[2], f[3], f[4]})
	}
	return rows
}

// arq runs one of vocab/queries over a file with Apache Jena ARQ and returns the TSV answer.
func arq(t testing.TB, file, query string) []byte {
	t.Helper()
	return testkit.ARQ(t, filepath.Join(testkit.Root(), "vocab", "queries", query), file)
}

// tsvDecimal is how ARQ writes an xsd:decimal in TSV: its canonical form, bare.
func tsvDecimal(s string) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return "?" + s
	}
	d := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(d, ".") {
		d += ".0"
	}
	return d
}

// TestDCCMapQueryOnFixture runs the DCC map's query shape over the made-up dataset: the two
// co-ops with coordinates (their own, or their geo container's) are on the map, the third is not.
func TestDCCMapQueryOnFixture(t *testing.T) {
	in := importDataset(t, t.TempDir(), "example", []byte(fixtureCSV), fixtureSource)
	out := filepath.Join(t.TempDir(), "exports")
	exportDatasets(t, out, format.RDF(format.Defaults()), in)
	got := arqMap(t, filepath.Join(out, export.DatasetsDir, "example.ttl"))
	want := []mapRow{
		{"<https://w3id.org/coopgraph/id/example/f1>", `"Example Bakery Co-operative"`, "50.72", "-3.53", "<https://example.org/bakery>"},
		{"<https://w3id.org/coopgraph/id/example/f2>", `"Example Housing Co-op"`, "50.7", "-3.5", ""},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("map rows:\n got %v\nwant %v", got, want)
	}
}

// TestDCCMapQueryOnSample imports the 300-row sample of Co-operatives UK open data, exports it,
// and runs the DCC map's query shape over the Turtle: the rows must be exactly the sample's
// organisations that have coordinates (with the names, coordinates and websites of the CSV as
// encoding/csv reads it) or a town the GeoNames gazetteer places (dcc.Place).
func TestDCCMapQueryOnSample(t *testing.T) {
	refs := testkit.SharedRefs(t)
	src := read(t, filepath.Join(refs, "dcc-standard-sample.csv"))
	in := importDataset(t, t.TempDir(), "coops-uk-sample", src, "https://www.uk.coop/understanding-co-ops/co-op-research-and-data/data")
	out := filepath.Join(t.TempDir(), "exports")
	exportDatasets(t, out, format.RDF(format.Defaults()), in)
	got := arqMap(t, filepath.Join(out, export.DatasetsDir, "coops-uk-sample.ttl"))

	rows, err := csv.NewReader(bytes.NewReader(src)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var want []mapRow
	for _, r := range rows[1:] {
		lat, long := r[col["Latitude"]], r[col["Longitude"]]
		if lat == "" || long == "" {
			lat, long = r[col["Geo Container Latitude"]], r[col["Geo Container Longitude"]]
		}
		if (lat == "" || long == "") && r[col["Geo Container"]] == "" {
			// A town without coordinates is placed by the gazetteer, at the town.
			loc := &record.Location{Locality: strings.Join(strings.Fields(r[col["Locality"]]), " "), Region: strings.Join(strings.Fields(r[col["Region"]]), " "), Country: r[col["Country ID"]]}
			if dcc.Place(loc) == "" {
				lat, long = loc.Latitude, loc.Longitude
			}
		}
		if lat == "" || long == "" {
			continue
		}
		home := ""
		if w := r[col["Website"]]; w != "" && iri.CheckWeb(w) == nil {
			home = "<" + w + ">"
		}
		want = append(want, mapRow{"<https://w3id.org/coopgraph/id/coops-uk-sample/" + strings.ToLower(r[col["Identifier"]]) + ">",
			strconv.Quote(strings.Join(strings.Fields(r[col["Name"]]), " ")), tsvDecimal(lat), tsvDecimal(long), home})
	}
	slices.SortFunc(want, func(a, b mapRow) int { return strings.Compare(a.initiative, b.initiative) })
	if len(want) != 296 {
		t.Errorf("the sample has %d organisations with coordinates or a town the gazetteer places, expected 296 (294 and 2)", len(want))
	}
	if len(got) != len(want) {
		t.Fatalf("the map query gives %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d:\n got %v\nwant %v", i, got[i], want[i])
		}
	}
	t.Logf("DCC map query: %d of %d sample organisations placed", len(got), len(rows)-1)

	// dcc-map.rq, the same shape with every step optional, lists all 300, and the 296 with
	// their coordinates.
	all := strings.Split(strings.TrimSuffix(string(arq(t, filepath.Join(out, export.DatasetsDir, "coops-uk-sample.ttl"), "dcc-map.rq")), "\n"), "\n")
	if len(all)-1 != len(rows)-1 {
		t.Errorf("dcc-map.rq gives %d rows, want %d", len(all)-1, len(rows)-1)
	}
	placed := 0
	for _, l := range all[1:] {
		if f := strings.Split(l, "\t"); len(f) == 7 && f[5] != "" && f[6] != "" {
			placed++
		}
	}
	if placed != len(want) {
		t.Errorf("dcc-map.rq places %d, want %d", placed, len(want))
	}
}

// TestImportedSampleParsesEverywhere exports the imported sample and reads each file with every
// parser; each must give the mapping's graph.
func TestImportedSampleParsesEverywhere(t *testing.T) {
	refs := testkit.SharedRefs(t)
	in := importDataset(t, t.TempDir(), "coops-uk-sample", read(t, filepath.Join(refs, "dcc-standard-sample.csv")), "https://www.uk.coop/understanding-co-ops/co-op-research-and-data/data")
	out := filepath.Join(t.TempDir(), "exports")
	exportDatasets(t, out, format.RDF(format.Defaults()), in)
	want := datasetGraph(t, in)
	if want.Len() < 300*20 {
		t.Fatalf("only %d triples", want.Len())
	}
	checkDataset(t, out, "coops-uk-sample", want)
}

// shacl runs Jena's SHACL validator with vocab/shapes.ttl and reports whether data conforms.
func shacl(t testing.TB, data string) (bool, string) {
	t.Helper()
	rep := testkit.JenaSHACL(t, filepath.Join(testkit.Root(), "vocab", "shapes.ttl"), data).Raw
	switch {
	case strings.Contains(rep, "sh:conforms  true"):
		return true, rep
	case strings.Contains(rep, "sh:conforms  false"):
		return false, rep
	}
	t.Fatalf("cannot read the SHACL report:\n%s", rep)
	return false, ""
}

// TestShapes checks the directory's dump and an imported dataset's against the SHACL shapes, and
// shows the check fails on a directory co-op without status and on an ESSGLOBAL concept of the
// development base.
func TestShapes(t *testing.T) {
	in := importDataset(t, t.TempDir(), "example", []byte(fixtureCSV), fixtureSource)
	out := filepath.Join(t.TempDir(), "exports")
	exportDatasets(t, out, format.RDF(format.Defaults()), in)
	ds := filepath.Join(out, export.DatasetsDir, "example.ttl")
	for _, f := range []string{ds, filepath.Join(testkit.Root(), "exports", "coops.ttl")} {
		if ok, rep := shacl(t, f); !ok {
			t.Errorf("%s does not conform:\n%s", f, rep)
		}
	}
	broken := t.TempDir()
	coops := string(read(t, filepath.Join(testkit.Root(), "exports", "coops.ttl")))
	dst := string(read(t, ds))
	for name, c := range map[string]string{
		"no-status.ttl":   strings.Replace(coops, "    coop:status status:operating ;\n", "    coop:formerStatus status:operating ;\n", 1),
		"dev-concept.ttl": strings.Replace(dst, "<https://lod.coop/essglobal/2.1/standard/organisational-structure/OS60>", "<https://dev.lod.coop/essglobal/2.1/standard/organisational-structure/OS60>", 1),
	} {
		if c == coops || c == dst {
			t.Fatalf("%s: the change did not apply", name)
		}
		p := filepath.Join(broken, name)
		os.WriteFile(p, []byte(c), 0o644)
		if ok, _ := shacl(t, p); ok {
			t.Errorf("%s conforms, but must not", name)
		}
	}
}

// TestDCCClassificationsOnSample asks the exported sample with ESSGLOBAL's and ROV's own
// properties (vocab/queries/datasets/dcc-classifications.rq), as the Data Commons Co-op's tools
// ask: every organisation's structure, primary activity, membership type and Companies House
// company come back as the sample's row gives them (concepts on the production base, company
// numbers as the register's IRI).
func TestDCCClassificationsOnSample(t *testing.T) {
	refs := testkit.SharedRefs(t)
	src := read(t, filepath.Join(refs, "dcc-standard-sample.csv"))
	in := importDataset(t, t.TempDir(), "coops-uk-sample", src, "https://www.uk.coop/understanding-co-ops/co-op-research-and-data/data")
	out := filepath.Join(t.TempDir(), "exports")
	exportDatasets(t, out, format.RDF(format.Defaults()), in)
	tsv := strings.Split(strings.TrimSuffix(string(arq(t, filepath.Join(out, export.DatasetsDir, "coops-uk-sample.ttl"), "datasets/dcc-classifications.rq")), "\n"), "\n")
	if tsv[0] != "?initiative\t?name\t?structure\t?primary\t?membership\t?regorg" {
		t.Fatalf("ARQ header: %q", tsv[0])
	}
	got := tsv[1:]
	rows, err := csv.NewReader(bytes.NewReader(src)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	iriOf := func(s string) string {
		if s == "" {
			return ""
		}
		return "<" + strings.Replace(s, "https://dev.lod.coop/", "https://lod.coop/", 1) + ">"
	}
	var want []string
	counts := map[string]int{}
	for _, r := range rows[1:] {
		reg := ""
		if n := r[col["Companies House Number"]]; n != "" {
			reg = "<http://business.data.gov.uk/id/company/" + strings.Repeat("0", max(0, 8-len(n))) + n + ">"
			counts["regorg"]++
		}
		for _, c := range []string{"Organisational Structure", "Primary Activity", "Membership Type"} {
			if r[col[c]] != "" {
				counts[c]++
			}
		}
		want = append(want, strings.Join([]string{"<https://w3id.org/coopgraph/id/coops-uk-sample/" + strings.ToLower(r[col["Identifier"]]) + ">",
			strconv.Quote(strings.Join(strings.Fields(r[col["Name"]]), " ")), iriOf(r[col["Organisational Structure"]]),
			iriOf(r[col["Primary Activity"]]), iriOf(r[col["Membership Type"]]), reg}, "\t"))
	}
	slices.Sort(want)
	if counts["regorg"] != 37 || counts["Organisational Structure"] != 276 {
		t.Errorf("the sample's counts changed: %v", counts)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("row %d:\n got %s\nwant %s", i, got[i], want[i])
				break
			}
		}
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
}
