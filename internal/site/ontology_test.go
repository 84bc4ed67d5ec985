package site

import (
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/vocab"
)

// TestVocabulary: the embedded ontology reads into its four schemes with every concept placed,
// labelled and defined, and every class and property labelled and commented.
func TestVocabulary(t *testing.T) {
	o := Vocabulary()
	if o.IRI != vocab.Coop || o.Title == "" || o.Version == "" || o.License != vocab.DataLicense {
		t.Errorf("header: %q %q %q %q", o.IRI, o.Title, o.Version, o.License)
	}
	want := map[string]int{vocab.CoopPlatformTypes: 4, vocab.CoopStatuses: 3, vocab.CoopSectors: 14, vocab.CoopMemberClasses: 8}
	for _, s := range o.Schemes {
		if len(s.Concepts) != want[s.IRI] {
			t.Errorf("%s: %d concepts, want %d", s.IRI, len(s.Concepts), want[s.IRI])
		}
		delete(want, s.IRI)
		for _, c := range s.Concepts {
			if c.Label == "" || c.Definition == "" || c.Notation == "" || len(c.PrefLabels) == 0 || !strings.HasSuffix(c.IRI, "/"+c.Notation) {
				t.Errorf("concept %s: %+v", c.IRI, c)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("schemes missing: %v", want)
	}
	for _, c := range append(o.Classes, o.Properties...) {
		if c.Label == "" || c.Definition == "" || c.Anchor() == "" {
			t.Errorf("term %s: %+v", c.IRI, c)
		}
	}
	if len(o.Classes) != 3 || len(o.Properties) != 20 {
		t.Errorf("%d classes and %d properties", len(o.Classes), len(o.Properties))
	}
}

func TestParseOntologyErrors(t *testing.T) {
	for name, ttl := range map[string]string{
		"syntax":    "@prefix x: <http://example.org/> .\nx:a x:b",
		"no header": "<http://example.org/a> a <" + vocab.SKOSConceptScheme + "> .",
		"orphan concept": "<http://example.org/o> a <" + vocab.OWLOntology + "> .\n" +
			"<http://example.org/c> a <" + vocab.SKOSConcept + "> ; <" + vocab.SKOSInScheme + "> <http://example.org/nowhere> .",
	} {
		if _, err := ParseOntology([]byte(ttl)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestCURIE(t *testing.T) {
	for iri, want := range map[string]string{
		vocab.SectorNamespace + "art": "sector:art", // the longest namespace wins over coop:
		vocab.CoopPlatformCoop:        "coop:PlatformCooperative",
		vocab.SchemaName:              "schema:name",
		"https://example.org/x":       "https://example.org/x",
		vocab.Coop:                    vocab.Coop,
	} {
		if got := CURIE(iri); got != want {
			t.Errorf("CURIE(%s) = %s, want %s", iri, got, want)
		}
	}
}

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 999: "999 bytes", 1000: "1.0 kB", 41234: "41.2 kB", 3_100_000: "3.1 MB"} {
		if got := humanSize(n); got != want {
			t.Errorf("humanSize(%d) = %s, want %s", n, got, want)
		}
	}
}
