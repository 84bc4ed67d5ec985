package ntriples_test

import (
	"io"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record/recordtest"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

// FuzzNTriples puts arbitrary strings in every text and IRI field of a record: either the record
// gets an error diagnostic, or its N-Triples read back with knakk/rdf's decoder as exactly the
// mapped triples, holding the input values unchanged.
func FuzzNTriples(f *testing.F) {
	for i, s := range recordtest.Nasty {
		f.Add(s, "en", s, recordtest.NastyIRIs[i%len(recordtest.NastyIRIs)], s, s, s, recordtest.NastyIRIs[(i+1)%len(recordtest.NastyIRIs)], s)
	}
	f.Fuzz(func(t *testing.T, name, lang, desc, website, street, locality, postcode, url, quote string) {
		fields := recordtest.Fields{Name: name, Lang: lang, Description: desc, Website: website, Street: street, Locality: locality, Postcode: postcode, URL: url, Quote: quote}
		recordtest.RoundTrip(t, fields, write, testkit.ParseNTriples, nil)
	})
}

func write(w io.Writer, ts []rdf.Triple) error {
	enc := ntriples.NewEncoder(w)
	for _, t := range ts {
		if err := enc.Encode(t); err != nil {
			return err
		}
	}
	return enc.Close()
}
