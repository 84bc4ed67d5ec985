package encode_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/jsonld"
	"github.com/coopgraph/coopgraph/internal/encode/nquads"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/encode/turtle"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record/recordtest"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

var splicers = []struct {
	name string
	new  func(*bytes.Buffer) encode.Splicer
}{
	{"turtle", func(b *bytes.Buffer) encode.Splicer {
		return turtle.NewEncoder(b, turtle.Options{Header: []string{"header"}})
	}},
	{"ntriples", func(b *bytes.Buffer) encode.Splicer { return ntriples.NewEncoder(b) }},
	{"nquads", func(b *bytes.Buffer) encode.Splicer {
		return nquads.NewEncoder(b, "https://w3id.org/coopgraph/dataset")
	}},
	{"jsonld", func(b *bytes.Buffer) encode.Splicer { return jsonld.NewEncoder(b, jsonld.Options{}) }},
}

// records cuts sorted triples into records: runs of triples whose subjects share a document
// (the IRI without its fragment), as the mapping makes them.
func records(ts []rdf.Triple) [][]rdf.Triple {
	doc := func(t rdf.Triple) string {
		s := t.S.Value
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = s[:i]
		}
		return s
	}
	var out [][]rdf.Triple
	for i := 0; i < len(ts); {
		j := i + 1
		for j < len(ts) && doc(ts[j]) == doc(ts[i]) {
			j++
		}
		out = append(out, ts[i:j])
		i = j
	}
	return out
}

// TestSpliceGivesTheStream: records rendered apart, by several renderers taking turns (as the
// export's workers do), and spliced in order give the bytes of encoding every triple in turn;
// so do mixes of Encode and Splice (an imported dataset's description is encoded, its records
// spliced), and a first record that is spliced or encoded.
func TestSpliceGivesTheStream(t *testing.T) {
	inputs := map[string][]rdf.Triple{
		"synthetic": recordtest.Synth(400),
		"small":     testkit.SmallTriples(),
		"tricky":    testkit.TrickyTriples(),
	}
	for _, sp := range splicers {
		for name, ts := range inputs {
			t.Run(sp.name+"/"+name, func(t *testing.T) {
				var want bytes.Buffer
				e := sp.new(&want)
				for _, tr := range ts {
					if err := e.Encode(tr); err != nil {
						t.Fatal(err)
					}
				}
				if err := e.Close(); err != nil {
					t.Fatal(err)
				}
				recs := records(ts)
				for encoded := 0; encoded <= 2 && encoded <= len(recs); encoded++ {
					var got bytes.Buffer
					s := sp.new(&got)
					rs := []encode.Renderer{s.NewRenderer(), s.NewRenderer(), s.NewRenderer()}
					var n int64
					for i, rec := range recs {
						if i < encoded {
							for _, tr := range rec {
								if err := s.Encode(tr); err != nil {
									t.Fatal(err)
								}
							}
							continue
						}
						b, err := rs[i%len(rs)].Render(nil, rec)
						if err != nil {
							t.Fatal(err)
						}
						if err := s.Splice(b, len(rec)); err != nil {
							t.Fatal(err)
						}
						n += int64(len(rec))
					}
					if err := s.Close(); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got.Bytes(), want.Bytes()) {
						t.Fatalf("%d records encoded, the rest spliced: the output differs from the stream's\n--- spliced\n%.2000s\n--- encoded\n%.2000s", encoded, got.Bytes(), want.Bytes())
					}
				}
			})
		}
	}
}

// TestSpliceEmpty: an empty rendering changes nothing, and an export of no records is the
// same document either way.
func TestSpliceEmpty(t *testing.T) {
	for _, sp := range splicers {
		var want, got bytes.Buffer
		if err := sp.new(&want).Close(); err != nil {
			t.Fatal(err)
		}
		s := sp.new(&got)
		if err := s.Splice(nil, 0); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: %q, want %q", sp.name, got.Bytes(), want.Bytes())
		}
	}
}

// TestSpliceRefusesForeignBytes: bytes that are not a rendering are refused where the format
// can tell (Turtle and JSON-LD at the start of the document), not written into the dump.
func TestSpliceRefusesForeignBytes(t *testing.T) {
	for _, sp := range splicers[:] {
		if sp.name != "turtle" && sp.name != "jsonld" {
			continue
		}
		var got bytes.Buffer
		s := sp.new(&got)
		if err := s.Splice([]byte("<a> <b> <c> .\n"), 1); err == nil {
			t.Errorf("%s: foreign bytes spliced", sp.name)
		}
	}
}
