// Package nquads writes N-Quads: N-Triples with every triple placed in one named graph, the form
// in which an imported dataset keeps its name when loaded into a store beside others.
package nquads

import (
	"io"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/rdf"
)

// Encoder writes N-Quads in one graph. It writes quads in the order given; callers sort.
type Encoder struct {
	encode.Lines
	graph []byte // " <graph> .\n"
}

// NewEncoder returns an Encoder writing to w every triple into the graph named graph, which must
// be an absolute IRI (else every Encode fails).
func NewEncoder(w io.Writer, graph string) *Encoder {
	e := &Encoder{Lines: encode.NewLines(w)}
	if err := iri.Check(graph); err != nil {
		e.Err = err
		return e
	}
	g, err := encode.AppendIRI([]byte{' '}, graph)
	if err != nil {
		e.Err = err
		return e
	}
	e.graph = append(g, " .\n"...)
	return e
}

// Encode writes one triple as a quad of the encoder's graph.
func (e *Encoder) Encode(t rdf.Triple) error {
	if e.Err != nil {
		return e.Err
	}
	b, err := ntriples.AppendTriple(e.Buf[:0], t)
	if err != nil {
		e.Err = err
		return err
	}
	e.Buf = append(b[:len(b)-len(" .\n")], e.graph...)
	return e.Splice(e.Buf, 1)
}

// NewRenderer returns a Renderer of records for Splice.
func (e *Encoder) NewRenderer() encode.Renderer { return renderer{graph: e.graph, err: e.Err} }

type renderer struct {
	graph []byte
	err   error
}

// Render appends the quads of ts in the encoder's graph.
func (r renderer) Render(dst []byte, ts []rdf.Triple) ([]byte, error) {
	if r.err != nil {
		return dst, r.err
	}
	var err error
	for _, t := range ts {
		if dst, err = ntriples.AppendTriple(dst, t); err != nil {
			return dst, err
		}
		dst = append(dst[:len(dst)-len(" .\n")], r.graph...)
	}
	return dst, nil
}
