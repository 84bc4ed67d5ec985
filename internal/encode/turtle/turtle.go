// Package turtle writes Turtle a person can read: every prefix declared first, one block per
// subject with ";" between predicates and "," between objects, "a" for rdf:type, prefixed names
// only where the local part needs no escaping, and literals escaped by table. (knakk/rdf's
// Turtle encoder writes local names and typed lexical forms unescaped, so crafted strings could
// add triples; this writer cannot be made to.)
package turtle

import (
	"bufio"
	"errors"
	"io"
	"strings"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

// Options configure an Encoder.
type Options struct {
	// Prefixes are declared at the top, in this order, and used to shorten IRIs.
	// Nil means vocab.Prefixes.
	Prefixes []vocab.Prefix
	// Header lines are written as "# …" comments before the prefixes.
	Header []string
}

// Encoder writes Turtle. Consecutive triples with the same subject share one block, so sorted
// input (rdf.CompareTriples) gives the most compact document.
type Encoder struct {
	w        *bufio.Writer
	prefixes []vocab.Prefix
	cache    map[string]string
	buf      []byte
	err      error
	open     bool
	subj     rdf.Term
	pred     rdf.Term
	n        int64
}

// NewEncoder returns an Encoder writing to w. The header and prefixes are written at once.
func NewEncoder(w io.Writer, opt Options) *Encoder {
	p := opt.Prefixes
	if p == nil {
		p = vocab.Prefixes
	}
	e := &Encoder{w: bufio.NewWriterSize(w, 256<<10), prefixes: p, cache: map[string]string{}, buf: make([]byte, 0, 1024)}
	b := e.buf[:0]
	for _, h := range opt.Header {
		for _, line := range strings.Split(h, "\n") {
			b = append(b, "# "...)
			b = append(b, strings.Map(printable, line)...)
			b = append(b, '\n')
		}
	}
	for _, pf := range p {
		b = append(b, "@prefix "...)
		b = append(b, pf.Name...)
		b = append(b, ": "...)
		var err error
		if b, err = encode.AppendIRI(b, pf.IRI); err != nil {
			e.err = err
			return e
		}
		b = append(b, " .\n"...)
	}
	e.buf = b
	_, e.err = e.w.Write(b)
	return e
}

func printable(r rune) rune {
	if r < 0x20 || r == 0x7f {
		return ' '
	}
	return r
}

// Encode writes one triple.
func (e *Encoder) Encode(t rdf.Triple) error {
	if e.err != nil {
		return e.err
	}
	b, err := e.appendTriple(e.buf[:0], t)
	if err != nil {
		return e.fail(err)
	}
	e.buf = b
	if _, err := e.w.Write(b); err != nil {
		return e.fail(err)
	}
	return nil
}

// appendTriple appends what t adds to the document after the triples before it, and moves the
// state on: a new block, a new predicate (";") or another object (",").
func (e *Encoder) appendTriple(b []byte, t rdf.Triple) ([]byte, error) {
	if err := encode.CheckTriple(t); err != nil {
		return b, err
	}
	var err error
	switch {
	case e.open && t.S == e.subj && t.P == e.pred:
		b = append(b, ", "...)
	case e.open && t.S == e.subj:
		b = append(b, " ;\n    "...)
		if b, err = e.appendPredicate(b, t.P); err != nil {
			return b, err
		}
		b = append(b, ' ')
	default:
		if e.open {
			b = append(b, blockEnd...)
		}
		b = append(b, '\n')
		if b, err = e.appendTerm(b, t.S); err != nil {
			return b, err
		}
		b = append(b, "\n    "...)
		if b, err = e.appendPredicate(b, t.P); err != nil {
			return b, err
		}
		b = append(b, ' ')
	}
	if b, err = e.appendTerm(b, t.O); err != nil {
		return b, err
	}
	e.open, e.subj, e.pred = true, t.S, t.P
	e.n++
	return b, nil
}

// blockEnd ends a subject's block.
const blockEnd = " .\n"

// NewRenderer returns a Renderer of records for Splice, with the encoder's prefixes.
func (e *Encoder) NewRenderer() encode.Renderer {
	return &renderer{e: Encoder{prefixes: e.prefixes, cache: map[string]string{}}}
}

type renderer struct{ e Encoder }

// Render appends the blocks of ts as they follow an open block: the first starts by ending it.
func (r *renderer) Render(dst []byte, ts []rdf.Triple) ([]byte, error) {
	r.e.open, r.e.subj, r.e.pred = true, rdf.Term{}, rdf.Term{}
	var err error
	for _, t := range ts {
		if dst, err = r.e.appendTriple(dst, t); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// Splice writes blocks a Renderer made, holding the given number of triples. Rendered blocks
// start by ending the block before them; at the start of the document there is none to end.
func (e *Encoder) Splice(b []byte, triples int) error {
	if e.err != nil {
		return e.err
	}
	if len(b) == 0 {
		return nil
	}
	if !e.open {
		if !strings.HasPrefix(string(b), blockEnd) {
			return e.fail(errors.New("turtle: spliced bytes are not a rendered record"))
		}
		b = b[len(blockEnd):]
	}
	if _, err := e.w.Write(b); err != nil {
		return e.fail(err)
	}
	// The block is open, with a subject no later record shares.
	e.open, e.subj, e.pred = true, rdf.Term{}, rdf.Term{}
	e.n += int64(triples)
	return nil
}

func (e *Encoder) fail(err error) error {
	e.err = err
	return err
}

// Count returns the number of triples written.
func (e *Encoder) Count() int64 { return e.n }

// Close ends the last block, flushes and returns the first error.
func (e *Encoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if e.open {
		if _, err := e.w.WriteString(blockEnd); err != nil {
			return e.fail(err)
		}
		e.open = false
	}
	e.err = e.w.Flush()
	return e.err
}

func (e *Encoder) appendPredicate(b []byte, p rdf.Term) ([]byte, error) {
	if p.Kind == rdf.IRI && p.Value == vocab.RDFType {
		return append(b, 'a'), nil
	}
	return e.appendTerm(b, p)
}

func (e *Encoder) appendTerm(b []byte, t rdf.Term) ([]byte, error) {
	switch t.Kind {
	case rdf.IRI:
		return e.appendIRI(b, t.Value)
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
			return e.appendIRI(b, t.Datatype)
		}
		return b, nil
	}
	return b, encode.ErrBadTerm
}

// appendIRI writes a prefixed name when a declared namespace covers the IRI and the rest is a
// safe local name, else <iri>.
func (e *Encoder) appendIRI(b []byte, iri string) ([]byte, error) {
	if pn, ok := e.cache[iri]; ok {
		return append(b, pn...), nil
	}
	best := -1
	for i, p := range e.prefixes {
		if len(p.IRI) < len(iri) && strings.HasPrefix(iri, p.IRI) && (best < 0 || len(p.IRI) > len(e.prefixes[best].IRI)) {
			best = i
		}
	}
	if best >= 0 {
		local := iri[len(e.prefixes[best].IRI):]
		if SafeLocal(local) {
			pn := e.prefixes[best].Name + ":" + local
			if len(e.cache) < 4096 {
				e.cache[iri] = pn
			}
			return append(b, pn...), nil
		}
	}
	return encode.AppendIRI(b, iri)
}

// SafeLocal reports whether s can follow "prefix:" as it is: a letter or underscore, then
// letters, digits, underscores and hyphens. This is a strict subset of Turtle's PN_LOCAL that
// every parser reads the same way (no dots, escapes, colons or percent signs).
func SafeLocal(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return true
}
