package encode_test

import (
	"bytes"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/jsonld"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/encode/turtle"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

func write(t *testing.T, f encode.Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	var e encode.Encoder
	switch f {
	case encode.Turtle:
		e = turtle.NewEncoder(&buf, turtle.Options{Header: []string{"a header\nover two lines"}})
	case encode.JSONLD:
		e = jsonld.NewEncoder(&buf, jsonld.Options{})
	default:
		e = ntriples.NewEncoder(&buf)
	}
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

// TestRoundTrip writes the tricky triples in each format and reads them back with knakk/rdf
// (N-Triples, Turtle) and json-gold (JSON-LD): the graph must be exactly the input.
func TestRoundTrip(t *testing.T) {
	want, err := testkit.FromTriples(testkit.TrickyTriples())
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]func([]byte) (testkit.Graph, error){
		"ttl": testkit.ParseTurtle, "nt": testkit.ParseNTriples, "jsonld": testkit.JSONGold,
	}
	for _, f := range encode.Formats {
		t.Run(f.Name, func(t *testing.T) {
			got, err := read[f.Name](write(t, f))
			if err != nil {
				t.Fatalf("reading back: %v", err)
			}
			if d := testkit.Diff(want, got); d != "" {
				t.Error(d)
			}
		})
	}
}

// TestRoundTripIndependentTools does the same through rapper, riot and the JavaScript parsers.
func TestRoundTripIndependentTools(t *testing.T) {
	want, _ := testkit.FromTriples(testkit.TrickyTriples())
	dir := t.TempDir()
	for _, f := range encode.Formats {
		p := dir + "/tricky" + f.Ext
		if err := writeFile(p, write(t, f)); err != nil {
			t.Fatal(err)
		}
		parsers := map[string]func(testing.TB, string) testkit.Graph{"riot": testkit.Riot, "js": testkit.JS}
		if f != encode.JSONLD {
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
