// Package store loads dumps into SPARQL triple stores over HTTP: through the SPARQL 1.1 Graph
// Store HTTP Protocol, or SPARQL 1.1 Update alone. A load is all or nothing: the triples go into
// a staging graph, which is counted and only then moved onto the target graph in one request
// (SPARQL MOVE); any failure before the move leaves the target graph as it was and removes the
// staging graph. Dumps are streamed in batches, never held in memory whole.
package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/ntread"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/transport"
	"github.com/coopgraph/coopgraph/vocab"
)

// Default batch sizes, in triples per request. Virtuoso 7 refuses INSERT DATA requests of a few
// thousand triples ("SP030 … memory exhausted"), so Update batches stay at 1,000; the Graph
// Store Protocol takes much more per request, but stores cap request sizes, so big dumps still
// go in several POSTs.
const (
	DefaultUpdateBatch = 1000
	DefaultGSPBatch    = 50000
)

// ErrMismatch is returned when the store holds a different number of triples than the dump.
var ErrMismatch = errors.New("the store's count differs from the dump's")

// Options describe one load.
type Options struct {
	Input     Input
	Graph     string // the target graph IRI
	Endpoints Endpoints
	// Batch is the number of triples per request (0: DefaultGSPBatch or DefaultUpdateBatch).
	Batch int
	// Staging is the staging graph IRI; empty: Graph + "-staging-" + random hex.
	Staging  string
	Client   *Client
	Progress Progress
	// Parallel is the number of batches in flight at once (0 or 1: one at a time).
	Parallel int
	// CleanupTimeout bounds the removal of the staging graph after a failure or an interrupt
	// (0: one minute).
	CleanupTimeout time.Duration
}

// Result reports a load.
type Result struct {
	Summary Summary
	Staging string
	// Before and After are the target graph's counts before and after the load.
	Before, After int64
	Batches       int
	// Steps are the steps of the plan carried out, in order.
	Steps []Step
	// Stale are the staging graphs of earlier loads into the target that this one removed.
	Stale []Stale
	// Warnings are what went wrong after the target was loaded, without changing it.
	Warnings []string
	// MoveTries counts the MOVE requests sent (more than 1 when the first outcomes were
	// unknown and the counts showed the MOVE had not taken place).
	MoveTries int
}

// BatchSize returns the batch size a load uses.
func (o *Options) BatchSize() int {
	switch {
	case o.Batch > 0:
		return o.Batch
	case o.Endpoints.GSP != "":
		return DefaultGSPBatch
	}
	return DefaultUpdateBatch
}

// StagingGraph returns a fresh staging graph IRI for graph: graph + "-staging-" + 12 random hex
// digits. A staging graph left by a killed run is recognisable by that name (IsStagingOf), and
// the next load into graph removes it.
func StagingGraph(graph string) (string, error) {
	b := make([]byte, stagingRandom/2)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return graph + stagingInfix + hex.EncodeToString(b), nil
}

const (
	stagingInfix  = "-staging-"
	stagingRandom = 12 // hex digits
)

// IsStagingOf reports whether g is named as StagingGraph names the staging graphs of graph.
func IsStagingOf(g, graph string) bool {
	rest, ok := strings.CutPrefix(g, graph+stagingInfix)
	if !ok || len(rest) != stagingRandom {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Error is a failed load: what went wrong, and what became of the target and staging graphs.
type Error struct {
	Err     error
	Graph   string
	Staging string
	// Moved is true when the failure came after the staging graph was moved onto the target.
	Moved bool
	// Dropped reports whether the staging graph was removed; DropErr says why not.
	Dropped bool
	DropErr error
	// Before is the target's count before the load, After its count when the load failed
	// (-1: unknown).
	Before, After int64
}

func (e *Error) Error() string {
	msg := e.Err.Error()
	if errors.Is(e.Err, context.Canceled) {
		msg = "interrupted"
	}
	switch {
	case e.Moved:
		return msg
	case e.After >= 0 && e.After != e.Before:
		msg += fmt.Sprintf("; the target graph %s now holds %s (before: %d)", iriRef(e.Graph), diag.Count(e.After, "triple"), e.Before)
	default:
		msg += fmt.Sprintf("; the target graph %s was left as it was", iriRef(e.Graph))
	}
	if e.Staging != "" {
		if e.Dropped {
			msg += fmt.Sprintf("; the staging graph %s was removed", iriRef(e.Staging))
		} else {
			msg += fmt.Sprintf("; the staging graph %s could not be removed (%v): remove it with DROP SILENT GRAPH %s", iriRef(e.Staging), e.DropErr, iriRef(e.Staging))
		}
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Load puts opt.Input into opt.Graph, replacing what the graph held, all or nothing:
//
//  1. the input is read once and checked, and its distinct triples counted, before anything is
//     sent (a bad line stops the load with an *ntread.SyntaxError and the store untouched);
//  2. the target's count is taken, and the staging graph cleared;
//  3. the triples go into the staging graph in batches (GSP POST, or INSERT DATA);
//  4. the staging graph's count must equal the dump's (else ErrMismatch);
//  5. MOVE staging TO target replaces the target in one request;
//  6. the target's count must equal the dump's (else ErrMismatch).
//
// A failure or a cancelled ctx before step 5 leaves the target untouched and removes the
// staging graph (best effort; the *Error says whether it worked). Requests are retried as the
// Client's Retry allows, except the MOVE, whose outcome is checked instead.
func Load(ctx context.Context, opt Options) (Result, error) {
	var res Result
	sum, err := opt.Input.Scan(ctx)
	res.Summary = sum
	if err != nil {
		return res, err
	}
	return Replace(ctx, opt, sum)
}

// Replace is Load after the input has been scanned: it makes the plan (NewPlan) and runs it.
func Replace(ctx context.Context, opt Options, sum Summary) (Result, error) {
	p, err := NewPlan(&opt, sum)
	if err != nil {
		return Result{Summary: sum}, err
	}
	return p.Run(ctx, opt)
}

// Run carries out the plan's steps in order with opt's client and progress.
func (p *Plan) Run(ctx context.Context, opt Options) (Result, error) {
	res := Result{Summary: p.Summary, Staging: p.Staging}
	c, ep, sum := opt.Client, opt.Endpoints, p.Summary
	temp := p.Temp
	if len(temp) == 0 && p.Staging != "" {
		temp = []string{p.Staging}
	}
	fail := func(err error) (Result, error) {
		le := &Error{Err: err, Graph: p.Graph, Before: res.Before, After: -1}
		if len(temp) > 0 {
			le.Staging = temp[0]
		}
		cctx, cancel := cleanupContext(ctx, opt.CleanupTimeout)
		defer cancel()
		for _, g := range temp {
			if derr := dropStaging(cctx, c, ep, g); derr != nil && le.DropErr == nil {
				le.Staging, le.DropErr = g, derr
			}
		}
		le.Dropped = le.DropErr == nil
		if le.Dropped {
			unregister(cctx, c, ep, p.Graph, temp)
		}
		if n, err := c.Count(cctx, ep.Query, p.Graph); err == nil {
			le.After = n
		}
		return res, le
	}
	moved := func(err error, after int64) (Result, error) {
		return res, &Error{Err: err, Graph: p.Graph, Moved: true, Before: res.Before, After: after}
	}
	// settle tells, after a change whose outcome is unknown, whether the target still holds
	// the old dump (then the change did not happen).
	settle := func(st Step, err error) (bool, Result, error) {
		cctx, cancel := cleanupContext(ctx, opt.CleanupTimeout)
		defer cancel()
		if _, herr := holds(cctx, c, ep.Query, p.Graph, st.Change.Old, st.Change.Sample, st.Change.InsertSample); herr == nil {
			r, e := fail(err)
			return true, r, e
		}
		c.Log("the change's answer was lost, and the target no longer holds the old dump: it took place; the count will tell: %v", err)
		return false, res, nil
	}

	for _, st := range p.Steps {
		switch st.Kind {
		case CountTarget:
			before, err := c.Count(ctx, st.Endpoint, st.Graph)
			if err != nil {
				return res, err // nothing changed yet
			}
			res.Before = before
		case CheckHolds:
			n, err := holds(ctx, c, st.Endpoint, st.Graph, st.Triples, st.Sample, st.Absent)
			res.Before = n
			if err != nil {
				return res, err
			}
		case Patch:
			body, err := patchBody(st)
			if err != nil {
				return fail(err)
			}
			if body != nil {
				if err := c.update(ctx, st.Endpoint, "send the change (DELETE DATA ; INSERT DATA)", body, true); err != nil {
					if !unknownOutcome(err) {
						return fail(err)
					}
					if done, r, e := settle(st, err); done {
						return r, e
					}
				}
			}
		case Apply:
			t, d, i := iriRef(st.Target), iriRef(st.Graph), iriRef(st.To)
			u := "DELETE { GRAPH " + t + " { ?s ?p ?o } } WHERE { GRAPH " + d + " { ?s ?p ?o } } ;\n" +
				"INSERT { GRAPH " + t + " { ?s ?p ?o } } WHERE { GRAPH " + i + " { ?s ?p ?o } }"
			if err := c.Update(ctx, st.Endpoint, "apply the change to the target", u, true); err != nil {
				if !unknownOutcome(err) {
					return fail(err)
				}
				if done, r, e := settle(st, err); done {
					return r, e
				}
			}
		case CheckChange:
			if err := checkChange(ctx, c, st); err != nil {
				return fail(err)
			}
		case DropTemp:
			for _, g := range []string{st.Graph, st.To} {
				if err := dropStaging(context.WithoutCancel(ctx), c, ep, g); err != nil {
					res.Warnings = append(res.Warnings, fmt.Sprintf("the staging graph %s could not be removed (%v): the next load removes it, or DROP SILENT GRAPH %s", iriRef(g), err, iriRef(g)))
				}
			}
		case RemoveStale:
			if err := removeStale(ctx, c, ep, st, temp, &res); err != nil {
				return res, err // the target is untouched
			}
		case ClearStaging:
			if err := c.Update(ctx, st.Endpoint, "clear the staging graph", "DROP SILENT GRAPH "+iriRef(st.Graph), true); err != nil {
				return res, err
			}
		case Send:
			if err := send(ctx, opt, st, &res); err != nil {
				return fail(err)
			}
		case CheckStaging:
			n, err := c.Count(ctx, st.Endpoint, st.Graph)
			if err != nil {
				return fail(err)
			}
			if n != st.Triples {
				return fail(fmt.Errorf("%w: the staging graph holds %s, the dump %d", ErrMismatch, diag.Count(n, "triple"), st.Triples))
			}
			if err := ctx.Err(); err != nil {
				return fail(err)
			}
		case Move:
			if err := move(ctx, opt, st, sum.Distinct, &res); err != nil {
				var me *moveError
				if errors.As(err, &me) && me.moved {
					return moved(me.err, me.target)
				}
				return fail(err)
			}
		case CheckTarget:
			// The target is replaced: finish the check even if interrupted now.
			after, err := c.Count(context.WithoutCancel(ctx), st.Endpoint, st.Graph)
			if err != nil {
				return moved(err, -1)
			}
			res.After = after
			if after != st.Triples {
				return moved(fmt.Errorf("%w: %s holds %s after the load, the dump %d", ErrMismatch, iriRef(st.Graph), diag.Count(after, "triple"), st.Triples), after)
			}
		}
		res.Steps = append(res.Steps, st)
	}
	unregister(context.WithoutCancel(ctx), c, ep, p.Graph, temp)
	return res, nil
}

func cleanupContext(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		d = time.Minute
	}
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}

// send streams the input into the step's graph, reading the next batch while the store takes
// the current one.
func send(ctx context.Context, opt Options, st Step, res *Result) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	size := st.Batch
	var head, tail []byte
	in := &opt.Input
	if st.Input != nil {
		in = st.Input
	}
	if !st.GSP {
		head = []byte("INSERT DATA { GRAPH " + iriRef(st.Graph) + " {\n")
		tail = []byte("} }\n")
	}
	batches := make(chan batch, 1)
	readErr := make(chan error, 1)
	go func() { readErr <- in.batches(ctx, size, head, tail, batches) }()
	p := opt.Progress
	if p == nil {
		p = noProgress{}
	}
	p.Start(st.Triples)
	defer p.Finish()
	// Several requests in flight keep the store busy while it parses and while it writes.
	workers := max(opt.Parallel, 1)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				if ctx.Err() != nil {
					continue // drain
				}
				op := fmt.Sprintf("send triples %d-%d to the staging graph", b.first, b.first+int64(b.triples)-1)
				var err error
				if st.GSP {
					err = opt.Client.Post(ctx, st.Endpoint, op, st.Graph, b.body)
				} else {
					err = opt.Client.update(ctx, st.Endpoint, op, b.body, true)
				}
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					cancel()
				} else {
					res.Batches++
					p.Add(int64(b.triples))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	rerr := <-readErr
	if firstErr != nil {
		return firstErr
	}
	if rerr != nil {
		return rerr
	}
	return ctx.Err()
}

// Registry returns the graph in which loads into graph note the staging graphs they fill, one
// triple each (<staging> dct:created "time"), removed when the load is done with them: the next
// load finds there, at the cost of reading a few triples, what a killed one left.
func Registry(graph string) string { return graph + "-load-registry" }

// removeStale drops the staging graphs that earlier loads into st.Graph noted in the registry
// and left, then notes own (this load's staging graphs).
func removeStale(ctx context.Context, c *Client, ep Endpoints, st Step, own []string, res *Result) error {
	reg := iriRef(Registry(st.Graph))
	rows, err := c.Select(ctx, ep.Query, "list the staging graphs earlier loads noted", "SELECT DISTINCT ?g WHERE { GRAPH "+reg+" { ?g <"+vocab.DCTCreated+"> ?t } }", nil)
	if err != nil {
		return err
	}
	for _, b := range rows.Results.Bindings {
		g := b["g"].Value
		if b["g"].Type != "uri" || slices.Contains(own, g) || !IsStagingOf(g, st.Graph) {
			continue
		}
		n, err := c.Count(ctx, ep.Query, g)
		if err != nil {
			return err
		}
		if err := c.Update(ctx, st.Endpoint, "remove a staging graph left by an earlier load", "DROP SILENT GRAPH "+iriRef(g), true); err != nil {
			return err
		}
		if err := c.Update(ctx, st.Endpoint, "strike it from the registry", "DELETE WHERE { GRAPH "+reg+" { "+iriRef(g)+" ?p ?o } }", true); err != nil {
			return err
		}
		if n > 0 {
			res.Stale = append(res.Stale, Stale{Graph: g, Triples: n})
		}
	}
	if len(own) == 0 {
		return nil
	}
	now := time.Now().UTC().Format(time.RFC3339)
	u := "INSERT DATA { GRAPH " + reg + " {\n"
	for _, g := range own {
		u += iriRef(g) + " <" + vocab.DCTCreated + "> \"" + now + "\"^^<" + vocab.XSDDateTime + "> .\n"
	}
	return c.Update(ctx, st.Endpoint, "note the staging graphs in the registry", u+"} }", true)
}

// unregister strikes the staging graphs from the registry, best effort: a later load strikes
// what is left.
func unregister(ctx context.Context, c *Client, ep Endpoints, graph string, temp []string) {
	for _, g := range temp {
		if err := c.Update(ctx, ep.Update, "strike the staging graph from the registry", "DELETE WHERE { GRAPH "+iriRef(Registry(graph))+" { "+iriRef(g)+" ?p ?o } }", true); err != nil {
			c.Log("the registry keeps %s: %v", iriRef(g), err)
		}
	}
}

// moveError is a MOVE that failed; moved says the target was changed all the same.
type moveError struct {
	err    error
	moved  bool
	target int64
}

func (e *moveError) Error() string { return e.err.Error() }
func (e *moveError) Unwrap() error { return e.err }

// move sends MOVE staging TO target. A MOVE is not idempotent (sent again after it worked, it
// would move an empty graph onto the target), so it is never resent blindly: when its outcome
// is unknown (a 5xx, a dropped connection or answer, a timeout), the counts of both graphs
// settle it. The staging graph still holding the dump's triples means the MOVE did not take
// place, or has not yet: it is sent again (as the client's Retry allows) in a form that cannot
// empty the target should the first still land (guardedMove), moving the same checked triples. The
// staging graph empty and the target holding the dump's count means it took place. Anything
// else is reported, and nothing more is sent.
func move(ctx context.Context, opt Options, st Step, want int64, res *Result) error {
	c := opt.Client
	update := "MOVE " + iriRef(st.Graph) + " TO " + iriRef(st.To)
	attempts := max(c.Retry.Attempts, 1)
	for try := 0; ; try++ {
		res.MoveTries++
		if try == 1 {
			update = guardedMove(st.Graph, st.To)
		}
		err := c.Update(ctx, st.Endpoint, "move the staging graph onto the target", update, false)
		if err == nil {
			return nil
		}
		if !unknownOutcome(err) {
			return err // refused: the store did not move
		}
		// The staging graph is counted first, and the target only when that is needed.
		cctx, cancel := cleanupContext(ctx, opt.CleanupTimeout)
		s, serr := c.Count(cctx, opt.Endpoints.Query, st.Graph)
		var t int64
		var terr error
		if serr == nil && s == 0 {
			t, terr = c.Count(cctx, opt.Endpoints.Query, st.To)
		}
		cancel()
		switch {
		case serr != nil || terr != nil:
			return fmt.Errorf("%w; its outcome is unknown: the graphs could not be counted (%v)", err, errors.Join(serr, terr))
		case s == 0 && t == want:
			c.Log("the MOVE's answer was lost, but it took place: %v", err)
			return nil
		case s == want && try+1 < attempts && ctx.Err() == nil:
			w := c.Retry.Wait(try)
			c.Log("the MOVE did not take place (the staging graph still holds the %d triples): sent again in %v, as a replace that does nothing once the staging graph is empty: %v", s, w.Round(time.Millisecond), err)
			c.CountRetry()
			tm := time.NewTimer(w)
			select {
			case <-ctx.Done():
				tm.Stop()
				return fmt.Errorf("%w (%v)", ctx.Err(), err)
			case <-tm.C:
			}
		case s == want:
			return fmt.Errorf("%w (the MOVE did not take place after %d tries)", err, try+1)
		case s == 0:
			return &moveError{err: fmt.Errorf("%w; the staging graph is empty and the target holds %s, not %d: it was changed by something else", err, diag.Count(t, "triple"), want), moved: true, target: t}
		default:
			return fmt.Errorf("%w; the staging graph holds %s, neither the dump's %d nor none: its outcome is unknown", err, diag.Count(s, "triple"), want)
		}
	}
}

// guardedMove is what move sends instead of MOVE after a first MOVE's outcome was unknown: a
// MOVE the store is still running when the counts are taken (its answer timed out, but not its
// work) looks as if it had not taken place, and a second MOVE landing after it would move an
// empty graph onto the target, which Virtuoso 7.2 does without a word, emptying the target.
// This request replaces the target only while the staging graph holds triples, and does
// nothing once the first MOVE has emptied it (TestGuardedMove).
func guardedMove(staging, target string) string {
	s, t := iriRef(staging), iriRef(target)
	return "DELETE { GRAPH " + t + " { ?s ?p ?o } } WHERE { GRAPH " + t + " { ?s ?p ?o } FILTER EXISTS { GRAPH " + s + " { ?x ?y ?z } } } ;\n" +
		"INSERT { GRAPH " + t + " { ?s ?p ?o } } WHERE { GRAPH " + s + " { ?s ?p ?o } } ;\n" +
		"DROP SILENT GRAPH " + s
}

// unknownOutcome reports whether a failed request may or may not have been carried out: no
// answer, or a 5xx that is not a refusal.
func unknownOutcome(err error) bool {
	var ne *transport.NetError
	return errors.As(err, &ne) || errors.Is(err, transport.ErrUnavailable)
}

// dropStaging drops a staging graph and checks that it is gone: a request the store took but
// had not finished when we gave up on it may land after the DROP, so it looks again.
func dropStaging(ctx context.Context, c *Client, ep Endpoints, g string) error {
	if err := c.Update(ctx, ep.Update, "remove the staging graph", "DROP SILENT GRAPH "+iriRef(g), true); err != nil {
		return err
	}
	if n, err := c.Count(ctx, ep.Query, g); err == nil && n == 0 {
		return nil
	}
	if err := c.Update(ctx, ep.Update, "remove the staging graph again", "DROP SILENT GRAPH "+iriRef(g), true); err != nil {
		return err
	}
	n, err := c.Count(ctx, ep.Query, g)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("it still holds %s", diag.Count(n, "triple"))
	}
	return nil
}

// ErrNotOld is returned by a patch plan whose target does not hold the old dump: nothing was
// changed, and the whole dump must be loaded instead.
var ErrNotOld = errors.New("the target graph does not hold the old dump")

// holds checks that graph holds n triples, every triple of sample and none of absent; it
// returns the graph's count.
func holds(ctx context.Context, c *Client, query, graph string, n int64, sample, absent []rdf.Triple) (got int64, err error) {
	got, err = c.Count(ctx, query, graph)
	if err != nil {
		return got, err
	}
	if got != n {
		return got, fmt.Errorf("%w: it holds %s, the old dump %d", ErrNotOld, diag.Count(got, "triple"), n)
	}
	if len(sample) > 0 {
		// A count of a UNION, not an ASK of one pattern of many triples, which Virtuoso
		// takes half a second to plan.
		k, err := countTriples(ctx, c, query, "check a sample of the old dump's triples", iriRef(graph), sample)
		if err != nil {
			return got, err
		}
		if k != int64(len(sample)) {
			return got, fmt.Errorf("%w: it lacks %d of %d triples sampled from the old dump", ErrNotOld, int64(len(sample))-k, len(sample))
		}
	}
	if len(absent) > 0 {
		var b strings.Builder
		b.WriteString("ASK WHERE { GRAPH " + iriRef(graph) + " {\n")
		for i, t := range absent {
			if i > 0 {
				b.WriteString("UNION ")
			}
			b.WriteString("{ " + strings.TrimSuffix(triplesBlock([]rdf.Triple{t}), "\n") + " }\n")
		}
		b.WriteString("} }")
		ok, err := c.Ask(ctx, query, "check that the new dump's first triples are not there yet", b.String())
		if err != nil {
			return got, err
		}
		if ok {
			return got, fmt.Errorf("%w: it already holds some of the new dump's triples", ErrNotOld)
		}
	}
	return got, nil
}

// triplesBlock writes triples as N-Triples lines, which SPARQL reads as triple patterns.
func triplesBlock(ts []rdf.Triple) string {
	var b []byte
	for _, t := range ts {
		b, _ = ntriples.AppendTriple(b, t)
	}
	return string(b)
}

// patchBody is the one request of a Patch step: DELETE DATA { … } ; INSERT DATA { … } (the
// parts that are not empty); nil when the change is empty.
func patchBody(st Step) ([]byte, error) {
	var b bytes.Buffer
	for _, part := range []struct {
		op   string
		file string
		n    int64
	}{{"DELETE DATA", st.Change.DeleteFile, st.Change.Deletes}, {"INSERT DATA", st.Change.InsertFile, st.Change.Inserts}} {
		if part.n == 0 {
			continue
		}
		nt, err := os.ReadFile(part.file)
		if err != nil {
			return nil, err
		}
		if b.Len() > 0 {
			b.WriteString(" ;\n")
		}
		b.WriteString(part.op + " { GRAPH " + iriRef(st.Graph) + " {\n")
		b.Write(nt)
		b.WriteString("} }")
	}
	if b.Len() == 0 {
		return nil, nil
	}
	b.WriteString("\n")
	return b.Bytes(), nil
}

// checkChange runs a CheckChange step.
func checkChange(ctx context.Context, c *Client, st Step) error {
	ch, t := st.Change, iriRef(st.Target)
	count := func(what, graph, file string) (int64, error) {
		op := "count the triples to " + what + " that the target holds"
		if st.To != "" {
			// FILTER EXISTS, not a join of the two graphs, which Virtuoso plans from the big one.
			return c.CountQuery(ctx, st.Endpoint, op, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH "+iriRef(graph)+" { ?s ?p ?o } FILTER EXISTS { GRAPH "+t+" { ?s ?p ?o } } }")
		}
		return countInline(ctx, c, st.Endpoint, op, t, file)
	}
	if ch.Deletes > 0 {
		n, err := count("delete", st.Graph, ch.DeleteFile)
		if err != nil {
			return err
		}
		if n != ch.Deletes {
			return fmt.Errorf("%w: it holds %d of the %d triples to delete", ErrNotOld, n, ch.Deletes)
		}
	}
	if ch.Inserts > 0 {
		n, err := count("insert", st.To, ch.InsertFile)
		if err != nil {
			return err
		}
		if n != 0 {
			return fmt.Errorf("%w: it already holds %d of the %d triples to insert", ErrNotOld, n, ch.Inserts)
		}
	}
	return nil
}

// countInline counts the triples of file that graph holds (see countTriples).
func countInline(ctx context.Context, c *Client, endpoint, op, graph, file string) (int64, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := ntread.NewReader(f, file)
	var total int64
	var batch []rdf.Triple
	for r.Next() {
		if batch = append(batch, r.Triple()); len(batch) == 100 {
			n, err := countTriples(ctx, c, endpoint, op, graph, batch)
			if err != nil {
				return 0, err
			}
			total, batch = total+n, batch[:0]
		}
	}
	if err := r.Err(); err != nil {
		return 0, err
	}
	n, err := countTriples(ctx, c, endpoint, op, graph, batch)
	return total + n, err
}

// countTriples counts the triples of ts that graph holds (each as often as given), 100 a query, each query a
// UNION of the triples as patterns (Virtuoso 7 fails to match language-tagged literals given in
// a VALUES block of several rows).
func countTriples(ctx context.Context, c *Client, endpoint, op, graph string, ts []rdf.Triple) (int64, error) {
	var total int64
	for len(ts) > 0 {
		chunk := ts[:min(100, len(ts))]
		ts = ts[len(chunk):]
		var b strings.Builder
		b.WriteString("SELECT (COUNT(*) AS ?n) WHERE { GRAPH " + graph + " {\n")
		for i, t := range chunk {
			if i > 0 {
				b.WriteString("UNION ")
			}
			b.WriteString("{ " + strings.TrimSuffix(triplesBlock([]rdf.Triple{t}), "\n") + " }\n")
		}
		b.WriteString("} }")
		n, err := c.CountQuery(ctx, endpoint, op, b.String())
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
