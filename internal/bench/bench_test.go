package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/bench"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

// TestHarness runs what make bench runs, at 300 records, so that the harness cannot rot: every
// step with the real tools, the checks of their outputs, the table and the JSON. It also reads
// riot's and N3.js's Turtle back and compares it with coops.nt: the converters were measured on
// the export's triples and wrote all of them. It asserts no timing.
func TestHarness(t *testing.T) {
	if _, err := os.Stat("/usr/share/java/jena-core.jar"); err != nil {
		testkit.Missing(t, "Apache Jena (libapache-jena-java) is not installed")
	}
	testkit.Tool(t, "java")
	node := testkit.Tool(t, "node")
	root := testkit.Root()
	if _, err := os.Stat(filepath.Join(root, ".ci", "node", "node_modules", "n3")); err != nil {
		testkit.Missing(t, "npm packages are not installed in .ci/node")
	}
	ctx := context.Background()
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "coopgraph")
	if err := bench.Build(ctx, root, bin); err != nil {
		t.Fatal(err)
	}

	const n = 300
	var progress bytes.Buffer
	var triples int64
	inspected := false
	rep, err := bench.Run(ctx, bench.Config{
		Sizes: []int{n}, Seed: 1, Coopgraph: bin, Root: root, Node: node, Work: filepath.Join(tmp, "work"), Progress: &progress,
		StepTimeout: 2 * time.Minute, // a step that hangs fails the test, clearly
		Settle:      time.Second,
		Inspect: func(o bench.Outputs) error {
			inspected = true
			nt, err := os.ReadFile(filepath.Join(o.Export, "coops.nt"))
			if err != nil {
				return err
			}
			want, err := testkit.ParseNTriples(nt)
			if err != nil {
				return err
			}
			triples = int64(want.Len())
			if o.Triples != triples || int64(bytes.Count(nt, []byte("\n"))) != triples {
				t.Errorf("export said %d triples; coops.nt has %d", o.Triples, triples)
			}
			for who, file := range map[string]string{"riot": o.Riot, "N3.js": o.N3} {
				b, err := os.ReadFile(file)
				if err != nil {
					return err
				}
				if !bytes.Contains(b, []byte("schema:Organization")) {
					t.Errorf("%s did not abbreviate with the dump's prefixes", who)
				}
				got, err := testkit.ParseTurtle(b)
				if err != nil {
					t.Errorf("%s's Turtle: %v", who, err)
					continue
				}
				if d := testkit.Diff(want, got); d != "" {
					t.Errorf("%s's Turtle is not coops.nt's graph:\n%s", who, d)
				}
			}
			// import dcc-csv wrote a record per synthetic row.
			recs, err := os.ReadDir(filepath.Join(o.Imported, "records"))
			if err != nil {
				return err
			}
			if len(recs) != n {
				t.Errorf("import dcc-csv wrote %d records of %d rows", len(recs), n)
			}
			return nil
		},
	})
	t.Logf("progress:\n%s", progress.String())
	if err != nil {
		t.Fatal(err)
	}
	if !inspected {
		t.Fatal("Inspect was not called")
	}
	// The import is measured before any other step has created or deleted files (see Run),
	// after the file system's rest.
	p := progress.String()
	rest, imp, syn := strings.Index(p, "at rest for 1s after a sync"), strings.Index(p, "records: "+bench.StepImport), strings.Index(p, "records: synth")
	if rest < 0 || imp < 0 || syn < 0 || rest > imp || imp > syn {
		t.Errorf("the import was not measured first, after the rest: rest at %d, import at %d, synth at %d in the progress", rest, imp, syn)
	}
	if rep.Settle != 1 {
		t.Errorf("the report says %v s of rest, want 1", rep.Settle)
	}
	if ents, _ := os.ReadDir(filepath.Join(tmp, "work")); len(ents) != 1 {
		t.Errorf("the work folder was not emptied: %v", ents)
	}

	if len(rep.Rows) != len(bench.Steps) {
		t.Fatalf("got %d rows, want %d: %+v", len(rep.Rows), len(bench.Steps), rep.Rows)
	}
	for i, r := range rep.Rows {
		wantTriples := triples
		if r.Step == bench.StepImport {
			wantTriples = 0 // an import writes records, not triples
		}
		if r.Records != n || r.Step != bench.Steps[i] || r.Triples != wantTriples {
			t.Errorf("row %d: %+v, want %d records, step %s, %d triples", i, r, n, bench.Steps[i], triples)
		}
		if r.WallSeconds <= 0 || r.CPUSeconds <= 0 || r.InBytes <= 0 || r.RecordsPerSecond() <= 0 || r.TriplesPerSecond() <= 0 && r.Step != bench.StepImport {
			t.Errorf("%s: implausible %+v", r.Step, r)
		}
		// A real process takes some memory, and none of these ought to take 4 GB for 300 records.
		if runtime.GOOS == "linux" && (r.PeakRSSBytes < 1e6 || r.PeakRSSBytes > 4e9) {
			t.Errorf("%s: peak RSS %d bytes", r.Step, r.PeakRSSBytes)
		}
		if (r.OutBytes > 0) != (r.Step != bench.StepValidate) {
			t.Errorf("%s: output %d bytes", r.Step, r.OutBytes)
		}
	}
	if len(rep.Ratios) != 1 || rep.Ratios[0].ExportOverRiot <= 0 || rep.Ratios[0].ExportOverN3 <= 0 || rep.Ratios[0].ExportPeakRSSBytes <= 0 {
		t.Errorf("ratios: %+v", rep.Ratios)
	}
	if len(rep.Site) != 1 || rep.Site[0].Records != n || rep.Site[0].SiteOverExport <= 0 || rep.Site[0].AgainOverExport <= 0 || rep.Site[0].LandingBytes <= 0 {
		t.Errorf("site: %+v", rep.Site)
	}
	m := rep.Machine
	if m.CPUs <= 0 || m.GoVersion == "" || m.Jena == "" || m.Node == "" || m.N3 == "" || rep.Prefixes == 0 {
		t.Errorf("machine: %+v, %d prefixes", m, rep.Prefixes)
	}

	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", text.String())
	for _, step := range bench.Steps {
		re := regexp.MustCompile(`(?m)^300 +` + regexp.QuoteMeta(step) + ` +[0-9]+\.[0-9]{2} `)
		if !re.MatchString(text.String()) {
			t.Errorf("no row for %s in the table", step)
		}
	}
	if !strings.Contains(text.String(), "landing page MB") {
		t.Errorf("no site figures in the table")
	}
	if !strings.Contains(text.String(), "ratios") {
		t.Errorf("no ratios in the table")
	}

	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back bench.Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatalf("the JSON does not parse: %v", err)
	}
	if !reflect.DeepEqual(back.Rows, rep.Rows) || !reflect.DeepEqual(back.Ratios, rep.Ratios) {
		t.Errorf("the JSON's figures are not the table's")
	}
}
