package testkit

import (
	"slices"

	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

// SmallTriples returns two co-ops' worth of sorted triples in the shape the mapping produces,
// small enough for golden files.
func SmallTriples() []rdf.Triple {
	base := "https://w3id.org/coopgraph/id/"
	var ts []rdf.Triple
	add := func(s, p string, o rdf.Term) { ts = append(ts, rdf.Triple{S: rdf.NewIRI(s), P: rdf.NewIRI(p), O: o}) }
	for _, id := range []string{"alpha", "beta"} {
		s := base + id
		add(s, vocab.RDFType, rdf.NewIRI(vocab.CoopPlatformCoop))
		add(s, vocab.RDFType, rdf.NewIRI(vocab.SchemaOrganization))
		add(s, vocab.RDFType, rdf.NewIRI(vocab.ESSGlobalInitiative))
		add(s, vocab.DCTIdentifier, rdf.NewString(id))
		add(s, vocab.SchemaName, rdf.NewString("Co-op "+id+` "quoted"`))
		add(s, vocab.GRName, rdf.NewString("Co-op "+id+` "quoted"`))
		add(s, vocab.SchemaDescription, rdf.NewLangString("About "+id+".\nSecond line.", "en"))
		add(s, vocab.SchemaDescription, rdf.NewLangString("Über "+id+".", "de"))
		add(s, vocab.CoopSector, rdf.NewIRI(vocab.SectorNamespace+"music"))
		add(s, vocab.CoopSector, rdf.NewIRI(vocab.SectorNamespace+"media"))
		add(s, vocab.CoopStatus, rdf.NewIRI(vocab.StatusNamespace+"operating"))
		add(s, vocab.SchemaFoundingDate, rdf.NewTyped("2016", vocab.XSDGYear))
		add(s, vocab.DCTSource, rdf.NewIRI("https://source.example/page"))
		add(s, vocab.CoopCitationProp, rdf.NewIRI(s+"#source-1"))
		add(s+"#source-1", vocab.RDFType, rdf.NewIRI(vocab.CoopCitation))
		add(s+"#source-1", vocab.SchemaURL, rdf.NewIRI("https://source.example/page"))
		add(s+"#source-1", vocab.CoopQuote, rdf.NewString("A quote about "+id+"."))
		if id == "alpha" {
			add(s, vocab.CoopRelated, rdf.NewIRI(base+"beta"))
			add(s, vocab.SchemaAddress, rdf.NewIRI(s+"#address"))
			add(s, vocab.ESSGlobalHasAddress, rdf.NewIRI(s+"#address"))
			add(s+"#address", vocab.RDFType, rdf.NewIRI(vocab.ESSGlobalAddress))
			add(s+"#address", vocab.SchemaAddressCountry, rdf.NewString("BE"))
		}
	}
	slices.SortFunc(ts, rdf.CompareTriples)
	return ts
}
