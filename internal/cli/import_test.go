package cli_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/testkit"
)

// cmd runs coopgraph in dir, with no environment, and returns its exit code, standard output
// and standard error.
func cmd(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	return run(t, dir, nil, args...)
}

// tree returns every file under dir with its SHA-256 sum, and its modification time.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = hex.EncodeToString(sum[:]) + " " + info.ModTime().String()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const csvHeader = "Identifier,Name,Description,Street Address,Locality,Postcode,Country ID,Website,Geo Container,Geo Container Latitude,Geo Container Longitude,Organisational Structure\n"

var csvRows = []string{
	"T1,Example Bakery Co-operative,Bakes bread.,1 Example Street,Exampletown,EX1 1AA,GB,https://example.org/bakery,http://data.ordnancesurvey.co.uk/id/postcodeunit/EX11AA,50.7,-3.5,https://dev.lod.coop/essglobal/2.1/standard/organisational-structure/OS60\n",
	"T2,Example Housing Co-op,,\"Flat 1\nExample Road\",Exampletown,EX1 1AB,GB,,,,,\n",
	"T3,Example Farm Co-op,,,Examplevillage,,GB,www.example.org,,,,\n",
}

func writeCSV(t *testing.T, dir, name string, rows ...string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(csvHeader+strings.Join(rows, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func importArgs(file string, more ...string) []string {
	return append([]string{"import", "dcc-csv", file, "--into", "data/imported/example",
		"--source", "https://example.org/open-data", "--license", "https://opendatacommons.org/licenses/by/1-0/",
		"--attribution", "Contains made-up test data", "--title", "Example data"}, more...)
}

// TestImportTwiceChangesNothing imports a file, then the same file again: the second import
// must leave every file byte for byte (and untouched), and say so.
func TestImportTwiceChangesNothing(t *testing.T) {
	dir := t.TempDir()
	file := writeCSV(t, dir, "example.csv", csvRows...)
	code, out, errs := cmd(t, dir, importArgs(file)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "3 added (t1, t2, t3), 0 changed, 0 removed") {
		t.Errorf("summary:\n%s", out)
	}
	if !strings.Contains(errs, "warning: Website:") {
		t.Errorf("the website left out of T3 is not reported:\n%s", errs)
	}
	ds := filepath.Join(dir, "data", "imported", "example")
	before := tree(t, ds)
	if len(before) != 4 {
		t.Fatalf("files: %v", before)
	}
	// Flags are not needed again: dataset.yaml keeps them.
	code, out, errs = cmd(t, dir, "import", "dcc-csv", file, "--into", "data/imported/example")
	if code != 0 || !strings.Contains(out, "unchanged (3 records)") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	after := tree(t, ds)
	for f, h := range before {
		if after[f] != h {
			t.Errorf("%s changed on re-import", f)
		}
	}
	// What was written validates.
	if code, out, errs := cmd(t, dir, "validate", "data/imported/example"); code != 0 {
		t.Errorf("validate: exit %d\n%s%s", code, out, errs)
	}
}

// TestImportNewerFileShowsTheDiff imports a file, then a newer one with a row changed, one
// removed and one added.
func TestImportNewerFileShowsTheDiff(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := cmd(t, dir, importArgs(writeCSV(t, dir, "v1.csv", csvRows...))...); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	newer := writeCSV(t, dir, "v2.csv",
		strings.Replace(csvRows[0], "Bakes bread.", "Bakes bread and cakes.", 1),
		csvRows[2],
		"T4,Example Cycle Co-op,,,Exampletown,,GB,,,,,\n")
	code, out, errs := cmd(t, dir, "import", "dcc-csv", newer, "--into", "data/imported/example", "--dry-run")
	if code != 0 || !strings.Contains(out, "would change: 1 added (t4), 1 changed (t1), 1 removed (t2), 1 unchanged; dataset.yaml updated") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "data/imported/example/records/t2.yaml")); err != nil {
		t.Fatalf("--dry-run wrote: %v", err)
	}
	code, out, errs = cmd(t, dir, "import", "dcc-csv", newer, "--into", "data/imported/example")
	if code != 0 || !strings.Contains(out, "changed: 1 added (t4), 1 changed (t1), 1 removed (t2)") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "data/imported/example/records/t2.yaml")); err == nil {
		t.Error("the removed record is still there")
	}
	// The triples that changed, as coopgraph diff reports two exports.
	for _, want := range []string{
		"added (1):\n  t4 (Example Cycle Co-op)\n",
		"removed (1):\n  t2 (Example Housing Co-op)\n",
		"changed (1):\n  t1: schema:description (+1 -1 triples)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the import does not report %q:\n%s", want, out)
		}
	}
	m, _ := os.ReadFile(filepath.Join(dir, "data/imported/example/dataset.yaml"))
	if !strings.Contains(string(m), "file: v2.csv\n") || !strings.Contains(string(m), "source: https://example.org/open-data\n") {
		t.Errorf("dataset.yaml:\n%s", m)
	}
}

func TestImportRefusals(t *testing.T) {
	dir := t.TempDir()
	file := writeCSV(t, dir, "example.csv", csvRows...)
	// No source for a new dataset: a usage error.
	if code, _, errs := cmd(t, dir, "import", "dcc-csv", file); code != 2 || !strings.Contains(errs, "--source") {
		t.Errorf("no --source: exit %d\n%s", code, errs)
	}
	// A folder of hand-written records is never replaced.
	coops := filepath.Join(dir, "data", "coops")
	os.MkdirAll(coops, 0o755)
	os.WriteFile(filepath.Join(coops, "x.yaml"), []byte("id: x\n"), 0o644)
	args := importArgs(file)
	args[4] = "data/coops"
	if code, _, errs := cmd(t, dir, args...); code != 2 || !strings.Contains(errs, "import only replaces folders it wrote") {
		t.Errorf("into data/coops: exit %d\n%s", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(coops, "x.yaml")); string(b) != "id: x\n" {
		t.Error("data/coops was touched")
	}
	// A name that cannot name exported files.
	args = importArgs(file)
	args[4] = "data/imported/Bad_Name"
	if code, _, _ := cmd(t, dir, args...); code != 2 {
		t.Errorf("bad name: exit %d", code)
	}
	// A file that is missing, and one with no Identifier column: invalid input.
	if code, _, _ := cmd(t, dir, importArgs(filepath.Join(dir, "missing.csv"))...); code != 1 {
		t.Errorf("missing file: exit %d", code)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("Name\nX\n"), 0o644)
	if code, _, errs := cmd(t, dir, importArgs(bad)...); code != 1 || !strings.Contains(errs, "bad.csv:1") {
		t.Errorf("no Identifier column: exit %d\n%s", code, errs)
	}
	// --strict refuses a file with rejected rows and writes nothing.
	strict := writeCSV(t, dir, "strict.csv", csvRows[0], ",No Identifier,,,,,,,,,,\n")
	if code, _, errs := cmd(t, dir, importArgs(strict, "--strict")...); code != 1 || !strings.Contains(errs, "strict.csv:3:1: Identifier: row 2 rejected") {
		t.Errorf("--strict: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "data/imported/example")); err == nil {
		t.Error("--strict wrote the dataset")
	}
}

// TestProfiles: a record without status, sectors or description is valid in an imported
// dataset and invalid in the directory.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := cmd(t, dir, importArgs(writeCSV(t, dir, "example.csv", csvRows...))...); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	rec, err := os.ReadFile(filepath.Join(dir, "data/imported/example/records/t2.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	coops := filepath.Join(dir, "data", "coops")
	os.MkdirAll(coops, 0o755)
	os.WriteFile(filepath.Join(coops, "t2.yaml"), rec, 0o644)
	code, out, _ := cmd(t, dir, "validate", "--format", "json")
	if code != 1 {
		t.Fatalf("validate: exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{`"field": "status"`, `"field": "sectors"`, `"field": "description"`, `"field": "sources[0].quote"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the directory profile does not require %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "data/imported") {
		t.Errorf("the imported dataset was held to the directory's profile:\n%s", out)
	}
	// Single files of a dataset are checked with the dataset's profile too.
	if code, out, errs := cmd(t, dir, "validate", "data/imported/example/records/t2.yaml"); code != 0 {
		t.Errorf("validate one imported record: exit %d\n%s%s", code, out, errs)
	}
}

// TestImportSample imports the 300-row sample of Co-operatives UK open data in the DCC's
// standard CSV, and validates and exports the result.
func TestImportSample(t *testing.T) {
	refs := testkit.SharedRefs(t)
	dir := t.TempDir()
	copyDir(t, filepath.Join(testkit.Root(), "data", "coops"), filepath.Join(dir, "data", "coops"))
	code, out, errs := cmd(t, dir, "import", "dcc-csv", filepath.Join(refs, "dcc-standard-sample.csv"),
		"--into", "data/imported/coops-uk-sample",
		"--source", "https://www.uk.coop/understanding-co-ops/co-op-research-and-data/data",
		"--license", "https://opendatacommons.org/licenses/by/1-0/",
		"--attribution", "Contains data from Co-operatives UK (open data, ODC-By 1.0)")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	t.Logf("import:\n%s%s", out, errs)
	if !strings.Contains(out, "300 rows (UTF-8, CRLF line ends)") || !regexp.MustCompile(`import: 300 rows read, 300 records, 0 rows rejected, 0 errors, \d+ warnings: wrote 300 records to `).MatchString(errs) {
		t.Errorf("summary:\n%s%s", out, errs)
	}
	if code, out, errs := cmd(t, dir, "validate"); code != 0 || !strings.Contains(errs, "323 records are valid") {
		t.Errorf("validate: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := cmd(t, dir, "export", "--out", "exports"); code != 0 || !strings.Contains(errs, "wrote dataset coops-uk-sample: 300 records") {
		t.Errorf("export: exit %d\n%s%s", code, out, errs)
	}
	for _, f := range []string{"coops-uk-sample.ttl", "coops-uk-sample.nt", "coops-uk-sample.jsonld", "coops-uk-sample.nq"} {
		if st, err := os.Stat(filepath.Join(dir, "exports", "datasets", f)); err != nil || st.Size() == 0 {
			t.Errorf("exports/datasets/%s: %v", f, err)
		}
	}
}

// TestDirectoryExportUnchangedBesideDatasets: with an imported dataset beside it, the
// directory's dumps are byte for byte the committed ones.
func TestDirectoryExportUnchangedBesideDatasets(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(testkit.Root(), "data", "coops"), filepath.Join(dir, "data", "coops"))
	if code, out, errs := cmd(t, dir, importArgs(writeCSV(t, dir, "example.csv", csvRows...))...); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := cmd(t, dir, "export", "--out", "exports", "--format", "ttl,nt,jsonld"); code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, out, errs)
	}
	for _, f := range []string{"coops.ttl", "coops.nt", "coops.jsonld"} {
		got, _ := os.ReadFile(filepath.Join(dir, "exports", f))
		want, _ := os.ReadFile(filepath.Join(testkit.Root(), "exports", f))
		if len(want) == 0 || !bytes.Equal(got, want) {
			t.Errorf("%s differs from the committed one when a dataset is exported beside it", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "exports", "datasets", "example.nq")); err != nil {
		t.Errorf("the dataset is not exported: %v", err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPartialImportExitsOne: rows rejected without --strict: the other rows are written, the
// summary line (always the last) says how many were rejected, and the exit code is 1, as the
// README says.
func TestPartialImportExitsOne(t *testing.T) {
	dir := t.TempDir()
	file := writeCSV(t, dir, "partial.csv", csvRows[0], ",No Identifier,,,,,,,,,,\n", csvRows[2])
	code, out, errs := cmd(t, dir, importArgs(file)...)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "import: 3 rows read, 2 records, 1 row rejected, 1 error, 2 warnings: wrote 2 records to ") || !strings.HasSuffix(last, "(exit 1)") {
		t.Errorf("summary line: %q\n%s", last, errs)
	}
	if !strings.Contains(errs, "partial.csv:3:1: Identifier: row 2 rejected: the Identifier is empty") {
		t.Errorf("the rejected row is not named:\n%s", errs)
	}
	for _, id := range []string{"t1", "t3"} {
		if _, err := os.Stat(filepath.Join(dir, "data/imported/example/records", id+".yaml")); err != nil {
			t.Errorf("record %s not written: %v", id, err)
		}
	}
}

// TestImportWarningsGrouped: many warnings of one kind show as a few and a count; --max-warnings
// and --quiet cap them; the summary line closes the output in every case.
func TestImportWarningsGrouped(t *testing.T) {
	dir := t.TempDir()
	var rows []string
	for i := range 20 {
		rows = append(rows, fmt.Sprintf("W%d,Web Co-op %d,,,,,GB,www.example.org/%d,,,,\n", i, i, i))
	}
	rows = append(rows, "X1,Bad Country Co-op,,,,,Narnia,,,,,\n")
	file := writeCSV(t, dir, "warn.csv", rows...)
	for _, c := range []struct {
		name  string
		args  []string
		shown int
		tail  string
	}{
		{"grouped", nil, 4, "… and 17 more warnings like these (Website, left-out)"},
		{"max", []string{"--max-warnings", "2"}, 2, "19 warnings not shown (--max-warnings 2)"},
		{"quiet", []string{"--quiet"}, 0, "21 warnings not shown (--quiet)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.RemoveAll(filepath.Join(dir, "data"))
			code, out, errs := cmd(t, dir, importArgs(file, c.args...)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s%s", code, out, errs)
			}
			if n := strings.Count(errs, ": warning: "); n != c.shown {
				t.Errorf("%d warnings shown, want %d:\n%s", n, c.shown, errs)
			}
			if !strings.Contains(errs, c.tail) {
				t.Errorf("no %q:\n%s", c.tail, errs)
			}
			lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
			if last := lines[len(lines)-1]; !strings.HasPrefix(last, "import: 21 rows read, 21 records, 0 rows rejected, 0 errors, 21 warnings: wrote 21 records") {
				t.Errorf("summary line: %q", last)
			}
		})
	}
}

// TestExportDCCCSVRoundTrip: export --format dcc-csv writes the directory (coops.csv) and each
// dataset (datasets/<name>.csv) in the standard CSV; importing a dataset's file again gives the
// same record files, byte for byte.
func TestExportDCCCSVRoundTrip(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(testkit.Root(), "data", "coops"), filepath.Join(dir, "data", "coops"))
	if code, out, errs := cmd(t, dir, importArgs(writeCSV(t, dir, "example.csv", csvRows...))...); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := cmd(t, dir, "export", "--out", "exports", "--format", "nt,dcc-csv", "--site=false"); code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, out, errs)
	}
	coops, err := os.ReadFile(filepath.Join(dir, "exports", "coops.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(coops, []byte("\r\n")); n < 24 || !bytes.HasPrefix(coops, []byte("Identifier,Name,Description,")) {
		t.Errorf("coops.csv: %d lines\n%.300s", n, coops)
	}
	ds := filepath.Join(dir, "exports", "datasets", "example.csv")
	args := importArgs(ds)
	args[4] = "data/imported/again"
	if code, out, errs := cmd(t, dir, args...); code != 0 {
		t.Fatalf("import of the export: exit %d\n%s%s", code, out, errs)
	}
	for _, id := range []string{"t1", "t2", "t3"} {
		a, _ := os.ReadFile(filepath.Join(dir, "data/imported/example/records", id+".yaml"))
		b, _ := os.ReadFile(filepath.Join(dir, "data/imported/again/records", id+".yaml"))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs after export and import:\n%s\n---\n%s", id, a, b)
		}
	}
	// The directory's own file imports too: every record of it becomes a record.
	args = importArgs(filepath.Join(dir, "exports", "coops.csv"))
	args[4] = "data/imported/the-directory" // "directory" is the directory's own dataset name
	if code, out, errs := cmd(t, dir, args...); code != 0 || !strings.Contains(errs, "0 rows rejected") {
		t.Errorf("import of coops.csv: exit %d\n%s%s", code, out, errs)
	}
}

// TestImportMurmurations imports the directory's own Murmurations profiles (a folder) and one
// profile file; the records validate and export as a dataset.
func TestImportMurmurations(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := cmd(t, dir, "import", "murmurations", filepath.Join(testkit.Root(), "exports", "murmurations"),
		"--into", "data/imported/own-profiles", "--source", "https://example.org/profiles", "--license", "http://creativecommons.org/publicdomain/zero/1.0/")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "profiles read") || !strings.Contains(errs, "0 profiles rejected") {
		t.Errorf("summary:\n%s%s", out, errs)
	}
	if code, out, errs := cmd(t, dir, "validate", "data/imported/own-profiles"); code != 0 {
		t.Errorf("validate: exit %d\n%s%s", code, out, errs)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"linked_schemas": ["organizations_schema-v1.0.0"], "name": "Far Co-op", "geolocation": {"lat": 95, "lon": 0}}`), 0o644)
	code, out, errs = cmd(t, dir, "import", "murmurations", bad, "--into", "data/imported/bad",
		"--source", "https://example.org/profiles", "--license", "http://creativecommons.org/publicdomain/zero/1.0/")
	if code != 1 || !strings.Contains(errs, "bad.json:1:") || !strings.Contains(errs, "1 profile rejected") {
		t.Errorf("a bad profile: exit %d\n%s%s", code, out, errs)
	}
}

// TestImportTable imports the GeoJSON fixture of package table through its mapping: records
// written, the rejected feature named, unmapped columns summed up, exit 1 (a partial import);
// --init prints a starter mapping, or writes it to a new --map file and never over one.
func TestImportTable(t *testing.T) {
	dir := t.TempDir()
	fixtures := filepath.Join(testkit.Root(), "internal", "table", "testdata")
	code, out, errs := cmd(t, dir, "import", "table", filepath.Join(fixtures, "osm-initiatives.geojson"),
		"--map", filepath.Join(fixtures, "osm-initiatives.map.yaml"), "--into", "data/imported/osm",
		"--source", "https://example.org/overpass", "--license", "https://opendatacommons.org/licenses/odbl/1-0/")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (one feature rejected)\n%s%s", code, out, errs)
	}
	for _, want := range []string{"osm-initiatives.geojson:48:5: name: row 4 rejected", "columns the mapping does not read: opening_hours (2 values)",
		"import: 4 rows read, 3 records, 1 row rejected, 1 error, 1 warning: wrote 3 records to "} {
		if !strings.Contains(out+errs, want) {
			t.Errorf("no %q in\n%s%s", want, out, errs)
		}
	}
	if code, out, errs := cmd(t, dir, "validate", "data/imported/osm"); code != 0 {
		t.Errorf("validate: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = cmd(t, dir, "import", "table", filepath.Join(fixtures, "spreadsheet.csv"), "--init")
	if code != 0 || !strings.Contains(out, `name: "Organisation"`) || !strings.Contains(out, `#   "Country": "United Kingdom", "Deutschland", "España"`) {
		t.Errorf("--init: exit %d\n%s", code, out)
	}
	if code, _, errs := cmd(t, dir, "import", "table", filepath.Join(fixtures, "spreadsheet.csv"), "--init", "--map", "new.map.yaml"); code != 0 {
		t.Errorf("--init --map: exit %d\n%s", code, errs)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "new.map.yaml")); err != nil || !bytes.Contains(b, []byte("Organisation")) {
		t.Errorf("new.map.yaml: %v\n%s", err, b)
	}
	if code, _, errs := cmd(t, dir, "import", "table", filepath.Join(fixtures, "spreadsheet.csv"), "--init", "--map", "new.map.yaml"); code != 2 {
		t.Errorf("--init over an existing mapping: exit %d\n%s", code, errs)
	}
}
