package jsonld_test

import (
	"io"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/jsonld"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record/recordtest"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

// FuzzJSONLD puts arbitrary strings in every text and IRI field of a record: either the record
// gets an error diagnostic, or its JSON-LD reads back with json-gold (offline, safe mode) as exactly the
// mapped triples, holding the input values unchanged.
func FuzzJSONLD(f *testing.F) {
	for i, s := range recordtest.Nasty {
		f.Add(s, "en", s, recordtest.NastyIRIs[i%len(recordtest.NastyIRIs)], s, s, s, recordtest.NastyIRIs[(i+1)%len(recordtest.NastyIRIs)], s)
	}
	f.Fuzz(func(t *testing.T, name, lang, desc, website, street, locality, postcode, url, quote string) {
		fields := recordtest.Fields{Name: name, Lang: lang, Description: desc, Website: website, Street: street, Locality: locality, Postcode: postcode, URL: url, Quote: quote}
		recordtest.RoundTrip(t, fields, write, testkit.JSONGold, recordtest.GoldReads)
	})
}

func write(w io.Writer, ts []rdf.Triple) error {
	enc := jsonld.NewEncoder(w, jsonld.Options{})
	for _, t := range ts {
		if err := enc.Encode(t); err != nil {
			return err
		}
	}
	return enc.Close()
}
