package mapping_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/vocab"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func load(t *testing.T, path string) record.Record {
	t.Helper()
	doc, l := source.Load(path)
	if len(l) > 0 {
		t.Fatal(l)
	}
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	if l := v.Validate(doc); len(l) > 0 {
		t.Fatal(l)
	}
	r, l := record.From(doc, record.Options{})
	if len(l) > 0 {
		t.Fatal(l)
	}
	return r
}

// TestGolden pins the triples of a record that uses every field.
func TestGolden(t *testing.T) {
	r := load(t, "testdata/full-example.yaml")
	ts := mapping.New(vocab.DefaultBase).Map(nil, &r)
	var b []byte
	for _, tr := range ts {
		var err error
		if b, err = ntriples.AppendTriple(b, tr); err != nil {
			t.Fatal(err)
		}
	}
	golden := filepath.Join("testdata", "full-example.nt")
	if *update {
		if err := os.WriteFile(golden, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("triples differ from %s (run go test -update to accept):\n%s", golden, b)
	}
}

func TestMappingIsSortedAbsoluteAndBlankFree(t *testing.T) {
	r := load(t, "testdata/full-example.yaml")
	ts := mapping.New("https://base.example/data/").Map(nil, &r)
	if !slices.IsSortedFunc(ts, rdf.CompareTriples) {
		t.Error("triples are not sorted")
	}
	for i := 1; i < len(ts); i++ {
		if rdf.CompareTriples(ts[i-1], ts[i]) == 0 {
			t.Errorf("duplicate triple %v", ts[i])
		}
	}
	for _, tr := range ts {
		for _, term := range []rdf.Term{tr.S, tr.P, tr.O} {
			if term.Kind == rdf.Blank {
				t.Errorf("blank node in %v", tr)
			}
			if term.Kind == rdf.IRI {
				if err := iri.Check(term.Value); err != nil {
					t.Errorf("%s: %v", term.Value, err)
				}
			}
		}
		if !strings.HasPrefix(tr.S.Value, "https://base.example/data/id/full-example") {
			t.Errorf("subject %s outside the record's IRI space", tr.S.Value)
		}
	}
}

func TestSourcesOfOnePageGiveOneDctSource(t *testing.T) {
	r := load(t, "testdata/full-example.yaml")
	n := 0
	for _, tr := range mapping.New(vocab.DefaultBase).Map(nil, &r) {
		if tr.P.Value == vocab.DCTSource {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d dct:source triples for 2 distinct pages", n)
	}
}

func TestMapAppendsToDst(t *testing.T) {
	r := load(t, "testdata/full-example.yaml")
	m := mapping.New(vocab.DefaultBase)
	one := m.Map(nil, &r)
	two := m.Map(slices.Clone(one), &r)
	if len(two) != 2*len(one) || !slices.Equal(two[:len(one)], one) || !slices.Equal(two[len(one):], one) {
		t.Error("Map did not append after the existing triples")
	}
}

func TestDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"53.50": "53.5", "-2.2374490": "-2.237449", "7": "7.0", "1e-5": "0.00001", "-0": "-0.0", "1E2": "100.0",
	} {
		if got := mapping.Decimal(in); got != want {
			t.Errorf("Decimal(%q) = %q, want %q", in, got, want)
		}
	}
}
