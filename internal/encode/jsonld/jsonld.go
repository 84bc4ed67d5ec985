// Package jsonld writes compacted JSON-LD directly from a stream of sorted triples, one node per
// document (an IRI and its #fragments) in "@graph", with nested nodes embedded where they are
// referenced. It needs no JSON-LD processor and holds only one document's triples at a time, so
// it streams a million co-ops in flat memory; tests prove on samples that JSON-LD processors
// (json-gold, jsonld.js) expand its output to exactly the input triples.
package jsonld

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

// Options configure an Encoder.
type Options struct {
	// Context is the context to compact against and embed; nil means vocab's context.jsonld.
	Context *Context
	// Single writes one node object with its @context instead of an @graph array; for the
	// per-co-op documents. Triples of other documents are refused.
	Single bool
}

// ErrUnrepresentable is returned for an IRI a JSON-LD processor would read as something else
// under the context (an absolute IRI whose scheme is a term, like "schema:x").
var ErrUnrepresentable = errors.New("IRI cannot be written unambiguously under the context")

// ErrSecondDocument is returned when Single is set and a second document begins.
var ErrSecondDocument = errors.New("single-document output given triples of another document")

// Encoder writes JSON-LD.
type Encoder struct {
	w     *bufio.Writer
	ctx   *Context
	opt   Options
	err   error
	doc   string
	group []rdf.Triple
	nodes int
	n     int64
	out   []byte
}

var defaultContext *Context

// DefaultContext returns vocab's context, parsed once.
func DefaultContext() *Context {
	if defaultContext == nil {
		c, err := ParseContext(vocab.Context)
		if err != nil {
			panic("vocab/context.jsonld: " + err.Error())
		}
		defaultContext = c
	}
	return defaultContext
}

func init() { DefaultContext() }

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer, opt Options) *Encoder {
	if opt.Context == nil {
		opt.Context = DefaultContext()
	}
	return &Encoder{w: bufio.NewWriterSize(w, 256<<10), ctx: opt.Context, opt: opt}
}

// Context returns the context the encoder compacts against.
func (e *Encoder) Context() *Context { return e.ctx }

// docOf returns the document a subject belongs to: the IRI without its fragment.
func docOf(t rdf.Term) string {
	if t.Kind != rdf.IRI {
		return "_:" + t.Value
	}
	if i := strings.IndexByte(t.Value, '#'); i >= 0 {
		return t.Value[:i]
	}
	return t.Value
}

// Encode adds one triple. Triples of one document must come together.
func (e *Encoder) Encode(t rdf.Triple) error {
	if e.err != nil {
		return e.err
	}
	if err := encode.CheckTriple(t); err != nil {
		e.err = err
		return err
	}
	d := docOf(t.S)
	if len(e.group) > 0 && d != e.doc {
		if e.opt.Single {
			e.err = ErrSecondDocument
			return e.err
		}
		if err := e.flush(); err != nil {
			return err
		}
	}
	e.doc = d
	e.group = append(e.group, t)
	e.n++
	return nil
}

// Count returns the number of triples written.
func (e *Encoder) Count() int64 { return e.n }

// Close writes what is pending and the end of the document, flushes, and returns the first error.
func (e *Encoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if len(e.group) > 0 || e.nodes == 0 {
		if err := e.flush(); err != nil {
			return err
		}
	}
	if e.opt.Single {
		e.out = append(e.out[:0], '\n')
	} else {
		e.out = append(e.out[:0], "\n  ]\n}\n"...)
	}
	if _, err := e.w.Write(e.out); err != nil {
		e.err = err
		return err
	}
	e.err = e.w.Flush()
	return e.err
}

// node is one subject's properties, before rendering.
type node struct {
	id    rdf.Term
	types []rdf.Term
	props []rdf.Triple
	done  bool
}

func (e *Encoder) flush() error {
	b := e.out[:0]
	if e.nodes == 0 {
		b = append(b, "{\n  \"@context\": "...)
		b = append(b, e.ctx.Raw...)
		if !e.opt.Single {
			b = append(b, ",\n  \"@graph\": ["...)
		}
	}
	if len(e.group) > 0 {
		var err error
		if b, err = e.appendGroup(b); err != nil {
			e.err = err
			return err
		}
	} else if e.opt.Single {
		b = append(b, "\n}"...)
	}
	e.group = e.group[:0]
	e.out = b
	if _, err := e.w.Write(b); err != nil {
		e.err = err
		return err
	}
	return nil
}

// appendGroup renders one document's nodes: the node named by the document IRI (or the first)
// with the others embedded at their first reference; nodes nobody references follow it.
func (e *Encoder) appendGroup(b []byte) ([]byte, error) {
	var order []*node
	byID := map[rdf.Term]*node{}
	for _, t := range e.group {
		n := byID[t.S]
		if n == nil {
			n = &node{id: t.S}
			byID[t.S] = n
			order = append(order, n)
		}
		if t.P.Kind == rdf.IRI && t.P.Value == vocab.RDFType && t.O.Kind == rdf.IRI {
			n.types = append(n.types, t.O)
		} else {
			n.props = append(n.props, t)
		}
	}
	root := order[0]
	for _, n := range order {
		if n.id.Kind == rdf.IRI && n.id.Value == e.doc {
			root = n
			break
		}
	}
	var err error
	tops := []*node{root}
	root.done = true
	if e.opt.Single {
		b = append(b, ",\n"...)
		b, err = e.appendMembers(b, root, byID, 1)
		if err != nil {
			return b, err
		}
		for _, n := range order {
			if !n.done {
				// A single document has one top node; others must hang from it.
				return b, fmt.Errorf("%w: node %s is not reachable from %s", ErrSecondDocument, n.id.Value, root.id.Value)
			}
		}
		return append(b, "\n}"...), nil
	}
	for i := 0; i < len(tops); i++ {
		if e.nodes > 0 {
			b = append(b, ',')
		}
		e.nodes++
		b = append(b, "\n    {\n"...)
		if b, err = e.appendMembers(b, tops[i], byID, 3); err != nil {
			return b, err
		}
		b = append(b, "\n    }"...)
		if i == 0 {
			for _, n := range order {
				if !n.done {
					n.done = true
					tops = append(tops, n)
				}
			}
		}
	}
	return b, nil
}

// entry is one key of a node object with its rendered values.
type entry struct {
	key    string
	values [][]byte
	set    bool // always an array
	lang   bool // a language map
	langs  []string
	nested []*node // embedded node objects, rendered after the scalar values
}

// appendMembers writes the members of node n ("@id", "@type", then keys in order) at the given
// indentation depth (in units of two spaces).
func (e *Encoder) appendMembers(b []byte, n *node, byID map[rdf.Term]*node, depth int) ([]byte, error) {
	ind := strings.Repeat("  ", depth)
	var err error
	b = append(b, ind...)
	b = append(b, `"@id": `...)
	if b, err = e.appendNodeID(b, n.id); err != nil {
		return b, err
	}
	if len(n.types) > 0 {
		b = append(b, ",\n"...)
		b = append(b, ind...)
		b = append(b, `"@type": `...)
		if len(n.types) > 1 {
			b = append(b, '[')
		}
		for i, t := range n.types {
			if i > 0 {
				b = append(b, ", "...)
			}
			v, err := e.vocabIRI(t.Value)
			if err != nil {
				return b, err
			}
			b = appendJSONString(b, v)
		}
		if len(n.types) > 1 {
			b = append(b, ']')
		}
	}
	entries := map[string]*entry{}
	var keys []string
	get := func(key string, t *Term) *entry {
		en := entries[key]
		if en == nil {
			en = &entry{key: key}
			if t != nil {
				en.set = t.Container == "@set"
				en.lang = t.Container == "@language"
			}
			entries[key] = en
			keys = append(keys, key)
		}
		return en
	}
	for _, t := range n.props {
		term := e.termFor(t.P.Value, t.O)
		key := ""
		if term != nil {
			key = term.Name
		} else if key, err = e.predicateKey(t.P.Value); err != nil {
			return b, err
		}
		en := get(key, term)
		switch {
		case term != nil && term.Container == "@language":
			en.langs = append(en.langs, t.O.Lang)
			en.values = append(en.values, appendJSONString(nil, t.O.Value))
		case t.O.Kind == rdf.IRI && byID[t.O] != nil && !byID[t.O].done && t.O != n.id:
			child := byID[t.O]
			child.done = true
			en.nested = append(en.nested, child)
			en.values = append(en.values, nil) // placeholder: rendered in place below
		default:
			v, err := e.value(term, t.O)
			if err != nil {
				return b, err
			}
			en.values = append(en.values, v)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		en := entries[k]
		b = append(b, ",\n"...)
		b = append(b, ind...)
		b = appendJSONString(b, k)
		b = append(b, ": "...)
		if en.lang {
			b, err = e.appendLangMap(b, en, depth)
			if err != nil {
				return b, err
			}
			continue
		}
		array := en.set || len(en.values) > 1
		if array {
			b = append(b, '[')
		}
		nested := 0
		for i, v := range en.values {
			if i > 0 {
				b = append(b, ", "...)
			}
			if v != nil {
				b = append(b, v...)
				continue
			}
			child := en.nested[nested]
			nested++
			b = append(b, "{\n"...)
			if b, err = e.appendMembers(b, child, byID, depth+1); err != nil {
				return b, err
			}
			b = append(b, '\n')
			b = append(b, ind...)
			b = append(b, '}')
		}
		if array {
			b = append(b, ']')
		}
	}
	return b, nil
}

func (e *Encoder) appendLangMap(b []byte, en *entry, depth int) ([]byte, error) {
	ind := strings.Repeat("  ", depth+1)
	// Group the values by language, keeping their order within a language.
	idx := make([]int, len(en.langs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, c int) bool { return en.langs[idx[a]] < en.langs[idx[c]] })
	langs := make([]string, len(idx))
	values := make([][]byte, len(idx))
	for i, k := range idx {
		langs[i], values[i] = en.langs[k], en.values[k]
	}
	en.langs, en.values = langs, values
	b = append(b, '{')
	for i := 0; i < len(en.langs); {
		j := i + 1
		for j < len(en.langs) && en.langs[j] == en.langs[i] {
			j++
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, ind...)
		b = appendJSONString(b, en.langs[i])
		b = append(b, ": "...)
		if j-i > 1 {
			b = append(b, '[')
		}
		for k := i; k < j; k++ {
			if k > i {
				b = append(b, ", "...)
			}
			b = append(b, en.values[k]...)
		}
		if j-i > 1 {
			b = append(b, ']')
		}
		i = j
	}
	b = append(b, '\n')
	b = append(b, ind[:len(ind)-2]...)
	return append(b, '}'), nil
}

// termFor returns the term for predicate p whose coercion fits object o, or nil.
func (e *Encoder) termFor(p string, o rdf.Term) *Term {
	for _, t := range e.ctx.byIRI[p] {
		if t.Type == "" && t.Container == "" && o.Kind == rdf.Literal && o.Lang == "" && o.Datatype == "" {
			return t
		}
		switch {
		case t.Container == "@language":
			if o.Kind == rdf.Literal && o.Lang != "" {
				return t
			}
		case t.Type == "@id", t.Type == "@vocab":
			if o.Kind == rdf.IRI && !e.ctx.shadowed(o.Value) {
				return t
			}
		case t.Type != "":
			if o.Kind == rdf.Literal && o.Lang == "" && o.Datatype == t.Type {
				return t
			}
		}
	}
	return nil
}

// predicateKey returns the key for a predicate no term fits: a compact IRI or the IRI itself.
func (e *Encoder) predicateKey(p string) (string, error) {
	if c := e.ctx.compact(p); c != "" {
		return c, nil
	}
	if e.ctx.shadowed(p) {
		return "", fmt.Errorf("%w: %q", ErrUnrepresentable, p)
	}
	return p, nil
}

// vocabIRI renders an IRI where JSON-LD expands relative to the vocabulary (@type values and
// @vocab-typed values): a term when one names it, a compact IRI, or the IRI.
func (e *Encoder) vocabIRI(iri string) (string, error) {
	for _, t := range e.ctx.byIRI[iri] {
		if t.Simple {
			return t.Name, nil
		}
	}
	if c := e.ctx.compact(iri); c != "" {
		return c, nil
	}
	if e.ctx.shadowed(iri) {
		return "", fmt.Errorf("%w: %q", ErrUnrepresentable, iri)
	}
	return iri, nil
}

func (e *Encoder) appendNodeID(b []byte, t rdf.Term) ([]byte, error) {
	if t.Kind == rdf.Blank {
		if err := encode.CheckBlank(t.Value); err != nil {
			return b, err
		}
		return appendJSONString(b, "_:"+t.Value), nil
	}
	if e.ctx.shadowed(t.Value) {
		return b, fmt.Errorf("%w: %q", ErrUnrepresentable, t.Value)
	}
	if !utf8.ValidString(t.Value) {
		return b, encode.ErrInvalidUTF8
	}
	return appendJSONString(b, t.Value), nil
}

// value renders object o under term (nil: no term, use the expanded value form).
func (e *Encoder) value(term *Term, o rdf.Term) ([]byte, error) {
	if !utf8.ValidString(o.Value) {
		return nil, encode.ErrInvalidUTF8
	}
	if term != nil {
		switch {
		case term.Type == "@vocab":
			v, err := e.vocabIRI(o.Value)
			if err != nil {
				return nil, err
			}
			return appendJSONString(nil, v), nil
		case term.Type == "@id":
			return appendJSONString(nil, o.Value), nil
		default:
			return appendJSONString(nil, o.Value), nil
		}
	}
	var b []byte
	switch o.Kind {
	case rdf.IRI, rdf.Blank:
		b = append(b, `{"@id": `...)
		var err error
		if b, err = e.appendNodeID(b, o); err != nil {
			return nil, err
		}
		return append(b, '}'), nil
	}
	if o.Lang == "" && (o.Datatype == "" || o.Datatype == vocab.XSDString) {
		return appendJSONString(nil, o.Value), nil // a bare string is a plain literal
	}
	b = append(b, `{"@value": `...)
	b = appendJSONString(b, o.Value)
	switch {
	case o.Lang != "":
		if err := encode.CheckLang(o.Lang); err != nil {
			return nil, err
		}
		b = append(b, `, "@language": `...)
		b = appendJSONString(b, o.Lang)
	case o.Datatype != "" && o.Datatype != vocab.XSDString:
		dt, err := e.vocabIRI(o.Datatype)
		if err != nil {
			return nil, err
		}
		b = append(b, `, "@type": `...)
		b = appendJSONString(b, dt)
	}
	return append(b, '}'), nil
}

// appendJSONString writes s as a JSON string, escaping "<" too so that the output can sit inside
// an HTML <script> element (no "</script>" or "<!--" can appear), and U+2028/U+2029 for
// JavaScript.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != 0x7f {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"':
				b = append(b, '\\', '"')
			case '\\':
				b = append(b, '\\', '\\')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hex = "0123456789abcdef"
