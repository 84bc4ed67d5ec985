package store

import (
	"fmt"
	"strings"

	"github.com/coopgraph/coopgraph/internal/diag"
)

// StepKind names what a step of a load does.
type StepKind int

// The kinds of steps, in the order a replace runs them.
const (
	// CountTarget takes the target graph's count, for the report and the failure messages.
	CountTarget StepKind = iota
	// RemoveStale removes the staging graphs that earlier runs into the same target left
	// (killed, or unable to remove them): graphs named as StagingGraph names them.
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
}

// String says what the step does, in one line.
func (s Step) String() string {
	switch s.Kind {
	case CountTarget:
		return fmt.Sprintf("count the triples of %s at %s", angle(s.Graph), s.Endpoint)
	case RemoveStale:
		return fmt.Sprintf("remove the staging graphs that earlier loads left for %s (%s-staging-…) at %s", angle(s.Graph), s.Graph, s.Endpoint)
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
	return &Plan{Graph: opt.Graph, Staging: staging, Summary: sum, Steps: []Step{
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
