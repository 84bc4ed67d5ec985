// Package testkit is shared by the tests: it reads RDF back with parsers coopgraph does not own
// (knakk/rdf's decoders and json-gold in-process; rapper, Apache Jena riot and the JavaScript
// parsers jsonld.js and N3.js as programs) into comparable graphs. Programs that are missing make
// a test skip, except under COOPGRAPH_REQUIRE_TOOLS=1 (set by make check), where they fail it.
package testkit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
	krdf "github.com/knakk/rdf"
	"github.com/piprate/json-gold/ld"
)

// Root returns the repository's top folder.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// RequireTools reports whether missing programs must fail tests instead of skipping them.
func RequireTools() bool { return os.Getenv("COOPGRAPH_REQUIRE_TOOLS") == "1" }

// Missing skips the test (or fails it under COOPGRAPH_REQUIRE_TOOLS=1) because of what.
func Missing(t testing.TB, what string) {
	t.Helper()
	if RequireTools() {
		t.Fatalf("%s (COOPGRAPH_REQUIRE_TOOLS=1: run .ci/deps.sh or make check)", what)
	}
	t.Skipf("skipped: %s (run .ci/deps.sh to install it)", what)
}

// External skips the test under -short: it runs a program outside Go (an independent parser,
// a store, a browser), which `make test-short` leaves to `make check`.
func External(t testing.TB, what string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("skipped in -short mode: runs %s (make check runs it)", what)
	}
}

// Tool returns the path of a program, or skips/fails the test when it is not installed. Under
// -short it skips: see External.
func Tool(t testing.TB, name string) string {
	t.Helper()
	External(t, name)
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name+" is not installed")
	}
	return p
}

// Graph is a set of triples, each in canonical N-Triples form.
type Graph map[string]struct{}

// Len returns the number of triples.
func (g Graph) Len() int { return len(g) }

// Lines returns the triples sorted.
func (g Graph) Lines() []string {
	out := make([]string, 0, len(g))
	for l := range g {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// Diff describes how g and h differ ("" when equal), showing at most a few triples of each side.
func Diff(g, h Graph) string {
	var only1, only2 []string
	for l := range g {
		if _, ok := h[l]; !ok {
			only1 = append(only1, l)
		}
	}
	for l := range h {
		if _, ok := g[l]; !ok {
			only2 = append(only2, l)
		}
	}
	if len(only1)+len(only2) == 0 {
		return ""
	}
	slices.Sort(only1)
	slices.Sort(only2)
	show := func(s []string) string {
		if len(s) > 5 {
			return strings.Join(s[:5], "") + fmt.Sprintf("… and %d more\n", len(s)-5)
		}
		return strings.Join(s, "")
	}
	return fmt.Sprintf("%d triples only in the first:\n%s%d triples only in the second:\n%s", len(only1), show(only1), len(only2), show(only2))
}

// Add puts one triple in canonical form into g.
func (g Graph) Add(t rdf.Triple) error {
	b, err := ntriples.AppendTriple(nil, t)
	if err != nil {
		return err
	}
	g[string(b)] = struct{}{}
	return nil
}

// FromTriples builds a graph from coopgraph's own triples.
func FromTriples(ts []rdf.Triple) (Graph, error) {
	g := Graph{}
	for _, t := range ts {
		if err := g.Add(t); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// KnakkTriples decodes N-Triples or Turtle with knakk/rdf's decoders, in document order.
func KnakkTriples(r io.Reader, format krdf.Format) ([]rdf.Triple, error) {
	dec := krdf.NewTripleDecoder(r, format)
	var out []rdf.Triple
	for {
		t, err := dec.Decode()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rdf.Triple{S: fromKnakk(t.Subj), P: fromKnakk(t.Pred), O: fromKnakk(t.Obj)})
	}
}

// Knakk decodes N-Triples or Turtle with knakk/rdf's decoders into a graph.
func Knakk(r io.Reader, format krdf.Format) (Graph, error) {
	ts, err := KnakkTriples(r, format)
	if err != nil {
		return nil, err
	}
	return FromTriples(ts)
}

func fromKnakk(t krdf.Term) rdf.Term {
	switch x := t.(type) {
	case krdf.IRI:
		return rdf.NewIRI(x.String())
	case krdf.Blank:
		return rdf.NewBlank(x.String())
	case krdf.Literal:
		if x.Lang() != "" {
			return rdf.NewLangString(x.String(), x.Lang())
		}
		return rdf.NewTyped(x.String(), x.DataType.String())
	}
	return rdf.Term{}
}

// ParseNTriples reads N-Triples with knakk/rdf.
func ParseNTriples(b []byte) (Graph, error) { return Knakk(bytes.NewReader(b), krdf.NTriples) }

// ParseNQuads reads N-Quads with knakk/rdf into the graph of their triples; every quad must be
// in the named graph given.
func ParseNQuads(b []byte, graph string) (Graph, error) {
	dec := krdf.NewQuadDecoder(bytes.NewReader(b), krdf.NQuads)
	var ts []rdf.Triple
	for {
		q, err := dec.Decode()
		if err == io.EOF {
			return FromTriples(ts)
		}
		if err != nil {
			return nil, err
		}
		if q.Ctx == nil || q.Ctx.String() != graph {
			return nil, fmt.Errorf("a quad outside the graph %s: %v", graph, q)
		}
		ts = append(ts, rdf.Triple{S: fromKnakk(q.Subj), P: fromKnakk(q.Pred), O: fromKnakk(q.Obj)})
	}
}

// ParseTurtle reads Turtle with knakk/rdf.
func ParseTurtle(b []byte) (Graph, error) { return Knakk(bytes.NewReader(b), krdf.Turtle) }

// JSONGold reads JSON-LD with json-gold, offline: any attempt to load a document (a remote
// context) is an error, and SafeMode makes dropped values errors instead of silent losses.
func JSONGold(data []byte) (Graph, error) {
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = refuseLoader{}
	opts.SafeMode = true
	res, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		return nil, err
	}
	ds, ok := res.(*ld.RDFDataset)
	if !ok {
		return nil, fmt.Errorf("json-gold returned %T", res)
	}
	g := Graph{}
	for name, quads := range ds.Graphs {
		if name != "@default" && len(quads) > 0 {
			return nil, fmt.Errorf("unexpected named graph %s", name)
		}
		for _, q := range quads {
			if err := g.Add(rdf.Triple{S: fromGold(q.Subject), P: fromGold(q.Predicate), O: fromGold(q.Object)}); err != nil {
				return nil, err
			}
		}
	}
	return g, nil
}

type refuseLoader struct{}

func (refuseLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, fmt.Errorf("refusing to load %s: documents must be self-contained", u)
}

func fromGold(n ld.Node) rdf.Term {
	switch x := n.(type) {
	case ld.IRI:
		return rdf.NewIRI(x.Value)
	case *ld.IRI:
		return rdf.NewIRI(x.Value)
	case ld.BlankNode:
		return rdf.NewBlank(strings.TrimPrefix(x.Attribute, "_:"))
	case *ld.BlankNode:
		return rdf.NewBlank(strings.TrimPrefix(x.Attribute, "_:"))
	case ld.Literal:
		return goldLiteral(x)
	case *ld.Literal:
		return goldLiteral(*x)
	}
	return rdf.Term{}
}

func goldLiteral(l ld.Literal) rdf.Term {
	if l.Language != "" {
		return rdf.NewLangString(l.Value, l.Language)
	}
	return rdf.NewTyped(l.Value, l.Datatype)
}

// run executes a program and returns its standard output, failing the test on error.
func run(t testing.TB, dir string, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tail(errb.String()))
	}
	return out.Bytes()
}

func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}

// Rapper parses file with rapper (Raptor) in the syntax its extension names.
func Rapper(t testing.TB, file string) Graph {
	t.Helper()
	bin := Tool(t, "rapper")
	syntax := map[string]string{".ttl": "turtle", ".nt": "ntriples"}[filepath.Ext(file)]
	if syntax == "" {
		t.Fatalf("rapper: no syntax for %s", file)
	}
	return mustNT(t, "rapper", run(t, "", bin, "-q", "-i", syntax, "-o", "ntriples", file))
}

// JS parses files with the JavaScript parsers (jsonld.js for .jsonld, N3.js otherwise), in the
// test binary's one Node.js process.
func JS(t testing.TB, file string) Graph {
	t.Helper()
	Tool(t, "node")
	if _, err := os.Stat(filepath.Join(Root(), ".ci", "node", "node_modules", "jsonld")); err != nil {
		Missing(t, "npm packages are not installed in .ci/node")
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	out, err := nodeServer.ask(abs)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return mustNT(t, "node", out)
}

// JSEach parses many files with the JavaScript parsers and returns each file's graph.
func JSEach(t testing.TB, files ...string) map[string]Graph {
	t.Helper()
	out := map[string]Graph{}
	for _, f := range files {
		out[f] = JS(t, f)
	}
	return out
}

func mustNT(t testing.TB, who string, out []byte) Graph {
	t.Helper()
	g, err := ParseNTriples(out)
	if err != nil {
		t.Fatalf("reading %s's N-Triples: %v", who, err)
	}
	return g
}

// SharedRefs returns ../shared/refs beside the repository, or skips the test with a clear
// message when it is absent (it is there on development and CI machines, not on users').
func SharedRefs(t testing.TB) string {
	t.Helper()
	p := filepath.Join(Root(), "..", "shared", "refs")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipped: %s is absent (reference files present only on development and CI machines)", p)
	}
	return p
}

// SharedSeeds returns the text of the seed documents in ../shared/seeds, or skips the test with
// a clear message when they are absent (as on users' machines).
func SharedSeeds(t testing.TB) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(Root(), "..", "shared", "seeds", "*.txt"))
	if len(files) == 0 {
		t.Skipf("skipped: no seed document in %s (present only on development and CI machines)", filepath.Join(Root(), "..", "shared", "seeds"))
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.String()
}

// Violation is one result of a SHACL validation report.
type Violation struct {
	FocusNode string
	Path      string // the result path's IRI ("" when the shape has none)
	Component string // the constraint component's IRI
}

// SHACLReport is what a SHACL engine says of a data graph.
type SHACLReport struct {
	Conforms   bool
	Violations []Violation
	Raw        string // the engine's own report, for failure messages
}

// Has reports whether a violation of path at focus is in the report.
func (r SHACLReport) Has(focus, path string) bool {
	for _, v := range r.Violations {
		if v.FocusNode == focus && v.Path == path {
			return true
		}
	}
	return false
}

// JenaSHACL validates the data file against the shapes file with Apache Jena's SHACL validator
// (in the test binary's one Jena process, as `shacl.shacl validate` runs it). The answer is read
// from its report (Turtle, parsed here with knakk/rdf): sh:conforms, and each sh:result's focus
// node and path.
func JenaSHACL(t testing.TB, shapes, data string) SHACLReport {
	t.Helper()
	needJena(t, "jena-shacl.jar")
	out, err := jena("shacl", shapes, data)
	if err != nil {
		t.Fatalf("%v", err)
	}
	ts, err := KnakkTriples(bytes.NewReader(out), krdf.Turtle)
	if err != nil {
		t.Fatalf("reading Jena's SHACL report: %v\n%s", err, tail(string(out)))
	}
	rep := SHACLReport{Raw: string(out)}
	found := false
	results := map[string]*Violation{}
	var order []string
	for _, tr := range ts {
		switch tr.P.Value {
		case shConforms:
			found = true
			rep.Conforms = tr.O.Value == "true"
		case shFocusNode, shResultPath, shSourceComponent:
			v := results[tr.S.Value]
			if v == nil {
				v = &Violation{}
				results[tr.S.Value] = v
				order = append(order, tr.S.Value)
			}
			switch tr.P.Value {
			case shFocusNode:
				v.FocusNode = tr.O.Value
			case shResultPath:
				v.Path = tr.O.Value
			default:
				v.Component = tr.O.Value
			}
		}
	}
	if !found {
		t.Fatalf("Jena's SHACL report has no sh:conforms:\n%s", tail(string(out)))
	}
	for _, k := range order {
		rep.Violations = append(rep.Violations, *results[k])
	}
	return rep
}

// JSSHACL validates the data file against the shapes file with the npm package
// rdf-validate-shacl (through .ci/node/shacl.mjs, which prints its report as JSON).
func JSSHACL(t testing.TB, shapes, data string) SHACLReport {
	t.Helper()
	node := Tool(t, "node")
	if _, err := os.Stat(filepath.Join(Root(), ".ci", "node", "node_modules", "rdf-validate-shacl")); err != nil {
		Missing(t, "npm packages are not installed in .ci/node")
	}
	cmd := exec.Command(node, filepath.Join(Root(), ".ci", "node", "shacl.mjs"), shapes, data)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		t.Fatalf("rdf-validate-shacl: %v\n%s", err, tail(errb.String()))
	}
	var doc struct {
		Conforms *bool `json:"conforms"`
		Results  []struct {
			FocusNode string `json:"focusNode"`
			Path      string `json:"path"`
			Component string `json:"component"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || doc.Conforms == nil {
		t.Fatalf("reading rdf-validate-shacl's report: %v\n%s", err, tail(out.String()))
	}
	if *doc.Conforms != (err == nil) {
		t.Fatalf("rdf-validate-shacl's exit code disagrees with its report")
	}
	rep := SHACLReport{Conforms: *doc.Conforms, Raw: out.String()}
	for _, r := range doc.Results {
		rep.Violations = append(rep.Violations, Violation{FocusNode: r.FocusNode, Path: r.Path, Component: r.Component})
	}
	return rep
}

// SHACL terms read from reports.
const (
	shConforms        = vocab.SHConforms
	shFocusNode       = vocab.SH + "focusNode"
	shResultPath      = vocab.SH + "resultPath"
	shSourceComponent = vocab.SH + "sourceConstraintComponent"
)
