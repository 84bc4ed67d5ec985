package testkit

import (
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

// NastyStrings are valid strings that writers must carry through unchanged.
var NastyStrings = []string{
	`plain`,
	`quote " inside`,
	`"""triple quotes"""`,
	`back\slash \\ twice`,
	"new\nline\r\nand\ttab",
	`\u0000 written out, \n too`,
	"right\u200fto\u200eleft \u202eoverride\u202c",
	"emoji 🙂🏳️‍🌈 and combining e\u0301 a\u0308",
	`x" . <http://evil.example/s> <http://evil.example/p> "y`,
	`{"@id": "http://evil.example/s", "@type": "@id"}`,
	"</script><script>alert(1)</script>",
	"\u2028line separator\u2029",
	"ends with a backslash \\",
	"'single' and `back` ticks",
	strings.Repeat("long text ", 10000),
}

// TrickyTriples returns a sorted set of triples exercising every writer path: prefixed and full
// IRIs, unsafe local names, language maps with several languages, typed literals that match and
// do not match the context's coercions, nested fragment nodes, and the nasty strings.
func TrickyTriples() []rdf.Triple {
	base := "https://w3id.org/coopgraph/id/"
	s := rdf.NewIRI(base + "tricky")
	addr := rdf.NewIRI(base + "tricky#address")
	other := rdf.NewIRI(base + "other")
	var ts []rdf.Triple
	add := func(s rdf.Term, p string, o rdf.Term) { ts = append(ts, rdf.Triple{S: s, P: rdf.NewIRI(p), O: o}) }
	add(s, vocab.RDFType, rdf.NewIRI(vocab.CoopPlatformCoop))
	add(s, vocab.RDFType, rdf.NewIRI(vocab.SchemaOrganization))
	add(s, vocab.RDFType, rdf.NewIRI("http://unknown.example/ns#Thing"))
	add(s, vocab.RDFType, rdf.NewIRI(vocab.Schema+"weird.local"))
	add(s, vocab.SchemaName, rdf.NewString("Tricky"))
	add(s, vocab.GRName, rdf.NewString("Tricky"))
	for i, n := range NastyStrings {
		lang := []string{"en", "de", "zh-hant-tw", "en"}[i%4]
		add(s, vocab.SchemaDescription, rdf.NewLangString(n, lang))
		add(s, vocab.CoopQuote, rdf.NewString(n))
	}
	add(s, vocab.SchemaName, rdf.NewLangString("Trickreich", "de"))
	add(s, vocab.SchemaDescription, rdf.NewString("a description with no language"))
	add(s, vocab.SchemaFoundingDate, rdf.NewTyped("2016", vocab.XSDGYear))
	add(s, vocab.SchemaFoundingDate, rdf.NewTyped("2016-05-01", vocab.XSDDate))
	add(s, vocab.SchemaURL, rdf.NewIRI("https://a.example/path?q=1&r=%3C2%3E#frag"))
	add(s, vocab.SchemaURL, rdf.NewString("not an IRI, a string"))
	add(s, vocab.FOAFHomepage, rdf.NewIRI("https://a.example/"))
	add(s, vocab.CoopSector, rdf.NewIRI(vocab.SectorNamespace+"music"))
	add(s, vocab.CoopSector, rdf.NewIRI(vocab.SectorNamespace+"not-a-known-sector"))
	add(s, vocab.CoopStatus, rdf.NewIRI(vocab.StatusNamespace+"operating"))
	add(s, vocab.CoopRelated, other)
	add(s, vocab.SchemaAddress, addr)
	add(s, vocab.ESSGlobalHasAddress, addr)
	add(s, "http://unknown.example/ns#prop", rdf.NewTyped("3.14", vocab.XSDDecimal))
	add(s, "http://unknown.example/ns#prop", rdf.NewIRI("urn:isbn:0451450523"))
	add(s, "http://unknown.example/ns#with.dot", rdf.NewString("x"))
	add(addr, vocab.RDFType, rdf.NewIRI(vocab.ESSGlobalAddress))
	add(addr, vocab.SchemaAddressLocality, rdf.NewString("Exampleton"))
	add(addr, vocab.GeoLat, rdf.NewTyped("53.5", vocab.XSDDecimal))
	add(other, vocab.SchemaName, rdf.NewString("Other"))
	slices.SortFunc(ts, rdf.CompareTriples)
	return slices.CompactFunc(ts, func(a, b rdf.Triple) bool { return rdf.CompareTriples(a, b) == 0 })
}
