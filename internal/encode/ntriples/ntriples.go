// Package ntriples writes N-Triples (one triple per line, RDF 1.1), the format bulk loaders take.
package ntriples

import (
	"io"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

// Encoder writes N-Triples. It writes triples in the order given; callers sort.
type Encoder struct {
	encode.Lines
}

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{encode.NewLines(w)} }

// Encode writes one triple.
func (e *Encoder) Encode(t rdf.Triple) error {
	if e.Err != nil {
		return e.Err
	}
	b, err := AppendTriple(e.Buf[:0], t)
	if err != nil {
		e.Err = err
		return err
	}
	e.Buf = b
	return e.Splice(b, 1)
}

// NewRenderer returns a Renderer of records for Splice.
func (e *Encoder) NewRenderer() encode.Renderer { return renderer{} }

type renderer struct{}

// Render appends the N-Triples lines of ts.
func (renderer) Render(dst []byte, ts []rdf.Triple) ([]byte, error) {
	var err error
	for _, t := range ts {
		if dst, err = AppendTriple(dst, t); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// AppendTriple appends one N-Triples line, newline included.
func AppendTriple(b []byte, t rdf.Triple) ([]byte, error) {
	if err := encode.CheckTriple(t); err != nil {
		return b, err
	}
	var err error
	if b, err = AppendTerm(b, t.S); err != nil {
		return b, err
	}
	b = append(b, ' ')
	if b, err = AppendTerm(b, t.P); err != nil {
		return b, err
	}
	b = append(b, ' ')
	if b, err = AppendTerm(b, t.O); err != nil {
		return b, err
	}
	return append(b, ' ', '.', '\n'), nil
}

// AppendTerm appends one term in N-Triples syntax.
func AppendTerm(b []byte, t rdf.Term) ([]byte, error) {
	switch t.Kind {
	case rdf.IRI:
		return encode.AppendIRI(b, t.Value)
	case rdf.Blank:
		if err := encode.CheckBlank(t.Value); err != nil {
			return b, err
		}
		b = append(b, '_', ':')
		return append(b, t.Value...), nil
	case rdf.Literal:
		b, err := encode.AppendString(b, t.Value)
		if err != nil {
			return b, err
		}
		switch {
		case t.Lang != "":
			if err := encode.CheckLang(t.Lang); err != nil {
				return b, err
			}
			b = append(b, '@')
			return append(b, t.Lang...), nil
		case t.Datatype != "" && t.Datatype != vocab.XSDString:
			b = append(b, '^', '^')
			return encode.AppendIRI(b, t.Datatype)
		}
		return b, nil
	}
	return b, encode.ErrBadTerm
}
