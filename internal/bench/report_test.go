package bench

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// rows are the figures of a made-up run at two sizes, the smaller one listed last.
func sampleRows() []Row {
	var rows []Row
	for _, s := range []struct {
		n                          int
		triples                    int64
		validate, export, riot, n3 float64 // wall times
		cpuExport, cpuRiot, cpuN3  float64
		rssExport                  int64
	}{
		{100_000, 3_000_000, 5, 20, 40, 25, 30, 60, 30, 150e6},
		{10_000, 300_000, 0.5, 2, 5, 4, 3, 6, 4, 100e6},
	} {
		rows = append(rows,
			Row{Records: s.n, Step: StepValidate, WallSeconds: s.validate, CPUSeconds: s.validate, Triples: s.triples, InBytes: 400e6, PeakRSSBytes: 50e6},
			Row{Records: s.n, Step: StepExport, WallSeconds: s.export, CPUSeconds: s.cpuExport, Triples: s.triples, InBytes: 400e6, OutBytes: 1000e6, PeakRSSBytes: s.rssExport},
			Row{Records: s.n, Step: StepRiot, WallSeconds: s.riot, CPUSeconds: s.cpuRiot, Triples: s.triples, InBytes: 500e6, OutBytes: 300e6, PeakRSSBytes: 900e6},
			Row{Records: s.n, Step: StepN3, WallSeconds: s.n3, CPUSeconds: s.cpuN3, Triples: s.triples, InBytes: 500e6, OutBytes: 280e6, PeakRSSBytes: 120e6},
		)
	}
	return rows
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9*math.Max(1, math.Abs(b)) }

func TestRowRates(t *testing.T) {
	r := Row{Records: 10_000, WallSeconds: 4, Triples: 300_000, InBytes: 40e6, OutBytes: 100e6}
	if !near(r.RecordsPerSecond(), 2500) || !near(r.TriplesPerSecond(), 75_000) || !near(r.OutMBPerSecond(), 25) || !near(r.InMBPerSecond(), 10) {
		t.Errorf("rates %v %v %v %v", r.RecordsPerSecond(), r.TriplesPerSecond(), r.OutMBPerSecond(), r.InMBPerSecond())
	}
	if z := (Row{Records: 5}); z.RecordsPerSecond() != 0 || z.TriplesPerSecond() != 0 {
		t.Errorf("no time measured: want rates 0, not infinities")
	}
}

func TestRatios(t *testing.T) {
	got := Ratios(sampleRows())
	want := []Ratio{
		{Records: 10_000, ExportOverRiot: 2.0 / 5, ExportOverN3: 2.0 / 4, ExportOverRiotCPU: 0.5, ExportOverN3CPU: 0.75, ExportPeakRSSBytes: 100e6},
		{Records: 100_000, ExportOverRiot: 20.0 / 40, ExportOverN3: 20.0 / 25, ExportOverRiotCPU: 0.5, ExportOverN3CPU: 1, ExportPeakRSSBytes: 150e6, PreviousRecords: 10_000, RSSGrowth: 1.5},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d ratios, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Records != w.Records || !near(g.ExportOverRiot, w.ExportOverRiot) || !near(g.ExportOverN3, w.ExportOverN3) ||
			!near(g.ExportOverRiotCPU, w.ExportOverRiotCPU) || !near(g.ExportOverN3CPU, w.ExportOverN3CPU) ||
			g.ExportPeakRSSBytes != w.ExportPeakRSSBytes || g.PreviousRecords != w.PreviousRecords || !near(g.RSSGrowth, w.RSSGrowth) {
			t.Errorf("ratio %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestRatiosPartial(t *testing.T) {
	// A run that failed in riot at its second size: only what was measured has a ratio.
	rows := sampleRows()[4:] // 10,000
	rows = append(rows, Row{Records: 1_000_000, Step: StepValidate, WallSeconds: 50}, Row{Records: 1_000_000, Step: StepExport, WallSeconds: 200, PeakRSSBytes: 120e6})
	got := Ratios(rows)
	if len(got) != 2 {
		t.Fatalf("got %+v", got)
	}
	if g := got[1]; g.ExportOverRiot != 0 || g.ExportOverN3 != 0 || g.PreviousRecords != 10_000 || !near(g.RSSGrowth, 1.2) {
		t.Errorf("got %+v", g)
	}
	if len(Ratios(nil)) != 0 {
		t.Errorf("no rows, no ratios")
	}
}

func sampleReport() *Report {
	rows := sampleRows()
	// Rows come in the order they were measured: smallest size first.
	rows = append(rows[4:], rows[:4]...)
	return &Report{
		Started: time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC),
		Settle:  65,
		Machine: Machine{CPUs: 2, CPUModel: "AMD EPYC", MemoryBytes: 24e9, OS: "linux", Arch: "amd64", GoVersion: "go1.26.8",
			Coopgraph: "f135e78173bd", Java: "openjdk 17.0.15", Jena: "4.5.0", Node: "v20.20.2", N3: "2.13.12"},
		Seed: 1, Formats: Formats, Prefixes: 18, Rows: rows, Ratios: Ratios(rows), LoadStart: 0.25, LoadEnd: 1.5,
	}
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport().WriteText(&b); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, want := range []string{
		"coopgraph bench, 2026-12-01 10:30 UTC\n",
		"machine: 2 CPUs (AMD EPYC), 24.0 GB RAM, linux/amd64; coopgraph f135e78173bd built with go1.26.8\n",
		"load average (1 min): 0.25 at the start, 1.50 at the end",
		"Jena 4.5.0 (openjdk 17.0.15)", "N3.js 2.13.12 (Node.js v20.20.2)", "the 18 prefixes",
		"measured before any\n  other step, after a sync and 65 s at rest\n",
		"validate's goal at 1,000,000 records: ≥ 100,000 records/s;\n  import dcc-csv's at 100,000 rows: ≥ 20,000 rows/s",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	lines := strings.Split(text, "\n")
	row := func(prefix string) []string {
		for _, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return strings.Fields(strings.TrimPrefix(l, prefix))
			}
		}
		t.Fatalf("no line starts with %q in\n%s", prefix, text)
		return nil
	}
	// Columns: wall s, CPU s, records/s, triples, triples/s, in MB, out MB, out MB/s, peak RSS MB.
	cases := map[string][]string{
		"10000   validate":     {"0.50", "0.50", "20,000", "300,000", "600,000", "400.0", "-", "-", "50.0"},
		"10000   export":       {"2.00", "3.00", "5,000", "300,000", "150,000", "400.0", "1000.0", "500.0", "100.0"},
		"10000   riot nt→ttl":  {"5.00", "6.00", "2,000", "300,000", "60,000", "500.0", "300.0", "60.0", "900.0"},
		"10000   N3.js nt→ttl": {"4.00", "4.00", "2,500", "300,000", "75,000", "500.0", "280.0", "70.0", "120.0"},
		"100000  export":       {"20.00", "30.00", "5,000", "3,000,000", "150,000", "400.0", "1000.0", "50.0", "150.0"},
		// Ratios: wall export/riot, export/N3.js, CPU export/riot, export/N3.js, RSS, growth.
		"10000      ":     {"0.40", "0.50", "0.50", "0.75", "100.0", "-"},
		"100000     ":     {"0.50", "0.80", "0.50", "1.00", "150.0", "1.50", "(vs", "10000)"},
		"goal at 1000000": {"≤", "0.30", "<", "1.00", "≤", "0.60", "≤", "128", "≤", "1.50", "(vs", "100000)"},
	}
	for prefix, want := range cases {
		if got := row(prefix); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", prefix, got, want)
		}
	}
	// The rows of the main table line up: every line of it is as wide as its header.
	h := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "N ") {
			h = i
			break
		}
	}
	if h < 0 {
		t.Fatalf("no table header in\n%s", text)
	}
	width, end := utf8.RuneCountInString(lines[h]), false
	for _, l := range lines[h+1:] {
		if strings.HasPrefix(l, "ratios") {
			end = true
			break
		}
		if n := utf8.RuneCountInString(l); l != "" && n != width {
			t.Errorf("line of %d characters in a table %d wide: %q", n, width, l)
		}
	}
	if !end {
		t.Errorf("no ratios after the table:\n%s", text)
	}
}

func TestJSON(t *testing.T) {
	rep := sampleReport()
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, rep) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, *rep)
	}
	// The rates are in the JSON too, for readers that do not derive them.
	var raw struct {
		Rows []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal(b.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if got := raw.Rows[1]["triples_per_second"]; got != 150_000.0 {
		t.Errorf("export's triples_per_second: %v", got)
	}
}

func TestGroup(t *testing.T) {
	for x, want := range map[float64]string{0: "0", 7.4: "7", 999.5: "1,000", 12_345: "12,345", 3_051_234: "3,051,234", 100_000: "100,000"} {
		if got := group(x); got != want {
			t.Errorf("group(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestNotes(t *testing.T) {
	if got := notes("[main] INFO org.apache.jena.riot - File: a.nt\n12 records are valid\n"); got != "" {
		t.Errorf("chatter shown: %q", got)
	}
	if got := notes("[main] WARN riot - bad lang tag\nx\ny\nz\n"); !strings.Contains(got, "WARN riot - bad lang tag") || !strings.Contains(got, "… 1 more lines") {
		t.Errorf("got %q", got)
	}
}

func TestWritePrefixes(t *testing.T) {
	dir := t.TempDir()
	ttl := filepath.Join(dir, "coops.ttl")
	os.WriteFile(ttl, []byte("# a comment\n@prefix a: <http://a/> .\n\nPREFIX b: <http://b/>\n<http://a/x> a:p b:o .\n@prefix late: <http://late/> .\n"), 0o644)
	to := filepath.Join(dir, "prefixes.ttl")
	n, err := writePrefixes(ttl, to)
	if err != nil || n != 2 {
		t.Fatalf("got %d, %v", n, err)
	}
	if b, _ := os.ReadFile(to); string(b) != "@prefix a: <http://a/> .\nPREFIX b: <http://b/>\n" {
		t.Errorf("got %q", b)
	}
	os.WriteFile(ttl, []byte("<http://a/x> <http://a/p> 1 .\n"), 0o644)
	if _, err := writePrefixes(ttl, to); err == nil {
		t.Errorf("no prefixes: want an error")
	}
}

func TestCheckTurtle(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct {
		text string
		ok   bool
	}{
		"prefixed":  {"@prefix a: <http://a/> .\n\n<http://a/x> a:p a:o ;\n    a:q 1 .\n", true},
		"n3js":      {"@prefix a: <http://a/>.\n\n<http://a/x> a:p a:o.\n", true},
		"bare":      {"<http://a/x> <http://a/p> <http://a/o> .\n", true},
		"empty":     {"", false},
		"truncated": {"@prefix a: <http://a/> .\n<http://a/x> a:p a:o ;\n    a:q", false},
		"not":       {"Exception in thread main\n", false},
	} {
		p := filepath.Join(dir, name+".ttl")
		os.WriteFile(p, []byte(c.text), 0o644)
		size, err := checkTurtle(p)
		if (err == nil) != c.ok || (c.ok && size != int64(len(c.text))) {
			t.Errorf("%s: got %d, %v", name, size, err)
		}
	}
}

func TestWorkFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "work")
	if err := prepareWork(dir); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "records", "x"), 0o755)
	os.WriteFile(filepath.Join(dir, "riot.ttl"), []byte("x"), 0o644)
	if err := prepareWork(dir); err != nil {
		t.Fatalf("a folder the harness made: %v", err)
	}
	if err := emptyWork(dir); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 || ents[0].Name() != marker {
		t.Errorf("after emptying: %v", ents)
	}
	// Someone else's folder is never emptied.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "thesis.tex"), []byte("x"), 0o644)
	if err := prepareWork(other); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("want a refusal, got %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, "thesis.tex")); err != nil {
		t.Error(err)
	}
}
