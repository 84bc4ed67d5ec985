package rdf_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

func TestCompareOrdersKindsThenValues(t *testing.T) {
	ordered := []rdf.Term{
		rdf.NewIRI("http://a.example/x"),
		rdf.NewIRI("http://a.example/y"),
		rdf.NewBlank("b0"),
		rdf.NewString("a"),
		rdf.NewLangString("a", "de"),
		rdf.NewLangString("a", "en"),
		rdf.NewTyped("a", vocab.XSDGYear),
		rdf.NewString("b"),
	}
	for i := range ordered {
		for j := range ordered {
			got := rdf.Compare(ordered[i], ordered[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got != want {
				t.Errorf("Compare(%v, %v) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func TestTypeComesFirst(t *testing.T) {
	s := rdf.NewIRI("http://a.example/s")
	ts := []rdf.Triple{
		{S: s, P: rdf.NewIRI("http://a.example/a"), O: rdf.NewString("x")},
		{S: s, P: rdf.NewIRI(vocab.RDFType), O: rdf.NewIRI("http://a.example/C")},
	}
	slices.SortFunc(ts, rdf.CompareTriples)
	if ts[0].P.Value != vocab.RDFType {
		t.Errorf("rdf:type sorted after %s", ts[0].P.Value)
	}
}

func TestStringIsPlainLiteral(t *testing.T) {
	if rdf.NewTyped("x", vocab.XSDString) != rdf.NewString("x") {
		t.Error("an xsd:string literal should equal the plain literal")
	}
	if got := rdf.NewLangString("x", "zh-Hant-TW").Lang; got != "zh-hant-tw" {
		t.Errorf("language tag kept as %q, want lower case", got)
	}
	if got := rdf.NewLangString("x", "en").DatatypeIRI(); got != vocab.RDFLangString {
		t.Errorf("DatatypeIRI = %s", got)
	}
}

// TestRecordOrderIsTripleOrder checks the property the streaming export relies on: when records
// are sorted by id, and each record's triples are sorted, all triples are sorted — including the
// records' own #fragment nodes and ids that are prefixes of others.
func TestRecordOrderIsTripleOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := "ab0-"
	var ids []string
	for len(ids) < 400 {
		n := 1 + r.IntN(5)
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		id := b.String()
		if strings.HasPrefix(id, "-") || strings.HasSuffix(id, "-") || strings.Contains(id, "--") {
			continue
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	base := "https://w3id.org/coopgraph/id/"
	p := rdf.NewIRI("http://a.example/p")
	var all []rdf.Triple
	for _, id := range ids {
		var own []rdf.Triple
		for _, frag := range []string{"", "#address", "#geo", "#source-1", "#source-10", "#source-2"} {
			own = append(own, rdf.Triple{S: rdf.NewIRI(base + id + frag), P: p, O: rdf.NewString(id)})
		}
		slices.SortFunc(own, rdf.CompareTriples)
		all = append(all, own...)
	}
	if !slices.IsSortedFunc(all, rdf.CompareTriples) {
		t.Fatal("concatenating per-record sorted triples in id order is not sorted")
	}
}
