// Package bench is the harness behind `make bench`: for each size N it writes N synthetic records
// (coopgraph synth), then measures, as separate processes, coopgraph validate, coopgraph export
// (all formats), and two independent tools converting the export's coops.nt to Turtle on the
// same triples: Apache Jena riot's streaming writer and N3.js (.ci/node/nt2ttl.mjs). It records
// each one's wall time and peak RSS (wait4's rusage), checks that each succeeded and wrote what
// it should, and reports rows, ratios and the machine as text and JSON. It measures and
// reports; it asserts no goal.
package bench

import (
	"bufio"
	"bytes"
	"context"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/internal/dcc/dccsynth"
)

// Formats are the export formats measured: all of the dumps.
const Formats = "ttl,nt,jsonld"

// Config says what Run measures and with what.
type Config struct {
	Sizes     []int  // numbers of records, measured in this order
	Seed      uint64 // synth's seed
	Coopgraph string // the coopgraph binary
	Root      string // the repository: .ci/jena.sh and .ci/node/nt2ttl.mjs are taken from it
	Node      string // the node program ("" looks it up on PATH)
	// Work is the folder the records and outputs are written to, one folder per size. It is
	// emptied before and after the run (the 1M size alone takes ~20 GB), so Run refuses a folder
	// that is not empty and that it did not make.
	Work string
	Env  []string // the commands' environment (nil: the harness's own)
	// StepTimeout bounds each step (0: DefaultStepTimeout): a step that hangs is killed and
	// ends the run with an error, instead of holding the run, and ~20 GB of disk, forever.
	StepTimeout time.Duration
	Progress    io.Writer // where progress lines go (nil: nowhere)
	// ImportMax is the largest size at which import dcc-csv is measured (0: DefaultImportMax):
	// it writes a file per record, which at a million is minutes of file creation alone.
	ImportMax int
	// Settle is how long the file system is left at rest, after a sync, before the imports are
	// measured (0: not at all; see DefaultSettle).
	Settle time.Duration
	// Inspect, when set, is called once a size's steps have all succeeded, before the work
	// folder is emptied, with the files they wrote; an error from it ends the run.
	Inspect func(Outputs) error
}

// Outputs are the files the steps of one size wrote.
type Outputs struct {
	Records  int
	Triples  int64  // as export counted them
	Data     string // the records' folder
	Export   string // export's folder (coops.nt, coops.ttl, …)
	Prefixes string // the prefix declarations given to riot and N3.js
	Riot     string // riot's Turtle
	N3       string // N3.js's Turtle
	Imported string // import dcc-csv's dataset folder ("" when not measured at this size)
}

// DefaultStepTimeout is the time a step may take when Config.StepTimeout is 0: some ten times
// what the slowest step takes at 1M records on two cores.
const DefaultStepTimeout = time.Hour

// DefaultSettle is the rest coopgraph-bench gives the file system before the imports. On an ext4
// without a journal (this VM's disk) the kernel does not reuse an inode for a minute after it
// was freed and written back (for five more while its inode table block is still dirty): every
// file created meanwhile scans past such inodes. An import of 100,000 rows run by make bench
// right after its micro-benchmarks (which delete their temporary folders), five minutes after
// an earlier run had removed its work folder, took 44.8 s of wall and 75 s of CPU, against
// 3.6 s and 5.4 s on a file system at rest. A sync writes those blocks back; a minute later no
// deletion before it is recent any more.
const DefaultSettle = 65 * time.Second

// DefaultImportMax is the largest size import dcc-csv is measured at when Config.ImportMax is 0.
const DefaultImportMax = 100_000

// marker marks a work folder as the harness's: only such a folder is ever emptied.
const marker = ".coopgraph-bench"

var (
	validLine  = regexp.MustCompile(`(?m)^(\d+) records? (?:is|are) valid`)
	importLine = regexp.MustCompile(`(?m)^import: (\d+) rows? read, (\d+) records?, 0 rows rejected`)
	exportLine = regexp.MustCompile(`(?m)^wrote (\d+) records?, (\d+) triples? to `)
)

// Run measures every size of cfg.Sizes and returns the report. When a step fails it returns
// the rows measured until then with the error, and still empties the work folder.
func Run(ctx context.Context, cfg Config) (rep *Report, err error) {
	rep = &Report{Started: time.Now(), Seed: cfg.Seed, Formats: Formats, LoadStart: loadAverage(), LoadEnd: -1}
	defer func() { rep.LoadEnd, rep.HarnessRSS = loadAverage(), selfPeakRSS() }()
	h, err := newHarness(ctx, cfg)
	if err != nil {
		return rep, err
	}
	rep.Machine = h.machine(ctx)
	if err := prepareWork(h.work); err != nil {
		return rep, err
	}
	if err := emptyWork(h.work); err != nil { // what an interrupted run left
		return rep, err
	}
	// Each size works in a folder of its own, and all are removed once every size is measured:
	// no measured step follows the deletion of a size's tens of thousands of files (see size).
	defer func() {
		if cerr := emptyWork(h.work); err == nil && cerr != nil {
			err = cerr
		}
	}()
	// import dcc-csv is measured first, at every size it is measured at, before any other step
	// has created or deleted files. On an ext4 without a journal (this VM's disk) a file created
	// in the minutes after many files were deleted pays for a scan past their inodes, which the
	// kernel will not reuse yet, and an import creates a file per row: placed after a size's
	// other steps (the site's second export retires the first one's 40,000 files), the 100,000
	// row import measured the deletion more than the import. Each size's import works in a
	// folder of its own, removed with the rest at the end.
	rep.Settle = h.Settle.Seconds()
	if err := h.importAll(ctx); err != nil {
		return rep, err
	}
	for _, n := range cfg.Sizes {
		rows, npfx, serr := h.size(ctx, n)
		rep.Rows = append(rep.Rows, rows...)
		rep.Prefixes = max(rep.Prefixes, npfx)
		rep.Ratios = Ratios(rep.Rows)
		rep.Site = h.site
		if serr != nil {
			return rep, fmt.Errorf("%d records: %w", n, serr)
		}
	}
	return rep, nil
}

// harness is a Config with its paths checked and made absolute.
type harness struct {
	Config
	root, work, jena, nt2ttl, node string
	env                            []string
	jenaVersion                    string
	site                           []SiteFigures
	imports                        map[int]imported // import dcc-csv's measurement of each size
}

// imported is what measuring import dcc-csv at one size gave.
type imported struct {
	row Row
	dir string // the dataset folder written
}

func newHarness(ctx context.Context, cfg Config) (*harness, error) {
	h := &harness{Config: cfg}
	if h.StepTimeout <= 0 {
		h.StepTimeout = DefaultStepTimeout
	}
	if len(cfg.Sizes) == 0 {
		return nil, errors.New("no sizes to measure")
	}
	for _, n := range cfg.Sizes {
		if n <= 0 {
			return nil, fmt.Errorf("size %d: want a positive number of records", n)
		}
	}
	if cfg.Work == "" {
		return nil, errors.New("no work folder")
	}
	var err error
	if h.work, err = filepath.Abs(cfg.Work); err != nil {
		return nil, err
	}
	if h.Coopgraph, err = filepath.Abs(cfg.Coopgraph); err != nil {
		return nil, err
	}
	if _, err := os.Stat(h.Coopgraph); err != nil {
		return nil, fmt.Errorf("coopgraph binary: %w", err)
	}
	root, err := filepath.Abs(cfg.Root)
	if err != nil {
		return nil, err
	}
	h.root = root
	h.jena = filepath.Join(root, ".ci", "jena.sh")
	h.nt2ttl = filepath.Join(root, ".ci", "node", "nt2ttl.mjs")
	for _, p := range []string{h.jena, h.nt2ttl} {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("%w (is %s the repository?)", err, root)
		}
	}
	if _, err := os.Stat(filepath.Join(root, ".ci", "node", "node_modules", "n3")); err != nil {
		return nil, fmt.Errorf("N3.js is not installed in .ci/node (run .ci/deps.sh): %w", err)
	}
	h.node = cfg.Node
	if h.node == "" {
		if h.node, err = exec.LookPath("node"); err != nil {
			return nil, fmt.Errorf("node (Node.js) not found: %w (run .ci/deps.sh)", err)
		}
	}
	h.env = cfg.Env
	if h.env == nil {
		h.env = os.Environ()
	}
	// jena.sh keeps a jar it builds on first use under COOPGRAPH_CACHE: in the project's cache
	// as under make, not in $HOME.
	if !hasEnv(h.env, "COOPGRAPH_CACHE") {
		h.env = append(slices.Clone(h.env), "COOPGRAPH_CACHE="+filepath.Join(root, ".cache"))
	}
	// A first, untimed run of riot: it builds that jar if need be, which would otherwise be timed
	// in the first conversion, and says whether Java and Jena are there at all.
	c := exec.CommandContext(ctx, "sh", h.jena, "riotcmd.riot", "--version")
	c.Env = h.env
	var errb bytes.Buffer
	c.Stderr = &errb
	out, err := c.Output()
	if err != nil {
		return nil, fmt.Errorf("riot (Apache Jena) does not run (run .ci/deps.sh): %w\n%s", err, errb.Bytes())
	}
	// "Jena:       VERSION: 4.5.0"
	if _, v, ok := strings.Cut(firstLine(string(out)), "VERSION:"); ok {
		h.jenaVersion = strings.TrimSpace(v)
	}
	return h, nil
}

func hasEnv(env []string, key string) bool {
	for _, kv := range env {
		if strings.HasPrefix(kv, key+"=") {
			return true
		}
	}
	return false
}

func (h *harness) cmd(path string, args ...string) Command {
	return Command{Path: path, Args: args, Env: h.env}
}

func (h *harness) progress(format string, args ...any) {
	if h.Progress != nil {
		fmt.Fprintf(h.Progress, "bench: "+format+"\n", args...)
	}
}

// importAll measures import dcc-csv of n synthetic standard-CSV rows for every size n up to
// ImportMax, into h.imports; the rows are reported with their size's other steps.
func (h *harness) importAll(ctx context.Context) error {
	imax := h.ImportMax
	if imax <= 0 {
		imax = DefaultImportMax
	}
	h.imports = map[int]imported{}
	settled := false
	for _, n := range h.Sizes {
		if n > imax {
			continue
		}
		if !settled && h.Settle > 0 {
			flushDisks()
			h.progress("the file system at rest for %v after a sync, before the imports (see bench.DefaultSettle)", h.Settle)
			select {
			case <-time.After(h.Settle):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		settled = true
		imp, err := h.importSize(ctx, n)
		if err != nil {
			return fmt.Errorf("%d records: %w", n, err)
		}
		h.imports[n] = imp
	}
	return nil
}

// importSize writes n synthetic rows of the Data Commons Co-op's standard CSV and measures
// importing them into a new dataset folder.
func (h *harness) importSize(ctx context.Context, n int) (imported, error) {
	work := filepath.Join(h.work, "import-"+strconv.Itoa(n))
	if err := os.Mkdir(work, 0o755); err != nil {
		return imported{}, err
	}
	csvFile := filepath.Join(work, "dcc.csv")
	f, err := os.Create(csvFile)
	if err != nil {
		return imported{}, err
	}
	err = dccsynth.Write(f, n, h.Seed)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return imported{}, err
	}
	st, err := os.Stat(csvFile)
	if err != nil {
		return imported{}, err
	}
	dir := filepath.Join(work, "imported", "synthetic")
	m, err := h.measure(ctx, n, StepImport, h.cmd(h.Coopgraph, "import", "dcc-csv", csvFile, "--into", dir,
		"--source", "https://example.org/open-data", "--license", "https://example.org/licence", "--quiet"))
	if err != nil {
		return imported{}, err
	}
	if got := importLine.FindStringSubmatch(m.Stderr); got == nil || got[1] != strconv.Itoa(n) || got[2] != strconv.Itoa(n) {
		return imported{}, fmt.Errorf("%s: want \"import: %d rows read, %d records, 0 rows rejected\" on stderr, got:\n%s", StepImport, n, n, m.Stderr)
	}
	size, err := dirSize(dir)
	if err != nil {
		return imported{}, err
	}
	return imported{dir: dir, row: Row{Records: n, Step: StepImport, WallSeconds: m.Wall.Seconds(), CPUSeconds: m.CPU.Seconds(),
		InBytes: st.Size(), OutBytes: size, PeakRSSBytes: m.PeakRSS}}, nil
}

// measure runs the command of one step at n records, after a sync (untimed: each step starts
// with the previous one's output, or its own input, on disk), kills it after StepTimeout, and
// reports its figures as progress. Its errors name the step.
func (h *harness) measure(ctx context.Context, n int, step string, c Command) (Measurement, error) {
	flushDisks()
	sctx, cancel := context.WithTimeout(ctx, h.StepTimeout)
	defer cancel()
	m, err := Measure(sctx, c)
	if err != nil {
		if sctx.Err() == context.DeadlineExceeded {
			return m, fmt.Errorf("%s: killed after %v: %w", step, h.StepTimeout, err)
		}
		return m, fmt.Errorf("%s: %w", step, err)
	}
	h.progress("%d records: %s %.2f s (CPU %.2f s), peak RSS %s MB%s", n, step, m.Wall.Seconds(), m.CPU.Seconds(), mb(m.PeakRSS), notes(m.Stderr))
	return m, nil
}

// size runs and measures every step at n records. It returns the rows measured (all four when
// it succeeds) and the number of prefixes given to the converters.
func (h *harness) size(ctx context.Context, n int) ([]Row, int, error) {
	work := filepath.Join(h.work, strconv.Itoa(n))
	if err := os.Mkdir(work, 0o755); err != nil {
		return nil, 0, err
	}
	o := Outputs{
		Records:  n,
		Data:     filepath.Join(work, "records"),
		Export:   filepath.Join(work, "export"),
		Prefixes: filepath.Join(work, "prefixes.ttl"),
		Riot:     filepath.Join(work, "riot.ttl"),
		N3:       filepath.Join(work, "n3.ttl"),
	}
	sctx, cancel := context.WithTimeout(ctx, h.StepTimeout)
	defer cancel()
	m, err := Measure(sctx, h.cmd(h.Coopgraph, "synth", "-n", strconv.Itoa(n), "--seed", strconv.FormatUint(h.Seed, 10), "--out", o.Data))
	if err != nil {
		return nil, 0, err
	}
	in, err := dirSize(o.Data)
	if err != nil {
		return nil, 0, err
	}
	h.progress("%d records: synth %.1f s, %s MB of YAML", n, m.Wall.Seconds(), mb(in))

	var rows []Row
	measure := func(step string, c Command) (Measurement, error) { return h.measure(ctx, n, step, c) }
	row := func(step string, m Measurement, in, out int64) {
		rows = append(rows, Row{Records: n, Step: step, WallSeconds: m.Wall.Seconds(), CPUSeconds: m.CPU.Seconds(), Triples: o.Triples, InBytes: in, OutBytes: out, PeakRSSBytes: m.PeakRSS})
	}

	mv, err := measure(StepValidate, h.cmd(h.Coopgraph, "validate", o.Data))
	if err != nil {
		return rows, 0, err
	}
	if got := validLine.FindStringSubmatch(mv.Stderr); got == nil || got[1] != strconv.Itoa(n) {
		return rows, 0, fmt.Errorf("validate: want %q on stderr, got:\n%s", fmt.Sprintf("%d records are valid", n), mv.Stderr)
	}

	me, err := measure(StepExport, h.cmd(h.Coopgraph, "export", "--site=false", "--format", Formats, "--out", o.Export, o.Data))
	if err != nil {
		return rows, 0, err
	}
	got := exportLine.FindStringSubmatch(me.Stderr)
	if got == nil || got[1] != strconv.Itoa(n) {
		return rows, 0, fmt.Errorf("export: want \"wrote %d records, T triples to …\" on stderr, got:\n%s", n, me.Stderr)
	}
	if o.Triples, err = strconv.ParseInt(got[2], 10, 64); err != nil || o.Triples <= 0 {
		return rows, 0, fmt.Errorf("export: triple count %q", got[2])
	}
	out, err := dirSize(o.Export)
	if err != nil {
		return rows, 0, err
	}
	h.progress("%d records: export wrote %s triples, %s MB", n, group(float64(o.Triples)), mb(out))
	// validate's row is added now that the triple count is known.
	row(StepValidate, mv, in, 0)
	row(StepExport, me, in, out)

	if n <= SiteMaxRecords {
		site := filepath.Join(work, "site")
		ms, err := measure(StepSite, h.cmd(h.Coopgraph, "export", "--format", Formats, "--out", site, o.Data))
		if err != nil {
			return rows, 0, err
		}
		if got := exportLine.FindStringSubmatch(ms.Stderr); got == nil || got[1] != strconv.Itoa(n) || got[2] != strconv.FormatInt(o.Triples, 10) {
			return rows, 0, fmt.Errorf("export with the site: want \"wrote %d records, %d triples to …\" on stderr, got:\n%s", n, o.Triples, ms.Stderr)
		}
		sout, err := dirSize(site)
		if err != nil {
			return rows, 0, err
		}
		landing, err := landingBytes(site)
		if err != nil {
			return rows, 0, err
		}
		row(StepSite, ms, in, sout)
		// The same export again into the folder it wrote, as a nightly run where nothing
		// changed: unchanged pages and documents are linked, not written (stage.Staging.reuse).
		ma, err := measure(StepSite, h.cmd(h.Coopgraph, "export", "--format", Formats, "--out", site, o.Data))
		if err != nil {
			return rows, 0, err
		}
		if got := exportLine.FindStringSubmatch(ma.Stderr); got == nil || got[1] != strconv.Itoa(n) {
			return rows, 0, fmt.Errorf("export with the site, again: want \"wrote %d records, …\" on stderr, got:\n%s", n, ma.Stderr)
		}
		fig := SiteFigures{Records: n, SiteOverExport: per(ms.Wall.Seconds(), me.Wall.Seconds()),
			AgainOverExport: per(ma.Wall.Seconds(), me.Wall.Seconds()), LandingBytes: landing}
		for _, l := range strings.Split(ms.Stderr, "\n") {
			if strings.HasPrefix(l, "site: ") {
				fig.Notes = append(fig.Notes, l)
			}
		}
		h.site = append(h.site, fig)
		h.progress("%d records: the site's landing page is %s MB", n, mb(landing))
	}

	nt := filepath.Join(o.Export, "coops.nt")
	ntInfo, err := os.Stat(nt)
	if err != nil {
		return rows, 0, err
	}
	npfx, err := writePrefixes(filepath.Join(o.Export, "coops.ttl"), o.Prefixes)
	if err != nil {
		return rows, 0, err
	}

	// riot reads the prefix declarations first, then the N-Triples: its streaming writer then
	// abbreviates with them, as coopgraph's Turtle does and as N3.js is made to.
	if err := warm(nt); err != nil {
		return rows, npfx, err
	}
	c := h.cmd("sh", h.jena, "riotcmd.riot", "--stream=turtle", o.Prefixes, nt)
	c.Stdout = o.Riot
	mr, err := measure(StepRiot, c)
	if err != nil {
		return rows, npfx, err
	}
	sr, err := checkTurtle(o.Riot)
	if err != nil {
		return rows, npfx, fmt.Errorf("riot: %w", err)
	}
	row(StepRiot, mr, ntInfo.Size(), sr)

	if err := warm(nt); err != nil {
		return rows, npfx, err
	}
	mn, err := measure(StepN3, h.cmd(h.node, h.nt2ttl, "--prefixes", o.Prefixes, nt, o.N3))
	if err != nil {
		return rows, npfx, err
	}
	sn, err := checkTurtle(o.N3)
	if err != nil {
		return rows, npfx, fmt.Errorf("N3.js: %w", err)
	}
	row(StepN3, mn, ntInfo.Size(), sn)

	if imp, ok := h.imports[n]; ok {
		rows = append(rows, imp.row)
		o.Imported = imp.dir
	}
	if h.Inspect != nil {
		if err := h.Inspect(o); err != nil {
			return rows, npfx, err
		}
	}
	return rows, npfx, nil
}

var scriptSrc = regexp.MustCompile(`<script src="([^"]+)"`)

// landingBytes is the size of an export's index.html and of every script it loads.
func landingBytes(dir string) (int64, error) {
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		return 0, err
	}
	n := int64(len(b))
	for _, m := range scriptSrc.FindAllSubmatch(b, -1) {
		st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(string(m[1]))))
		if err != nil {
			return 0, fmt.Errorf("index.html loads %s: %w", m[1], err)
		}
		n += st.Size()
	}
	return n, nil
}

// warm reads a converter's input once, untimed, so that the converter reads it from the page
// cache, as export and validate read the records synth has just written. export writes its dumps
// behind (stage.WriteBehind): most of coops.nt has left the cache when it ends.
func warm(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	return err
}

// notes returns what a step said on stderr beyond its usual chatter (riot's INFO lines, the
// summaries checked above), for the progress line: warnings are worth seeing.
func notes(stderr string) string {
	var keep []string
	for _, l := range strings.Split(stderr, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.Contains(l, " INFO ") || validLine.MatchString(l) || exportLine.MatchString(l) || importLine.MatchString(l) {
			continue
		}
		keep = append(keep, l)
	}
	switch {
	case len(keep) == 0:
		return ""
	case len(keep) > 3:
		keep = append(keep[:3], fmt.Sprintf("… %d more lines", len(keep)-3))
	}
	return "; stderr:\n  " + strings.Join(keep, "\n  ")
}

// writePrefixes copies the prefix declarations at the head of a Turtle file (up to its first
// statement; the file may be gigabytes) to a file of their own, and returns how many there are.
func writePrefixes(ttl, to string) (int, error) {
	f, err := os.Open(ttl)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var out bytes.Buffer
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if !strings.HasPrefix(l, "@prefix ") && !strings.HasPrefix(strings.ToUpper(l), "PREFIX ") {
			break
		}
		out.WriteString(l + "\n")
		n++
	}
	if err := sc.Err(); err != nil && !errors.Is(err, bufio.ErrTooLong) {
		return 0, err
	}
	if n == 0 {
		return 0, fmt.Errorf("%s declares no prefixes", ttl)
	}
	return n, os.WriteFile(to, out.Bytes(), 0o644)
}

// checkTurtle checks that a converter's output looks like a whole Turtle document (it starts
// with a directive or a subject, and its last statement ends) without reading gigabytes: the
// tools' exit codes say the rest. It returns the file's size.
func checkTurtle(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if st.Size() == 0 {
		return 0, fmt.Errorf("%s is empty", path)
	}
	head := make([]byte, min(st.Size(), 64<<10))
	if _, err := io.ReadFull(f, head); err != nil {
		return 0, err
	}
	first := ""
	for _, l := range strings.Split(string(head), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			first = l
			break
		}
	}
	ok := false
	for _, p := range []string{"@prefix", "@base", "PREFIX", "BASE", "prefix", "base", "<", "_:", "["} {
		ok = ok || strings.HasPrefix(first, p)
	}
	if !ok {
		return 0, fmt.Errorf("%s does not start like Turtle: %.80q", path, first)
	}
	tail := make([]byte, min(st.Size(), 4<<10))
	if _, err := f.ReadAt(tail, st.Size()-int64(len(tail))); err != nil {
		return 0, err
	}
	if end := strings.TrimSpace(string(tail)); !strings.HasSuffix(end, ".") {
		return 0, fmt.Errorf("%s does not end with a whole statement: …%q", path, end[max(0, len(end)-80):])
	}
	return st.Size(), nil
}

// dirSize returns the total size of the regular files under dir. It lists folders in chunks:
// the harness must stay small, because a child started by os/exec (a vfork) starts with the
// harness's peak RSS as its own, and a folder of a million records read at once would make
// every figure after it that of the harness.
func dirSize(dir string) (int64, error) {
	f, err := os.Open(dir)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n int64
	for {
		ents, err := f.ReadDir(4096)
		for _, e := range ents {
			switch {
			case e.IsDir():
				m, err := dirSize(filepath.Join(dir, e.Name()))
				if err != nil {
					return n, err
				}
				n += m
			case e.Type().IsRegular():
				info, err := e.Info()
				if err != nil {
					return n, err
				}
				n += info.Size()
			}
		}
		if errors.Is(err, io.EOF) || err == nil && len(ents) == 0 {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// prepareWork makes the work folder, refusing one that holds anything it did not make, since
// the folder is emptied between sizes.
func prepareWork(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			return fmt.Errorf("%s is not empty and is not a bench work folder (no %s): refusing to empty it", dir, marker)
		}
	}
	return os.WriteFile(filepath.Join(dir, marker), []byte("coopgraph bench: this folder is emptied on every run\n"), 0o644)
}

// emptyWork removes everything in the work folder but its marker.
func emptyWork(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if e.Name() == marker {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// Build compiles coopgraph from the repository at root into out, as make build does.
func Build(ctx context.Context, root, out string) error {
	goTool := os.Getenv("GO")
	if goTool == "" {
		goTool = "go"
	}
	cmd := exec.CommandContext(ctx, goTool, "build", "-trimpath", "-o", out, "./cmd/coopgraph")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/coopgraph: %w\n%s", err, b)
	}
	return nil
}

// machine describes the machine and the programs measured; what it cannot find out it leaves
// empty.
func (h *harness) machine(ctx context.Context) Machine {
	m := Machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS, Arch: runtime.GOARCH, GoVersion: runtime.Version(), Coopgraph: "unknown"}
	if bi, err := buildinfo.ReadFile(h.Coopgraph); err == nil {
		m.GoVersion = bi.GoVersion
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = " (modified)"
				}
			}
		}
		if rev != "" {
			m.Coopgraph = rev[:min(len(rev), 12)] + dirty
		}
	}
	if m.Coopgraph == "unknown" {
		// Not stamped (GOFLAGS=-buildvcs=false): the repository's revision is the next best
		// thing, since make bench builds the binary from it. --no-optional-locks: others may be
		// committing in this repository meanwhile.
		git := func(args ...string) (string, error) {
			c := exec.CommandContext(ctx, "git", append([]string{"--no-optional-locks", "-C", h.root}, args...)...)
			out, err := c.Output()
			return strings.TrimSpace(string(out)), err
		}
		if rev, err := git("rev-parse", "--short=12", "HEAD"); err == nil && rev != "" {
			m.Coopgraph = rev + " (git HEAD)"
			if st, err := git("status", "--porcelain", "--untracked-files=no"); err == nil && st != "" {
				m.Coopgraph = rev + " (git HEAD, modified)"
			}
		}
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.Join(strings.Fields(v), " ")
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "MemTotal:" {
				kib, _ := strconv.ParseInt(f[1], 10, 64)
				m.MemoryBytes = kib * 1024
			}
		}
	}
	if out, err := exec.CommandContext(ctx, "java", "-version").CombinedOutput(); err == nil {
		// `openjdk version "17.0.15" 2025-04-15` → openjdk 17.0.15
		if f := strings.Fields(firstLine(string(out))); len(f) >= 3 && f[1] == "version" {
			m.Java = f[0] + " " + strings.Trim(f[2], `"`)
		} else {
			m.Java = firstLine(string(out))
		}
	}
	m.Jena = h.jenaVersion
	if out, err := exec.CommandContext(ctx, h.node, "--version").Output(); err == nil {
		m.Node = firstLine(string(out))
	}
	if b, err := os.ReadFile(filepath.Join(filepath.Dir(h.nt2ttl), "node_modules", "n3", "package.json")); err == nil {
		var p struct{ Version string }
		if json.Unmarshal(b, &p) == nil {
			m.N3 = p.Version
		}
	}
	return m
}

// loadAverage returns the 1-minute load average, or -1 where /proc/loadavg is missing.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return -1
	}
	x, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return -1
	}
	return x
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(l)
}
