package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The steps measured at each size, in the order they are reported (import runs first, at every
// size, before any other step; see Run).
const (
	StepValidate = "validate"
	StepExport   = "export"
	// StepSite is export with the site (the pages and per-co-op documents), at sizes up to
	// SiteMaxRecords.
	StepSite = "export + site"
	StepRiot = "riot nt→ttl"
	StepN3   = "N3.js nt→ttl"
	// StepImport is coopgraph import dcc-csv of as many synthetic rows of the Data Commons
	// Co-op's standard CSV (package dccsynth) into a new dataset folder; its records/s are rows/s.
	StepImport = "import dcc-csv"
)

// Steps lists the steps in the order they are shown (import runs first; see Run).
var Steps = []string{StepValidate, StepExport, StepSite, StepRiot, StepN3, StepImport}

// SiteMaxRecords is the largest size at which StepSite is measured: the site is for
// directories of human scale (README, "Pages and dereferenceable IRIs").
const SiteMaxRecords = 10_000

// The site's goals, at SiteMaxRecords: shown, not asserted.
const (
	GoalSiteOverExport = 2.0 // export with the site ≤ this × export --site=false (wall time)
	GoalLandingBytes   = 3e6 // index.html with the index files and the script it loads < this
)

// SiteFigures are the site's figures at one size.
type SiteFigures struct {
	Records int `json:"records"`
	// SiteOverExport is the wall time of export with the site over that of export --site=false.
	SiteOverExport float64 `json:"site_over_export"`
	// AgainOverExport is the same for a second export with the site into the folder the first
	// wrote, the records unchanged (a nightly run where nothing changed).
	AgainOverExport float64 `json:"again_over_export"`
	// LandingBytes is index.html plus every script it loads (the co-ops' index files and the
	// page's script): what a visitor's browser reads to search and map every co-op.
	LandingBytes int64 `json:"landing_bytes"`
	// Notes are what export printed about the site (past site.IndexLimit co-ops).
	Notes []string `json:"notes,omitempty"`
}

// Goals are the figures the benchmark is judged against, at GoalRecords records. They are shown
// beside the ratios; nothing here asserts them.
const (
	GoalRecords           = 1_000_000
	GoalExportOverRiot    = 0.3     // export's wall time ≤ this × riot's
	GoalExportOverN3      = 1.0     // export's wall time < N3.js's
	GoalExportOverN3CPU   = 0.6     // export's CPU time ≤ this × N3.js's
	GoalPeakRSSBytes      = 128e6   // export's peak RSS ≤ this
	GoalRSSGrowth         = 1.5     // export's peak RSS ≤ this × its value at GoalRecords/10
	GoalValidateRecordsPS = 100_000 // validate's records per wall second
	GoalImportRows        = 100_000 // the size import dcc-csv's goal is stated at
	GoalImportRowsPS      = 20_000  // import dcc-csv's rows per wall second at GoalImportRows
)

// Row is one step measured at one size.
type Row struct {
	Records     int     `json:"records"`
	Step        string  `json:"step"`
	WallSeconds float64 `json:"wall_seconds"`
	// CPUSeconds is the user and system time the step's process used: on a busy machine the
	// wall time grows while this does not, so the two together tell a slow step from a
	// starved one.
	CPUSeconds float64 `json:"cpu_seconds"`
	// Triples is the number of triples the records give, as export counted them: what export
	// writes and riot and N3.js convert, and, for validate, what the records it checked give.
	Triples      int64 `json:"triples"`
	InBytes      int64 `json:"in_bytes"`  // what the step read: the records' YAML, or coops.nt
	OutBytes     int64 `json:"out_bytes"` // what it wrote (every file, for export; 0 for validate)
	PeakRSSBytes int64 `json:"peak_rss_bytes"`
}

// RecordsPerSecond is the number of records over the wall time.
func (r Row) RecordsPerSecond() float64 { return per(float64(r.Records), r.WallSeconds) }

// TriplesPerSecond is the number of triples over the wall time.
func (r Row) TriplesPerSecond() float64 { return per(float64(r.Triples), r.WallSeconds) }

// OutMBPerSecond is the output in MB (10⁶ bytes) over the wall time.
func (r Row) OutMBPerSecond() float64 { return per(float64(r.OutBytes)/1e6, r.WallSeconds) }

// InMBPerSecond is the input in MB (10⁶ bytes) over the wall time.
func (r Row) InMBPerSecond() float64 { return per(float64(r.InBytes)/1e6, r.WallSeconds) }

func per(x, seconds float64) float64 {
	if seconds <= 0 {
		return 0
	}
	return x / seconds
}

// MarshalJSON writes the row with its rates, so that readers of the JSON need not derive them.
func (r Row) MarshalJSON() ([]byte, error) {
	type plain Row // without the method, or Marshal would recurse
	return json.Marshal(struct {
		plain
		RecordsPerSecond float64 `json:"records_per_second"`
		TriplesPerSecond float64 `json:"triples_per_second"`
		InMBPerSecond    float64 `json:"in_mb_per_second"`
		OutMBPerSecond   float64 `json:"out_mb_per_second"`
	}{plain(r), r.RecordsPerSecond(), r.TriplesPerSecond(), r.InMBPerSecond(), r.OutMBPerSecond()})
}

// Ratio compares export with the converters at one size, and with itself at the size before.
type Ratio struct {
	Records        int     `json:"records"`
	ExportOverRiot float64 `json:"export_over_riot"` // export's wall time / riot's (0: not measured)
	ExportOverN3   float64 `json:"export_over_n3js"` // export's wall time / N3.js's (0: not measured)
	// The same with CPU times (0: not measured).
	ExportOverRiotCPU  float64 `json:"export_over_riot_cpu"`
	ExportOverN3CPU    float64 `json:"export_over_n3js_cpu"`
	ExportPeakRSSBytes int64   `json:"export_peak_rss_bytes"`
	// RSSGrowth is export's peak RSS here over its peak RSS at PreviousRecords, the next smaller
	// size measured (both 0 at the smallest).
	PreviousRecords int     `json:"previous_records,omitempty"`
	RSSGrowth       float64 `json:"rss_over_previous,omitempty"`
}

// Ratios computes the ratios of every size at which export was measured, smallest first.
func Ratios(rows []Row) []Ratio {
	find := func(n int, step string) (Row, bool) {
		for _, r := range rows {
			if r.Records == n && r.Step == step {
				return r, true
			}
		}
		return Row{}, false
	}
	var sizes []int
	for _, r := range rows {
		if r.Step == StepExport && !slices.Contains(sizes, r.Records) {
			sizes = append(sizes, r.Records)
		}
	}
	slices.Sort(sizes)
	var out []Ratio
	for i, n := range sizes {
		ex, _ := find(n, StepExport)
		q := Ratio{Records: n, ExportPeakRSSBytes: ex.PeakRSSBytes}
		if r, ok := find(n, StepRiot); ok {
			q.ExportOverRiot = per(ex.WallSeconds, r.WallSeconds)
			q.ExportOverRiotCPU = per(ex.CPUSeconds, r.CPUSeconds)
		}
		if r, ok := find(n, StepN3); ok {
			q.ExportOverN3 = per(ex.WallSeconds, r.WallSeconds)
			q.ExportOverN3CPU = per(ex.CPUSeconds, r.CPUSeconds)
		}
		if i > 0 {
			prev, _ := find(sizes[i-1], StepExport)
			if prev.PeakRSSBytes > 0 {
				q.PreviousRecords = prev.Records
				q.RSSGrowth = float64(ex.PeakRSSBytes) / float64(prev.PeakRSSBytes)
			}
		}
		out = append(out, q)
	}
	return out
}

// Machine describes where and with what the figures were measured.
type Machine struct {
	CPUs        int    `json:"cpus"`
	CPUModel    string `json:"cpu_model,omitempty"`
	MemoryBytes int64  `json:"memory_bytes,omitempty"`
	OS          string `json:"os"`
	Arch        string `json:"arch"`
	GoVersion   string `json:"go_version"` // the Go that built coopgraph
	Coopgraph   string `json:"coopgraph"`  // coopgraph's VCS revision ("unknown" when not stamped)
	Java        string `json:"java,omitempty"`
	Jena        string `json:"jena,omitempty"`
	Node        string `json:"node,omitempty"`
	N3          string `json:"n3js,omitempty"`
}

// Report is the outcome of a run: every row measured, in order, and the ratios.
type Report struct {
	Started  time.Time `json:"started"`
	Machine  Machine   `json:"machine"`
	Seed     uint64    `json:"seed"`
	Formats  string    `json:"formats"`
	Prefixes int       `json:"prefixes"` // how many prefixes riot and N3.js were given
	// LoadStart and LoadEnd are the machine's 1-minute load average when the run started and
	// ended (-1: unknown): other work on a shared machine makes every figure slower.
	LoadStart float64 `json:"load_start"`
	LoadEnd   float64 `json:"load_end"`
	// HarnessRSS is the harness's own peak RSS in bytes: no child's peak can be measured below
	// it, because os/exec starts children from the harness's memory (vfork), and Linux gives a
	// child its parent's peak as its own first.
	HarnessRSS int64 `json:"harness_peak_rss"`
	// Settle is how many seconds the file system was left at rest, after a sync, before the
	// imports were measured (Config.Settle).
	Settle float64 `json:"import_settle_seconds"`
	Rows   []Row   `json:"rows"`
	Ratios []Ratio `json:"ratios"`
	// Site are the site's figures at each size it was measured at.
	Site []SiteFigures `json:"site,omitempty"`
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteText writes the report as aligned plain text (it reads well in a Markdown code block):
// a header saying what was measured where, a row per step and size, and the ratios with the
// goals beside them.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "coopgraph bench, %s\n", r.Started.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "machine: %d CPUs", m.CPUs)
	if m.CPUModel != "" {
		fmt.Fprintf(&b, " (%s)", m.CPUModel)
	}
	if m.MemoryBytes > 0 {
		fmt.Fprintf(&b, ", %.1f GB RAM", float64(m.MemoryBytes)/1e9)
	}
	fmt.Fprintf(&b, ", %s/%s; coopgraph %s built with %s\n", m.OS, m.Arch, m.Coopgraph, m.GoVersion)
	if r.LoadStart >= 0 && r.LoadEnd >= 0 {
		fmt.Fprintf(&b, "load average (1 min): %.2f at the start, %.2f at the end (anything else running slows every step)\n", r.LoadStart, r.LoadEnd)
	}
	if r.HarnessRSS > 0 {
		fmt.Fprintf(&b, "the harness's own peak RSS: %.1f MB (no peak RSS below is measured lower than that)\n", float64(r.HarnessRSS)/1e6)
	}
	fmt.Fprintf(&b, "records: coopgraph synth --seed %d; export --site=false --format %s (out = every file it writes)\n", r.Seed, r.Formats)
	fmt.Fprintf(&b, "import dcc-csv: as many synthetic rows of the standard CSV into a new dataset folder, measured before any\n"+
		"  other step, after a sync and %s s at rest\n", strconv.FormatFloat(r.Settle, 'f', -1, 64))
	fmt.Fprintf(&b, "riot: Jena %s (%s), riot --stream=turtle; N3.js %s (Node.js %s), StreamParser → StreamWriter;\n",
		orUnknown(m.Jena), orUnknown(m.Java), orUnknown(m.N3), orUnknown(m.Node))
	fmt.Fprintf(&b, "  both convert the export's coops.nt, given the %d prefixes its coops.ttl declares\n", r.Prefixes)
	b.WriteString("MB = 10⁶ bytes; peak RSS = the process's maximum resident set (wait4); wall times include\n" +
		"  starting the program (the JVM, Node.js); CPU s = its user + system time (far below wall s × cores\n" +
		"  in use: it waited, for the disk or for CPUs other work held); rates are per wall second;\n" +
		"  validate's triples/s counts the triples its records give\n\n")

	t := table{right: []bool{false, false, true, true, true, true, true, true, true, true, true}}
	t.add("N", "step", "wall s", "CPU s", "records/s", "triples", "triples/s", "in MB", "out MB", "out MB/s", "peak RSS MB")
	last := -1
	for _, row := range r.Rows {
		if last >= 0 && row.Records != last {
			t.add() // a blank line between sizes
		}
		last = row.Records
		out, outRate := mb(row.OutBytes), fmt.Sprintf("%.1f", row.OutMBPerSecond())
		if row.OutBytes == 0 {
			out, outRate = "-", "-"
		}
		t.add(strconv.Itoa(row.Records), row.Step, fmt.Sprintf("%.2f", row.WallSeconds), fmt.Sprintf("%.2f", row.CPUSeconds),
			group(row.RecordsPerSecond()), group(float64(row.Triples)), group(row.TriplesPerSecond()),
			mb(row.InBytes), out, outRate, mb(row.PeakRSSBytes))
	}
	t.write(&b)

	b.WriteString("\n")
	q := table{right: []bool{false, true, true, true, true, true, true}}
	q.add("ratios", "export/riot", "export/N3.js", "CPU export/riot", "CPU export/N3.js", "export peak RSS MB", "RSS / RSS(previous N)")
	for _, x := range r.Ratios {
		growth := "-"
		if x.PreviousRecords > 0 {
			growth = fmt.Sprintf("%.2f (vs %d)", x.RSSGrowth, x.PreviousRecords)
		}
		q.add(strconv.Itoa(x.Records), ratio(x.ExportOverRiot), ratio(x.ExportOverN3), ratio(x.ExportOverRiotCPU), ratio(x.ExportOverN3CPU),
			mb(x.ExportPeakRSSBytes), growth)
	}
	q.add(fmt.Sprintf("goal at %d", GoalRecords), fmt.Sprintf("≤ %.2f", GoalExportOverRiot), fmt.Sprintf("< %.2f", GoalExportOverN3), "", fmt.Sprintf("≤ %.2f", GoalExportOverN3CPU),
		fmt.Sprintf("≤ %.0f", GoalPeakRSSBytes/1e6), fmt.Sprintf("≤ %.2f (vs %d)", GoalRSSGrowth, GoalRecords/10))
	q.write(&b)
	b.WriteString("(export's time over the converter's, wall time then CPU time; the goals are shown, not checked;\n" +
		"  validate's goal at " + group(GoalRecords) + " records: ≥ " + group(GoalValidateRecordsPS) + " records/s;\n" +
		"  import dcc-csv's at " + group(GoalImportRows) + " rows: ≥ " + group(GoalImportRowsPS) + " rows/s, its records/s above)\n")
	if len(r.Site) > 0 {
		b.WriteString("\n")
		st := table{right: []bool{false, true, true, true}}
		st.add("site", "export + site / export", "again / export", "landing page MB")
		for _, x := range r.Site {
			st.add(strconv.Itoa(x.Records), ratio(x.SiteOverExport), ratio(x.AgainOverExport), mb(x.LandingBytes))
		}
		st.add(fmt.Sprintf("goal at %d", SiteMaxRecords), fmt.Sprintf("≤ %.2f", GoalSiteOverExport), "", fmt.Sprintf("< %.1f", GoalLandingBytes/1e6))
		st.write(&b)
		b.WriteString("(export + site: the same export writing the pages and four documents per co-op into a new folder;\n" +
			"  again: once more into that folder, nothing changed, so unchanged files are linked, not written; landing page: index.html\n" +
			"  with the co-ops' index files and the script it loads; the site is measured up to " + group(SiteMaxRecords) + " records)\n")
		for _, x := range r.Site {
			for _, n := range x.Notes {
				fmt.Fprintf(&b, "%d: %s\n", x.Records, n)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orUnknown(s string) string {
	if s == "" {
		return "(version unknown)"
	}
	return s
}

func mb(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1e6) }

func ratio(x float64) string {
	if x == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", x)
}

// group rounds x and writes it with thousands separators: 3,051,234 reads faster than 3051234.
func group(x float64) string {
	s := strconv.FormatInt(int64(x+0.5), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// table aligns columns of text; right says which columns are aligned right (numbers).
type table struct {
	right []bool
	rows  [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(b *strings.Builder) {
	var width []int
	for _, row := range t.rows {
		for i, c := range row {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, row := range t.rows {
		var line strings.Builder
		for i, c := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				line.WriteString("  ")
			}
			if i < len(t.right) && t.right[i] {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}
