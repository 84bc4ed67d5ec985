package site

import (
	"bufio"
	"bytes"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

// DocFormats are the syntaxes of the per-co-op documents id/<id>.<ext>, in the order content
// negotiation prefers them after HTML (which is id/<id>.html).
var DocFormats = []*format.Format{format.Turtle, format.JSONLD, format.NTriples}

var (
	pPrefLabel = rdf.NewIRI(vocab.SKOSPrefLabel)
	pName      = rdf.NewIRI(vocab.SchemaName)
)

// Own appends to dst the triples of ts that belong to the co-op coopIRI: those whose subject
// is the co-op's IRI or one of its fragments (coopIRI#…).
func Own(dst, ts []rdf.Triple, coopIRI string) []rdf.Triple {
	for _, t := range ts {
		if t.S.Kind == rdf.IRI && (t.S.Value == coopIRI || strings.HasPrefix(t.S.Value, coopIRI) && t.S.Value[len(coopIRI)] == '#') {
			dst = append(dst, t)
		}
	}
	return dst
}

// Labels appends to dst the labels of what the triples own link to, sorted
// (rdf.CompareTriples) and without repeats: every skos:prefLabel the ontology gives a concept
// they use, and the schema:name of each co-op name knows (name returns false for IRIs that are
// not co-ops of the directory).
func Labels(dst, own []rdf.Triple, ont *Ontology, name func(iri string) (string, bool)) []rdf.Triple {
	start := len(dst)
	for _, t := range own {
		if t.O.Kind != rdf.IRI || t.P.Value == vocab.RDFType {
			continue
		}
		if c := ont.Term(t.O.Value); c != nil && c.Kind == "concept" {
			for _, l := range c.PrefLabels {
				dst = append(dst, rdf.Triple{S: t.O, P: pPrefLabel, O: l})
			}
			continue
		}
		if n, ok := name(t.O.Value); ok {
			dst = append(dst, rdf.Triple{S: t.O, P: pName, O: rdf.NewString(n)})
		}
	}
	added := dst[start:]
	slices.SortFunc(added, rdf.CompareTriples)
	added = slices.CompactFunc(added, func(a, b rdf.Triple) bool { return rdf.CompareTriples(a, b) == 0 })
	return dst[:start+len(added)]
}

// encodeDoc writes a co-op's document in format f to b. The triples come as Own and Labels give
// them: the co-op's own first, then the labels, so that each document opens with the co-op.
// bw is a large buffered writer the encoders take as their own buffer (bufio does not wrap a
// writer that is already large enough), so that a document per co-op allocates no buffer.
func encodeDoc(bw *bufio.Writer, b *bytes.Buffer, f *format.Format, ts []rdf.Triple, header []string) error {
	bw.Reset(b)
	e := f.New(bw, format.EncoderOptions{Header: header})
	for _, t := range ts {
		if err := e.Encode(t); err != nil {
			e.Close()
			return err
		}
	}
	return e.Close()
}
