package format_test

import (
	"bytes"
	"testing"

	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

// graph is the named graph the round trips write N-Quads in.
const graph = "https://w3id.org/coopgraph/dataset"

// write encodes the tricky triples in f through the registry's constructor.
func write(t *testing.T, f *format.Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	e := f.New(&buf, format.EncoderOptions{Header: []string{"a header\nover two lines"}, Graph: graph})
	for _, tr := range testkit.TrickyTriples() {
		if err := e.Encode(tr); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readers read each RDF syntax back with a parser that is not ours; a syntax added to the
// registry without one fails TestRoundTrip.
var readers = map[string]func([]byte) (testkit.Graph, error){
	"ttl":    testkit.ParseTurtle,
	"nt":     testkit.ParseNTriples,
	"jsonld": testkit.JSONGold,
	"nq":     func(b []byte) (testkit.Graph, error) { return testkit.ParseNQuads(b, graph) },
}

// TestRoundTrip writes the tricky triples in every RDF syntax of the registry and reads them
// back with knakk/rdf (N-Triples, N-Quads, Turtle) and json-gold (JSON-LD): the graph must be
// exactly the input.
func TestRoundTrip(t *testing.T) {
	want, err := testkit.FromTriples(testkit.TrickyTriples())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range format.RDF(format.All()) {
		t.Run(f.Name, func(t *testing.T) {
			read := readers[f.Name]
			if read == nil {
				t.Fatalf("no independent reader for the syntax %s: add one to readers", f.Name)
			}
			got, err := read(write(t, f))
			if err != nil {
				t.Fatalf("reading back: %v", err)
			}
			if d := testkit.Diff(want, got); d != "" {
				t.Error(d)
			}
		})
	}
}

// TestRoundTripIndependentTools does the same through rapper, riot and the JavaScript parsers,
// for the syntaxes of the dumps people download.
func TestRoundTripIndependentTools(t *testing.T) {
	if testing.Short() {
		t.Skip("starts rapper, riot and node: not under -short")
	}
	want, _ := testkit.FromTriples(testkit.TrickyTriples())
	dir := t.TempDir()
	for _, f := range format.RDF(format.Defaults()) {
		p := dir + "/tricky" + f.Ext
		if err := writeFile(p, write(t, f)); err != nil {
			t.Fatal(err)
		}
		parsers := map[string]func(testing.TB, string) testkit.Graph{"riot": testkit.Riot, "js": testkit.JS}
		if f != format.JSONLD {
			parsers["rapper"] = testkit.Rapper
		}
		for name, parse := range parsers {
			t.Run(f.Name+"/"+name, func(t *testing.T) {
				if d := testkit.Diff(want, parse(t, p)); d != "" {
					t.Error(d)
				}
			})
		}
	}
}
