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
	"slices"
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
	count int // node objects written to @graph
	// Scratch space of appendGroup, kept between documents.
	nodes   []node
	arena   []byte
	entries [][]entry
	n       int64
	out     []byte
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

// NewRenderer returns a Renderer of records for Splice, with the encoder's context.
func (e *Encoder) NewRenderer() encode.Renderer {
	// count 1: every node object it renders follows another in @graph, after a comma.
	return &renderer{e: Encoder{ctx: e.ctx, count: 1}}
}

type renderer struct{ e Encoder }

// Render appends the node objects of the documents of ts, each preceded by a comma.
func (r *renderer) Render(dst []byte, ts []rdf.Triple) ([]byte, error) {
	e := &r.e
	e.group = e.group[:0]
	var err error
	for _, t := range ts {
		if err := encode.CheckTriple(t); err != nil {
			return dst, err
		}
		d := docOf(t.S)
		if len(e.group) > 0 && d != e.doc {
			if dst, err = e.appendGroup(dst); err != nil {
				return dst, err
			}
			e.group = e.group[:0]
		}
		e.doc = d
		e.group = append(e.group, t)
	}
	if len(e.group) > 0 {
		dst, err = e.appendGroup(dst)
		e.group = e.group[:0]
	}
	return dst, err
}

// Splice writes node objects a Renderer made, holding the given number of triples. They start
// with the comma that follows a node object; the first node object of @graph has none.
func (e *Encoder) Splice(b []byte, triples int) error {
	if e.err != nil {
		return e.err
	}
	if e.opt.Single {
		e.err = ErrSecondDocument
		return e.err
	}
	if len(e.group) > 0 {
		if err := e.flush(); err != nil {
			return err
		}
	}
	if len(b) == 0 {
		return nil
	}
	if b[0] != ',' {
		e.err = errors.New("jsonld: spliced bytes are not a rendered record")
		return e.err
	}
	out := e.out[:0]
	if e.count == 0 {
		out = e.appendHeader(out)
		b = b[1:]
	}
	e.out = out
	if _, err := e.w.Write(out); err != nil {
		e.err = err
		return err
	}
	if _, err := e.w.Write(b); err != nil {
		e.err = err
		return err
	}
	e.count++
	e.n += int64(triples)
	return nil
}

// Close writes what is pending and the end of the document, flushes, and returns the first error.
func (e *Encoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if len(e.group) > 0 || e.count == 0 {
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

// node is one subject's properties, before rendering: the triples of its group from first to
// first+count, of which the rdf:type ones become "@type".
type node struct {
	id           rdf.Term
	first, count int
	ntypes       int
	done         bool
}

// entry is one key of a node object with its values: spans of e.arena (rendered scalars) or
// nested nodes (a span whose node is not -1), in triple order.
type entry struct {
	key   string
	term  *Term
	spans []span
}

type span struct {
	start, end int
	lang       string // the language of a language map's value
	node       int    // index of an embedded node in e.nodes, or -1
}

// appendHeader appends the start of the document: the context and the opening of @graph.
func (e *Encoder) appendHeader(b []byte) []byte {
	b = append(b, "{\n  \"@context\": "...)
	b = append(b, e.ctx.Raw...)
	if !e.opt.Single {
		b = append(b, ",\n  \"@graph\": ["...)
	}
	return b
}

func (e *Encoder) flush() error {
	b := e.out[:0]
	if e.count == 0 {
		b = e.appendHeader(b)
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

// nodeIndex returns the index of the node named t in e.nodes, or -1.
func (e *Encoder) nodeIndex(t rdf.Term) int {
	for i := range e.nodes {
		if e.nodes[i].id == t {
			return i
		}
	}
	return -1
}

// appendGroup renders one document's nodes: the node named by the document IRI (or the first)
// with the others embedded at their first reference; nodes nobody references follow it. The
// group's triples are sorted, so each subject's triples are together. Scratch space is kept by
// the encoder between documents, so rendering a document allocates nothing.
func (e *Encoder) appendGroup(b []byte) ([]byte, error) {
	e.nodes = e.nodes[:0]
	e.arena = e.arena[:0]
	e.gatherSubjects()
	for i, t := range e.group {
		if k := len(e.nodes) - 1; k < 0 || e.nodes[k].id != t.S {
			e.nodes = append(e.nodes, node{id: t.S, first: i})
		}
		n := &e.nodes[len(e.nodes)-1]
		n.count++
		if isType(t) {
			n.ntypes++
		}
	}
	root := 0
	for i := range e.nodes {
		if e.nodes[i].id.Kind == rdf.IRI && e.nodes[i].id.Value == e.doc {
			root = i
			break
		}
	}
	var err error
	e.nodes[root].done = true
	if e.opt.Single {
		b = append(b, ",\n"...)
		b, err = e.appendMembers(b, root, 1)
		if err != nil {
			return b, err
		}
		for i := range e.nodes {
			if !e.nodes[i].done {
				// A single document has one top node; others must hang from it.
				return b, fmt.Errorf("%w: node %s is not reachable from %s", ErrSecondDocument, e.nodes[i].id.Value, e.nodes[root].id.Value)
			}
		}
		return append(b, "\n}"...), nil
	}
	// The root first, then (in order) the nodes it does not embed.
	for i := -1; i < len(e.nodes); i++ {
		top := root
		if i >= 0 {
			if e.nodes[i].done {
				continue
			}
			top = i
			e.nodes[i].done = true
		}
		if e.count > 0 {
			b = append(b, ',')
		}
		e.count++
		b = append(b, "\n    {\n"...)
		if b, err = e.appendMembers(b, top, 3); err != nil {
			return b, err
		}
		b = append(b, "\n    }"...)
	}
	return b, nil
}

// gatherSubjects makes the triples of each subject of the group consecutive, subjects in the
// order they first appear, when they are not already. Sorted input always is: a subject
// change that goes up in rdf.Compare order proves it, so the check is linear.
func (e *Encoder) gatherSubjects() {
	sorted := true
	for i := 1; i < len(e.group) && sorted; i++ {
		sorted = rdf.ComparePtr(&e.group[i-1].S, &e.group[i].S) <= 0
	}
	if sorted {
		return
	}
	rank := map[rdf.Term]int{}
	for _, t := range e.group {
		if _, ok := rank[t.S]; !ok {
			rank[t.S] = len(rank)
		}
	}
	slices.SortStableFunc(e.group, func(a, b rdf.Triple) int { return rank[a.S] - rank[b.S] })
}

func isType(t rdf.Triple) bool {
	return t.P.Kind == rdf.IRI && t.P.Value == vocab.RDFType && t.O.Kind == rdf.IRI
}

const indent = "                                                                "

func indentOf(depth int) string {
	if 2*depth <= len(indent) {
		return indent[:2*depth]
	}
	return strings.Repeat("  ", depth)
}

// appendMembers writes the members of node ni ("@id", "@type", then keys in order) at the given
// indentation depth (in units of two spaces).
func (e *Encoder) appendMembers(b []byte, ni int, depth int) ([]byte, error) {
	ind := indentOf(depth)
	n := e.nodes[ni]
	var err error
	b = append(b, ind...)
	b = append(b, `"@id": `...)
	if b, err = e.appendNodeID(b, n.id); err != nil {
		return b, err
	}
	props := e.group[n.first : n.first+n.count]
	if n.ntypes > 0 {
		b = append(b, ",\n"...)
		b = append(b, ind...)
		b = append(b, `"@type": `...)
		if n.ntypes > 1 {
			b = append(b, '[')
		}
		k := 0
		for _, t := range props {
			if !isType(t) {
				continue
			}
			if k > 0 {
				b = append(b, ", "...)
			}
			k++
			v, err := e.vocabIRI(t.O.Value)
			if err != nil {
				return b, err
			}
			b = appendJSONString(b, v)
		}
		if n.ntypes > 1 {
			b = append(b, ']')
		}
	}
	// Entries of this depth live in e.entries[depth], reused from document to document.
	for len(e.entries) <= depth {
		e.entries = append(e.entries, nil)
	}
	entries := e.entries[depth][:0]
	for _, t := range props {
		if isType(t) {
			continue
		}
		term := e.termFor(t.P.Value, t.O)
		key := ""
		if term != nil {
			key = term.Name
		} else if key, err = e.predicateKey(t.P.Value); err != nil {
			return b, err
		}
		k := len(entries) - 1
		for ; k >= 0 && entries[k].key != key; k-- {
		}
		if k < 0 {
			if len(entries) < cap(entries) {
				entries = entries[:len(entries)+1]
				entries[len(entries)-1].key, entries[len(entries)-1].term = key, term
				entries[len(entries)-1].spans = entries[len(entries)-1].spans[:0]
			} else {
				entries = append(entries, entry{key: key, term: term})
			}
			k = len(entries) - 1
		}
		en := &entries[k]
		sp := span{start: len(e.arena), node: -1}
		switch {
		case term != nil && term.Container == "@language":
			sp.lang = t.O.Lang
			if !utf8.ValidString(t.O.Value) {
				return b, encode.ErrInvalidUTF8
			}
			e.arena = appendJSONString(e.arena, t.O.Value)
		case t.O.Kind == rdf.IRI && t.O != n.id && strings.HasPrefix(t.O.Value, e.doc):
			if c := e.nodeIndex(t.O); c >= 0 && !e.nodes[c].done {
				e.nodes[c].done = true
				sp.node = c // rendered in place below
				break
			}
			fallthrough
		default:
			if e.arena, err = e.appendValue(e.arena, term, t.O); err != nil {
				return b, err
			}
		}
		sp.end = len(e.arena)
		en.spans = append(en.spans, sp)
	}
	slices.SortFunc(entries, func(x, y entry) int { return strings.Compare(x.key, y.key) })
	e.entries[depth] = entries
	for k := range entries {
		en := &e.entries[depth][k]
		b = append(b, ",\n"...)
		b = append(b, ind...)
		b = appendJSONString(b, en.key)
		b = append(b, ": "...)
		if en.term != nil && en.term.Container == "@language" {
			b = e.appendLangMap(b, en.spans, depth)
			continue
		}
		array := en.term != nil && en.term.Container == "@set" || len(en.spans) > 1
		if array {
			b = append(b, '[')
		}
		for i, sp := range en.spans {
			if i > 0 {
				b = append(b, ", "...)
			}
			if sp.node < 0 {
				b = append(b, e.arena[sp.start:sp.end]...)
				continue
			}
			b = append(b, "{\n"...)
			if b, err = e.appendMembers(b, sp.node, depth+1); err != nil {
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

// appendLangMap writes a language map: the values grouped by language (languages sorted, the
// values of one language in their order).
func (e *Encoder) appendLangMap(b []byte, spans []span, depth int) []byte {
	ind := indentOf(depth + 1)
	// A stable insertion sort: a few languages, and no allocation.
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].lang < spans[j-1].lang; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	b = append(b, '{')
	for i := 0; i < len(spans); {
		j := i + 1
		for j < len(spans) && spans[j].lang == spans[i].lang {
			j++
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, ind...)
		b = appendJSONString(b, spans[i].lang)
		b = append(b, ": "...)
		if j-i > 1 {
			b = append(b, '[')
		}
		for k := i; k < j; k++ {
			if k > i {
				b = append(b, ", "...)
			}
			b = append(b, e.arena[spans[k].start:spans[k].end]...)
		}
		if j-i > 1 {
			b = append(b, ']')
		}
		i = j
	}
	b = append(b, '\n')
	b = append(b, ind[:len(ind)-2]...)
	return append(b, '}')
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

// appendValue appends object o as rendered under term (nil: no term, the expanded value form).
func (e *Encoder) appendValue(b []byte, term *Term, o rdf.Term) ([]byte, error) {
	if !utf8.ValidString(o.Value) {
		return b, encode.ErrInvalidUTF8
	}
	if term != nil {
		if term.Type == "@vocab" {
			v, err := e.vocabIRI(o.Value)
			if err != nil {
				return b, err
			}
			return appendJSONString(b, v), nil
		}
		return appendJSONString(b, o.Value), nil
	}
	switch o.Kind {
	case rdf.IRI, rdf.Blank:
		b = append(b, `{"@id": `...)
		var err error
		if b, err = e.appendNodeID(b, o); err != nil {
			return b, err
		}
		return append(b, '}'), nil
	}
	if o.Lang == "" && (o.Datatype == "" || o.Datatype == vocab.XSDString) {
		return appendJSONString(b, o.Value), nil // a bare string is a plain literal
	}
	b = append(b, `{"@value": `...)
	b = appendJSONString(b, o.Value)
	switch {
	case o.Lang != "":
		if err := encode.CheckLang(o.Lang); err != nil {
			return b, err
		}
		b = append(b, `, "@language": `...)
		b = appendJSONString(b, o.Lang)
	case o.Datatype != "" && o.Datatype != vocab.XSDString:
		dt, err := e.vocabIRI(o.Datatype)
		if err != nil {
			return b, err
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
