package store

import (
	"fmt"
	"strings"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/rdf"
)

// StepKind names what a step of a load does.
type StepKind int

// The kinds of steps, in the order a replace runs them.
const (
	// CountTarget takes the target graph's count, for the report and the failure messages.
	CountTarget StepKind = iota
	// RemoveStale removes the staging graphs that earlier runs into the same target left
	// (killed, or unable to remove them), as noted in the target's Registry and named as
	// StagingGraph names them; then it notes the plan's own staging graphs there.
	RemoveStale
	// ClearStaging drops the staging graph (it also shows, before any data is sent, that the
	// user may change graphs).
	ClearStaging
	// Send puts the triples into the staging graph in batches.
	Send
	// CheckStaging counts the staging graph: it must hold the dump's distinct triples.
	CheckStaging
	// Move moves the staging graph onto the target in one request.
	Move
	// CheckTarget counts the target graph: it must hold the dump's distinct triples.
	CheckTarget
	// CheckHolds checks that the target holds the old dump of a change: its count, and a
	// sample of the old dump's triples (else ErrNotOld, and nothing was changed).
	CheckHolds
	// Patch sends the whole change as one SPARQL Update request:
	// DELETE DATA { … } ; INSERT DATA { … }.
	Patch
	// Apply applies a change held in two staging graphs (the triples to delete, those to
	// insert) to the target, in one SPARQL Update request (DELETE … WHERE ; INSERT … WHERE).
	Apply
	// DropTemp drops the staging graphs of a change after it was applied.
	DropTemp
	// CheckChange checks that the target holds every triple the change deletes and none it
	// inserts (else ErrNotOld, and nothing was changed): the triples are in the request, or,
	// when To is set, in the staging graphs Graph (deletes) and To (inserts).
	CheckChange
)

// Step is one step of a load: what it does, on which graph, at which endpoint.
type Step struct {
	Kind     StepKind
	Graph    string // the graph the step acts on (for Move, the staging graph)
	To       string // Move's target graph
	Endpoint string
	// Triples is the number of triples sent (Send) or expected (CheckStaging, CheckTarget).
	Triples int64
	// Requests and Batch tell how Send sends: Requests requests of at most Batch triples,
	// through the Graph Store Protocol (GSP true) or as INSERT DATA.
	Requests int64
	Batch    int
	GSP      bool
	// Input is what Send sends (nil: the load's input).
	Input *Input
	// For CheckHolds: the triples the target must hold (Sample) and must not (Absent); for
	// Patch and Apply, the change; for Apply and DropTemp, Graph and To are the staging graphs
	// of the triples to delete and to insert, Target the graph changed.
	Sample, Absent []rdf.Triple
	Change         *Change
	Target         string
}

// String says what the step does, in one line.
func (s Step) String() string {
	switch s.Kind {
	case CountTarget:
		return fmt.Sprintf("count the triples of %s at %s", angle(s.Graph), s.Endpoint)
	case RemoveStale:
		return fmt.Sprintf("remove the staging graphs that earlier loads into %s left (noted in %s), and note this load's, at %s", angle(s.Graph), angle(Registry(s.Graph)), s.Endpoint)
	case ClearStaging:
		return fmt.Sprintf("clear the staging graph %s at %s", angle(s.Graph), s.Endpoint)
	case Send:
		verb := "INSERT DATA"
		if s.GSP {
			verb = "POST"
		}
		return fmt.Sprintf("%s %s into the staging graph at %s, in %s of at most %d", verb, diag.Count(s.Triples, "triple"), s.Endpoint, diag.Count(s.Requests, "request"), s.Batch)
	case CheckStaging:
		return fmt.Sprintf("check that the staging graph holds %s", diag.Count(s.Triples, "triple"))
	case Move:
		return fmt.Sprintf("MOVE the staging graph onto %s at %s", angle(s.To), s.Endpoint)
	case CheckTarget:
		return fmt.Sprintf("check that %s holds %s", angle(s.Graph), diag.Count(s.Triples, "triple"))
	case CheckHolds:
		return fmt.Sprintf("check that %s holds the old dump: %s, %d of them sampled (else load the whole dump)", angle(s.Graph), diag.Count(s.Triples, "triple"), len(s.Sample))
	case Patch:
		return fmt.Sprintf("DELETE DATA %s ; INSERT DATA %s in %s, in one request at %s", diag.Count(s.Change.Deletes, "triple"), diag.Count(s.Change.Inserts, "triple"), angle(s.Graph), s.Endpoint)
	case Apply:
		return fmt.Sprintf("delete from %s the triples of %s and insert those of %s, in one request at %s", angle(s.Target), angle(s.Graph), angle(s.To), s.Endpoint)
	case DropTemp:
		return fmt.Sprintf("drop the staging graphs %s and %s at %s", angle(s.Graph), angle(s.To), s.Endpoint)
	case CheckChange:
		return fmt.Sprintf("check that %s holds the %d triples to delete and none of the %d to insert", angle(s.Target), s.Change.Deletes, s.Change.Inserts)
	}
	return fmt.Sprintf("step %d", int(s.Kind))
}

// Stale is a staging graph left by an earlier load.
type Stale struct {
	Graph   string
	Triples int64
}

// Plan is the steps of one load, made before anything is sent: `load --dry-run` prints it and
// the load runs it, step by step.
type Plan struct {
	Graph   string
	Staging string
	// Temp are the staging graphs the plan fills, removed when it fails before the target
	// changed.
	Temp    []string
	Summary Summary
	Steps   []Step
}

// NewPlan returns the plan of replacing opt.Graph with the input sum describes. A staging graph
// IRI is drawn when opt.Staging is empty.
func NewPlan(opt *Options, sum Summary) (*Plan, error) {
	staging := opt.Staging
	if staging == "" {
		s, err := StagingGraph(opt.Graph)
		if err != nil {
			return nil, err
		}
		staging = s
	}
	ep := opt.Endpoints
	size := opt.BatchSize()
	send := Step{Kind: Send, Graph: staging, Endpoint: ep.Update, Triples: sum.Distinct, Batch: size,
		Requests: (sum.Distinct + int64(size) - 1) / int64(size)}
	if ep.GSP != "" {
		send.Endpoint, send.GSP = ep.GSP, true
	}
	return &Plan{Graph: opt.Graph, Staging: staging, Temp: []string{staging}, Summary: sum, Steps: []Step{
		{Kind: CountTarget, Graph: opt.Graph, Endpoint: ep.Query},
		{Kind: RemoveStale, Graph: opt.Graph, Endpoint: ep.Update},
		{Kind: ClearStaging, Graph: staging, Endpoint: ep.Update},
		send,
		{Kind: CheckStaging, Graph: staging, Endpoint: ep.Query, Triples: sum.Distinct},
		{Kind: Move, Graph: staging, To: opt.Graph, Endpoint: ep.Update},
		{Kind: CheckTarget, Graph: opt.Graph, Endpoint: ep.Query, Triples: sum.Distinct},
	}}, nil
}

// String lists the steps, numbered, one a line.
func (p *Plan) String() string {
	var b strings.Builder
	for i, s := range p.Steps {
		fmt.Fprintf(&b, "  %d. %s\n", i+1, s)
	}
	return b.String()
}

// angle writes an IRI between angle brackets for people (a dry run's staging graph is a
// placeholder, not an IRI).
func angle(s string) string { return "<" + s + ">" }

// PatchSingle is the largest change sent as one DELETE DATA ; INSERT DATA request (or
// Options.Batch, when smaller): Virtuoso refuses SPARQL Update requests of much more than a
// thousand triples. Larger changes go into two staging graphs first (in batches), then are
// applied in one request.
const PatchSingle = DefaultUpdateBatch

// NewPatchPlan returns the plan of turning opt.Graph, which must hold the old dump of ch, into
// the new one, sending only the change. It checks first that the target holds the old dump
// (ErrNotOld otherwise, before anything changed). A change of at most PatchSingle triples goes
// as one DELETE DATA ; INSERT DATA request; a larger one into two staging graphs, then is
// applied to the target in one request, so that the target changes all at once either way.
func NewPatchPlan(opt *Options, ch *Change) (*Plan, error) {
	ep := opt.Endpoints
	p := &Plan{Graph: opt.Graph, Summary: Summary{Distinct: ch.New}}
	p.Steps = []Step{
		{Kind: CheckHolds, Graph: opt.Graph, Endpoint: ep.Query, Triples: ch.Old, Sample: ch.Sample, Absent: ch.InsertSample},
		{Kind: RemoveStale, Graph: opt.Graph, Endpoint: ep.Update},
	}
	single := PatchSingle
	if opt.Batch > 0 {
		single = min(single, opt.Batch)
	}
	if ch.Size() <= int64(single) {
		p.Steps = append(p.Steps,
			Step{Kind: CheckChange, Target: opt.Graph, Endpoint: ep.Query, Change: ch},
			Step{Kind: Patch, Graph: opt.Graph, Endpoint: ep.Update, Change: ch})
	} else {
		del, err := StagingGraph(opt.Graph)
		if err != nil {
			return nil, err
		}
		ins, err := StagingGraph(opt.Graph)
		if err != nil {
			return nil, err
		}
		p.Staging, p.Temp = del, []string{del, ins}
		size := opt.BatchSize()
		send := func(g, file string, n int64) Step {
			s := Step{Kind: Send, Graph: g, Endpoint: ep.Update, Triples: n, Batch: size,
				Requests: (n + int64(size) - 1) / int64(size), Input: &Input{Files: []string{file}}}
			if ep.GSP != "" {
				s.Endpoint, s.GSP = ep.GSP, true
			}
			return s
		}
		p.Steps = append(p.Steps,
			Step{Kind: ClearStaging, Graph: del, Endpoint: ep.Update},
			Step{Kind: ClearStaging, Graph: ins, Endpoint: ep.Update},
			send(del, ch.DeleteFile, ch.Deletes),
			send(ins, ch.InsertFile, ch.Inserts),
			Step{Kind: CheckStaging, Graph: del, Endpoint: ep.Query, Triples: ch.Deletes},
			Step{Kind: CheckStaging, Graph: ins, Endpoint: ep.Query, Triples: ch.Inserts},
			Step{Kind: CheckChange, Graph: del, To: ins, Target: opt.Graph, Endpoint: ep.Query, Change: ch},
			Step{Kind: Apply, Graph: del, To: ins, Target: opt.Graph, Endpoint: ep.Update, Change: ch},
			Step{Kind: DropTemp, Graph: del, To: ins, Endpoint: ep.Update},
		)
	}
	p.Steps = append(p.Steps, Step{Kind: CheckTarget, Graph: opt.Graph, Endpoint: ep.Query, Triples: ch.New})
	return p, nil
}
