package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coopgraph/coopgraph/internal/store"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/internal/transport"
)

// The steps of the load benchmark, at each size.
const (
	StepLoadFull  = "load (full)"
	StepLoadSince = "load --since (1% changed)"
	StepPUT       = "one GSP PUT"
)

// LoadGoals are the figures the load benchmark is judged against; nothing here asserts them.
const (
	GoalSinceOverFull = 0.05 // load --since with 1% of the co-ops changed ≤ this × a full load
	GoalFullOverPUT   = 0.8  // a full load's throughput ≥ this × one plain GSP PUT's
)

// LoadConfig says what RunLoad measures.
type LoadConfig struct {
	Sizes     []int
	Seed      uint64
	Coopgraph string // the coopgraph binary
	Work      string // emptied before and after each size
	// Buffers sizes the Virtuoso started (testkit.VirtuosoOptions.Buffers; 0: 170,000 pages,
	// 1.4 GB).
	Buffers  int
	Progress io.Writer
	// Logs, when set, is the folder where each timed load's -v output is written
	// (load-N-full.log, load-N-since.log).
	Logs string
}

// LoadRow is one size's figures.
type LoadRow struct {
	Records int     `json:"records"`
	Triples int64   `json:"triples"`
	Changed int     `json:"records_changed"`
	Deleted int64   `json:"triples_deleted"`
	Added   int64   `json:"triples_inserted"`
	Full    float64 `json:"full_load_seconds"`
	Since   float64 `json:"since_load_seconds"`
	PUT     float64 `json:"put_seconds"`
	// PUTNote says why there is no PUT figure: the store refused the one request (Virtuoso
	// answers 500 to a PUT of the 1,000,000-record dump, 34.7 M triples).
	PUTNote string `json:"put_note,omitempty"`
	// Move is the time of the full load's MOVE request (staging graph onto the target).
	Move float64 `json:"full_load_move_seconds"`
	// Equal is how the graph after load --since was found equal to a full load of the new
	// dump: both counts, the count of their common triples, and the SHA-256 of each graph's
	// sorted N-Triples (when Hashed).
	Count, Common int64
	Hashed        bool
	Hash          string
	HashNote      string `json:",omitempty"`
}

// SinceOverFull is load --since's time over the full load's.
func (r LoadRow) SinceOverFull() float64 { return per(r.Since, r.Full) }

// FullOverPUT is the full load's throughput over one PUT's (the PUT's time over the load's).
func (r LoadRow) FullOverPUT() float64 { return per(r.PUT, r.Full) }

// hashLimit is the largest graph whose triples are read back and hashed (graphHash asks for
// them in one query per 200 subjects, four queries at once); bigger graphs are compared by
// their counts and common triples alone, in the store. 1,000,000 records (34.7 M triples,
// 3.8 M subjects) are within it: read one query at a time, Virtuoso answered about 290 records'
// worth a second, close to an hour a graph; four at once, about 18 minutes a graph.
const hashLimit = 40_000_000

// loadTimeout is how long one request of the loads may take (their --timeout), as long as
// the Virtuoso started lets a query run: at 1,000,000 records (34.7 M triples) its MOVE took
// longer than load's default of five minutes, five times over, and the load gave up.
const loadTimeout = "1h"

var moveLine = regexp.MustCompile(`move the staging graph onto the target: POST \S+: 200 in (\S+)`)

var sinceLine = regexp.MustCompile(`loaded the change from \S+ into \S+ in \S+: (\d+) triples deleted, (\d+) inserted`)

// RunLoad measures, at each size, against a Virtuoso it starts on 127.0.0.1: a full load of an
// export; a load --since of the export of the same records with 1% of them changed (every
// hundredth record renamed); a full load of that second export into another graph; one plain
// Graph Store Protocol PUT of the same dump (curl, digest auth) into a third. The graph after
// load --since must equal the full load's (counts, common triples, hash of the sorted triples).
func RunLoad(ctx context.Context, cfg LoadConfig) ([]LoadRow, error) {
	work, err := filepath.Abs(cfg.Work)
	if err != nil {
		return nil, err
	}
	if err := prepareWork(work); err != nil {
		return nil, err
	}
	if cfg.Buffers <= 0 {
		cfg.Buffers = 170000
	}
	var rows []LoadRow
	for _, n := range cfg.Sizes {
		row, err := loadSize(ctx, cfg, work, n)
		if cerr := emptyWork(work); err == nil {
			err = cerr
		}
		if err != nil {
			return rows, fmt.Errorf("%d records: %w", n, err)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func loadSize(ctx context.Context, cfg LoadConfig, work string, n int) (LoadRow, error) {
	row := LoadRow{Records: n}
	say := func(format string, args ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "bench: load: %d records: "+format+"\n", append([]any{n}, args...)...)
		}
	}
	bin := cfg.Coopgraph
	run := func(args ...string) (Measurement, error) {
		flushDisks()
		m, err := Measure(ctx, Command{Path: bin, Args: args, Env: append(os.Environ(), "COOPGRAPH_PASSWORD=dba", "CI=1")})
		if err != nil {
			return m, fmt.Errorf("coopgraph %s: %w", args[0], err)
		}
		return m, nil
	}
	data := filepath.Join(work, "records")
	if _, err := run("synth", "-n", strconv.Itoa(n), "--seed", strconv.FormatUint(cfg.Seed, 10), "--out", data); err != nil {
		return row, err
	}
	oldOut, newOut := filepath.Join(work, "old"), filepath.Join(work, "new")
	if _, err := run("export", "--site=false", "--format", "nt", "--out", oldOut, data); err != nil {
		return row, err
	}
	changed, err := renameEveryHundredth(data)
	if err != nil {
		return row, err
	}
	row.Changed = changed
	if _, err := run("export", "--site=false", "--format", "nt", "--out", newOut, data); err != nil {
		return row, err
	}
	say("%d records renamed, exports written", changed)

	v, err := testkit.StartVirtuosoWith(work, testkit.VirtuosoOptions{Buffers: cfg.Buffers, TransactionLimit: 2_000_000_000, MaxSeconds: 3600})
	if err != nil {
		return row, err
	}
	defer v.Stop()
	gsp := v.URL("/sparql-graph-crud-auth")
	const base = "https://bench.example/graph/"
	oldDump, newDump := filepath.Join(oldOut, "coops.nt"), filepath.Join(newOut, "coops.nt")

	// The graph loaded, then changed with --since; a full load of the new dump to time and to
	// compare with; the same dump PUT in one request.
	// load runs coopgraph load against the store as dba, with args after the endpoint.
	load := func(args ...string) (Measurement, error) {
		return run(append([]string{"load", "--timeout", loadTimeout, "--endpoint", gsp, "--user", "dba"}, args...)...)
	}
	if _, err := load("--graph", base+"since", oldDump); err != nil {
		return row, err
	}
	// Each timed step starts from a store at rest, as a nightly load finds it: what the step
	// before wrote is checkpointed and on disk, not still being flushed while the step runs.
	settle := func() error {
		if out, err := v.ISQL("checkpoint;"); err != nil {
			return fmt.Errorf("checkpoint: %w\n%s", err, out)
		}
		flushDisks()
		return nil
	}
	// A store that has been running has compiled queries of the kind load --since asks: the
	// first such query a freshly started Virtuoso plans takes it about 0.7 s, once. A change
	// of nothing (the old dump against itself), untimed, asks them first.
	if _, err := load("--graph", base+"since", "--since", oldOut, oldDump); err != nil {
		return row, err
	}
	if err := settle(); err != nil {
		return row, err
	}
	m, err := load("-v", "--graph", base+"since", "--since", oldOut, newDump)
	if err != nil {
		return row, err
	}
	keepLog(cfg, n, "since", m.Stderr)
	got := sinceLine.FindStringSubmatch(m.Stderr)
	if got == nil {
		return row, fmt.Errorf("load --since did not load the change alone:\n%s", m.Stderr)
	}
	row.Since = m.Wall.Seconds()
	row.Deleted, _ = strconv.ParseInt(got[1], 10, 64)
	row.Added, _ = strconv.ParseInt(got[2], 10, 64)
	say("load --since %.2f s (%d triples deleted, %d inserted)", row.Since, row.Deleted, row.Added)

	if err := settle(); err != nil {
		return row, err
	}
	if m, err = load("-v", "--graph", base+"full", newDump); err != nil {
		return row, err
	}
	row.Full = m.Wall.Seconds()
	keepLog(cfg, n, "full", m.Stderr)
	if mv := moveLine.FindStringSubmatch(m.Stderr); mv != nil {
		if d, err := time.ParseDuration(mv[1]); err == nil {
			row.Move = d.Seconds()
		}
	}
	say("full load %.2f s (its MOVE %.2f s)", row.Full, row.Move)

	if err := settle(); err != nil {
		return row, err
	}
	m, err = Measure(ctx, Command{Path: "curl", Args: []string{"--fail", "--silent", "--show-error", "--digest", "--user", "dba:dba",
		"-X", "PUT", "-H", "Content-Type: application/n-triples", "-T", newDump,
		gsp + "?" + url.Values{"graph": {base + "put"}}.Encode()}})
	graphs := []string{"since", "full", "put"}
	if err != nil && ctx.Err() != nil {
		return row, fmt.Errorf("GSP PUT: %w", err)
	}
	if err != nil {
		// The store's refusal is a figure of its own, not a failure of the benchmark: the
		// graphs loaded are still compared. A PUT is not atomic in Virtuoso, so what it left
		// in its graph is not counted.
		row.PUTNote = "refused: " + firstLine(strings.TrimSpace(m.Stderr))
		if row.PUTNote == "refused: " {
			row.PUTNote += err.Error()
		}
		graphs = graphs[:2]
		say("one GSP PUT %s", row.PUTNote)
	} else {
		row.PUT = m.Wall.Seconds()
		say("one GSP PUT %.2f s", row.PUT)
	}

	c := store.NewClient(&transport.Client{HTTP: &http.Client{Timeout: time.Hour}, Retry: transport.Retry{Attempts: 1}})
	q := v.URL("/sparql")
	for _, g := range graphs {
		k, err := c.Count(ctx, q, base+g)
		if err != nil {
			return row, err
		}
		if g == "since" {
			row.Count = k
		} else if k != row.Count {
			return row, fmt.Errorf("graph %s holds %d triples, the graph loaded with --since %d", g, k, row.Count)
		}
	}
	row.Triples = row.Count
	if row.Common, err = c.CountQuery(ctx, q, "count the common triples",
		"SELECT (COUNT(*) AS ?n) WHERE { GRAPH <"+base+"since> { ?s ?p ?o } GRAPH <"+base+"full> { ?s ?p ?o } }"); err != nil {
		return row, err
	}
	if row.Common != row.Count {
		return row, fmt.Errorf("the graph loaded with --since and the full load share %d of their %d triples", row.Common, row.Count)
	}
	// Equal counts and as many common triples prove the graphs equal; the hash of their
	// triples, read back subject by subject (graphHash), shows it again.
	if row.Count <= hashLimit {
		subjects, err := dumpSubjects(newDump)
		if err != nil {
			return row, err
		}
		h1, err1 := graphHash(ctx, c, q, base+"since", subjects, row.Count)
		h2, err2 := graphHash(ctx, c, q, base+"full", subjects, row.Count)
		switch {
		case err1 != nil || err2 != nil:
			row.HashNote = fmt.Sprintf("not hashed: %v", errors.Join(err1, err2))
		case h1 != h2:
			return row, fmt.Errorf("the graph loaded with --since hashes to %s, the full load to %s", h1, h2)
		default:
			row.Hashed, row.Hash = true, h1
		}
	}
	say("the graph after load --since equals the full load: %d triples, %d in common, sha256 %s%s", row.Count, row.Common, row.Hash, row.HashNote)
	return row, nil
}

// keepLog writes a load's -v output (every request and its time) beside the work folder, where
// emptying the work folder leaves it.
func keepLog(cfg LoadConfig, n int, step, stderr string) {
	if cfg.Logs == "" {
		return
	}
	if err := os.MkdirAll(cfg.Logs, 0o755); err == nil {
		os.WriteFile(filepath.Join(cfg.Logs, fmt.Sprintf("load-%d-%s.log", n, step)), []byte(stderr), 0o644)
	}
}

// renameEveryHundredth renames every hundredth record (in file name order; the next one when a
// record's name is not a one-line scalar): its name gets " (renamed)". It returns the number
// changed.
func renameEveryHundredth(dir string) (int, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	slices.Sort(files)
	n := 0
	for i := 0; i < len(files); i += 100 {
		for j := i; j < len(files) && j < i+100; j++ {
			ok, err := rename(files[j])
			if err != nil {
				return n, err
			}
			if ok {
				n++
				break
			}
		}
	}
	return n, nil
}

// rename adds " (renamed)" to the name of the record in file, when the name is a plain or
// quoted scalar on one line.
func rename(file string) (bool, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return false, err
	}
	lines := strings.Split(string(b), "\n")
	for j, l := range lines {
		v, ok := strings.CutPrefix(l, "name: ")
		if !ok {
			continue
		}
		switch {
		case len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0]:
			lines[j] = l[:len(l)-1] + " (renamed)" + v[:1] // inside the quotes
		case v != "" && !strings.ContainsAny(v[:1], ">|&*!%@`{[#") && !strings.Contains(v, " #"):
			lines[j] = l + " (renamed)"
		default:
			return false, nil
		}
		return true, os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644)
	}
	return false, nil
}

// hashBatch is how many subjects one query of graphHash asks for, so that each answer stays
// small (Virtuoso 7.2 answers 500 to a GET of a whole graph of millions of triples).
const hashBatch = 200

// hashQueries is how many of graphHash's queries are in flight at once. The store spends its
// time per triple, not per query (1,000 subjects a query read no faster than 200), and one
// query at a time leaves a core idle: Virtuoso on two cores read about 13,000 triples a second
// with one query at a time, 22,000 with two and 30,000 with four (3.47 M-triple graph).
const hashQueries = 4

// graphHash reads a graph from the store, subject by subject, and returns the SHA-256 of its
// triples: subjects are those of the dump loaded (dumpSubjects), asked for hashBatch at a time,
// hashQueries batches at once; each batch's triples, written one a line, are sorted and hashed
// in the order of the batches, so that two graphs holding the same triples hash alike however
// the answers interleave. A graph with a triple whose subject is not among subjects fails, as
// count (the graph's) then differs from the number of triples hashed.
func graphHash(ctx context.Context, c *store.Client, endpoint, graph string, subjects []string, count int64) (string, error) {
	h := sha256.New()
	var seen int64
	read := func(batch []string) ([]string, error) {
		q := "SELECT ?s ?p ?o WHERE { GRAPH <" + graph + "> { VALUES ?s { " + strings.Join(batch, " ") + " } ?s ?p ?o } }"
		res, err := c.Select(ctx, endpoint, "read the triples of "+graph, q, nil)
		if err != nil {
			return nil, err
		}
		lines := make([]string, 0, len(res.Results.Bindings))
		for _, b := range res.Results.Bindings {
			lines = append(lines, term(b["s"])+" "+term(b["p"])+" "+term(b["o"]))
		}
		slices.Sort(lines)
		return lines, nil
	}
	for len(subjects) > 0 {
		// One round: up to hashQueries batches read at once, then hashed in their order.
		var batches [][]string
		for len(subjects) > 0 && len(batches) < hashQueries {
			b := subjects[:min(hashBatch, len(subjects))]
			subjects = subjects[len(b):]
			batches = append(batches, b)
		}
		lines := make([][]string, len(batches))
		errs := make([]error, len(batches))
		var wg sync.WaitGroup
		for i, b := range batches {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lines[i], errs[i] = read(b)
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return "", err
		}
		for _, ls := range lines {
			for _, l := range ls {
				io.WriteString(h, l+"\n")
			}
			seen += int64(len(ls))
		}
	}
	if seen != count {
		return "", fmt.Errorf("%s: its subjects in the dump have %d triples, the graph %d", graph, seen, count)
	}
	return fmt.Sprintf("%s (%d triples)", hex.EncodeToString(h.Sum(nil))[:16], seen), nil
}

// term writes one value of a SPARQL JSON result the same way whatever store or format gave it.
func term(b store.Binding) string {
	switch b.Type {
	case "uri":
		return "<" + b.Value + ">"
	case "bnode":
		return "_:" + b.Value
	}
	q := strconv.Quote(b.Value)
	switch {
	case b.Lang != "":
		return q + "@" + strings.ToLower(b.Lang)
	case b.Datatype != "" && b.Datatype != "http://www.w3.org/2001/XMLSchema#string":
		return q + "^^<" + b.Datatype + ">"
	}
	return q
}

// dumpSubjects returns the distinct subjects of an N-Triples file as written there (IRIs in
// angle brackets), sorted.
func dumpSubjects(file string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	set := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		l := sc.Bytes()
		if len(l) == 0 || l[0] != '<' {
			continue // comments, blank lines (the dumps have no blank nodes)
		}
		if i := bytes.IndexByte(l, '>'); i > 0 && !set[string(l[:i+1])] {
			set[string(l[:i+1])] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	slices.Sort(out)
	return out, nil
}

// WriteLoadText prints the rows as a table with the ratios and their goals.
func WriteLoadText(w io.Writer, rows []LoadRow) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-9s %-11s %-16s %12s %12s %12s %14s %14s\n", "records", "triples", "change", "full load", "load --since", "one GSP PUT", "since/full", "PUT/full")
	for _, r := range rows {
		put, perPUT := fmt.Sprintf("%10.2f s", r.PUT), fmt.Sprintf("%.2f (≥%.2f)", r.FullOverPUT(), GoalFullOverPUT)
		if r.PUTNote != "" {
			put, perPUT = fmt.Sprintf("%12s", "refused"), "n/a"
		}
		fmt.Fprintf(&b, "%-9d %-11d %-16s %10.2f s %10.2f s %s %14s %14s\n", r.Records, r.Triples,
			fmt.Sprintf("-%d +%d", r.Deleted, r.Added), r.Full, r.Since, put,
			fmt.Sprintf("%.3f (≤%.2f)", r.SinceOverFull(), GoalSinceOverFull), perPUT)
	}
	for _, r := range rows {
		putRate := fmt.Sprintf("one GSP PUT %.0f triples/s", float64(r.Triples)/r.PUT)
		if r.PUTNote != "" {
			putRate = "one GSP PUT " + r.PUTNote
		}
		fmt.Fprintf(&b, "%d records: full load %.0f triples/s (%.1f s of it the MOVE), %s; after load --since the graph equals the full load (%d triples, all in common", r.Records,
			float64(r.Triples)/r.Full, r.Move, putRate, r.Count)
		if r.Hashed {
			fmt.Fprintf(&b, ", sorted triples sha256 %s", r.Hash)
		} else if r.HashNote != "" {
			fmt.Fprintf(&b, "; %s", r.HashNote)
		}
		b.WriteString(")\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
