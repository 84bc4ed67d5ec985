package nquads_test

import (
	"io"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/nquads"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record/recordtest"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

const graph = "https://w3id.org/coopgraph/dataset/fuzz"

// FuzzNQuads puts arbitrary strings in every text and IRI field of a record: either the record
// gets an error diagnostic, or its N-Quads read back with knakk/rdf's decoder as exactly the
// mapped triples, every one in the dataset's graph, holding the input values unchanged.
func FuzzNQuads(f *testing.F) {
	for i, s := range recordtest.Nasty {
		f.Add(s, "en", s, recordtest.NastyIRIs[i%len(recordtest.NastyIRIs)], s, s, s, recordtest.NastyIRIs[(i+1)%len(recordtest.NastyIRIs)], s)
	}
	f.Fuzz(func(t *testing.T, name, lang, desc, website, street, locality, postcode, url, quote string) {
		fields := recordtest.Fields{Name: name, Lang: lang, Description: desc, Website: website, Street: street, Locality: locality, Postcode: postcode, URL: url, Quote: quote}
		recordtest.RoundTrip(t, fields, write, func(b []byte) (testkit.Graph, error) { return testkit.ParseNQuads(b, graph) }, nil)
	})
}

func write(w io.Writer, ts []rdf.Triple) error {
	enc := nquads.NewEncoder(w, graph)
	for _, t := range ts {
		if err := enc.Encode(t); err != nil {
			return err
		}
	}
	return enc.Close()
}
