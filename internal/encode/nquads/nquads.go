// Package nquads writes N-Quads: N-Triples with every triple placed in one named graph, the form
// in which an imported dataset keeps its name when loaded into a store beside others.
package nquads

import (
	"bufio"
	"io"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/rdf"
)

// Encoder writes N-Quads in one graph. It writes quads in the order given; callers sort.
type Encoder struct {
	w     *bufio.Writer
	graph []byte // " <graph> .\n"
	buf   []byte
	err   error
	n     int64
}

// NewEncoder returns an Encoder writing to w every triple into the graph named graph, which must
// be an absolute IRI (else every Encode fails).
func NewEncoder(w io.Writer, graph string) *Encoder {
	e := &Encoder{w: bufio.NewWriterSize(w, 256<<10), buf: make([]byte, 0, 1024)}
	if err := iri.Check(graph); err != nil {
		e.err = err
		return e
	}
	g, err := encode.AppendIRI([]byte{' '}, graph)
	if err != nil {
		e.err = err
		return e
	}
	e.graph = append(g, " .\n"...)
	return e
}

// Encode writes one triple as a quad of the encoder's graph.
func (e *Encoder) Encode(t rdf.Triple) error {
	if e.err != nil {
		return e.err
	}
	b, err := ntriples.AppendTriple(e.buf[:0], t)
	if err != nil {
		e.err = err
		return err
	}
	b = append(b[:len(b)-len(" .\n")], e.graph...)
	e.buf = b
	if _, err := e.w.Write(b); err != nil {
		e.err = err
		return err
	}
	e.n++
	return nil
}

// NewRenderer returns a Renderer of records for Splice.
func (e *Encoder) NewRenderer() encode.Renderer { return renderer{graph: e.graph, err: e.err} }

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

// Splice writes quads a Renderer made, holding the given number of triples.
func (e *Encoder) Splice(b []byte, triples int) error {
	if e.err != nil {
		return e.err
	}
	if _, err := e.w.Write(b); err != nil {
		e.err = err
		return err
	}
	e.n += int64(triples)
	return nil
}

// Count returns the number of quads written.
func (e *Encoder) Count() int64 { return e.n }

// Close flushes the output and returns the first error.
func (e *Encoder) Close() error {
	if e.err != nil {
		return e.err
	}
	e.err = e.w.Flush()
	return e.err
}
