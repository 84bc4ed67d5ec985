// Package rdf is coopgraph's small model of RDF terms and triples: plain values, cheap to copy,
// with one total order that every writer relies on. It holds no IRIs of its own.
package rdf

import (
	"strings"

	"github.com/coopgraph/coopgraph/vocab"
)

// Kind says what a Term is.
type Kind uint8

// The kinds of terms, in the order Compare sorts them.
const (
	IRI Kind = iota + 1
	Blank
	Literal
)

// Term is an IRI, a blank node or a literal.
//
// For a literal, Value is the lexical form; Lang is the language tag (lower case) of a
// language-tagged string; Datatype is the datatype IRI, and empty means xsd:string (or
// rdf:langString when Lang is set). Constructors do not validate: callers check IRIs and tags
// (see package iri) before building terms, and writers refuse what they cannot write safely.
type Term struct {
	Kind     Kind
	Value    string
	Datatype string
	Lang     string
}

// NewIRI returns the IRI term s.
func NewIRI(s string) Term { return Term{Kind: IRI, Value: s} }

// NewBlank returns the blank node labelled s.
func NewBlank(s string) Term { return Term{Kind: Blank, Value: s} }

// NewString returns a plain (xsd:string) literal.
func NewString(s string) Term { return Term{Kind: Literal, Value: s} }

// NewLangString returns a language-tagged literal; the tag is stored in lower case, the form of
// RDF's value space, so that every syntax gives back the same triple.
func NewLangString(s, lang string) Term {
	return Term{Kind: Literal, Value: s, Lang: strings.ToLower(lang)}
}

// NewTyped returns a literal of the given datatype; xsd:string becomes a plain literal.
func NewTyped(s, datatype string) Term {
	if datatype == vocab.XSDString {
		datatype = ""
	}
	return Term{Kind: Literal, Value: s, Datatype: datatype}
}

// DatatypeIRI returns the literal's datatype, filling in xsd:string and rdf:langString.
func (t Term) DatatypeIRI() string {
	switch {
	case t.Kind != Literal:
		return ""
	case t.Lang != "":
		return vocab.RDFLangString
	case t.Datatype == "":
		return vocab.XSDString
	}
	return t.Datatype
}

// Triple is one statement.
type Triple struct {
	S, P, O Term
}

// Compare orders terms: IRIs, then blank nodes, then literals; within a kind by value, then
// datatype, then language. It returns -1, 0 or +1.
func Compare(a, b Term) int { return ComparePtr(&a, &b) }

// ComparePtr is Compare on pointers: a term is 56 bytes, and sorting a record's triples by value
// copies two triples for every comparison.
func ComparePtr(a, b *Term) int {
	if a.Kind != b.Kind {
		if a.Kind < b.Kind {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.Value, b.Value); c != 0 {
		return c
	}
	if c := strings.Compare(a.Datatype, b.Datatype); c != 0 {
		return c
	}
	return strings.Compare(a.Lang, b.Lang)
}

// ComparePredicates orders predicates as Compare does, except that rdf:type comes first, so that
// a node's types open its description in every dump.
func ComparePredicates(a, b Term) int { return comparePredicatePtrs(&a, &b) }

func comparePredicatePtrs(a, b *Term) int {
	at, bt := a.Kind == IRI && a.Value == vocab.RDFType, b.Kind == IRI && b.Value == vocab.RDFType
	switch {
	case at && bt:
		return 0
	case at:
		return -1
	case bt:
		return 1
	}
	return ComparePtr(a, b)
}

// CompareTriples is the order of every dump: by subject, then predicate (rdf:type first), then
// object. Because a co-op's own nodes are fragments of its IRI (…/id/x#address), and '#' sorts
// before every character of an id, sorting records by id and each record's triples by this order
// gives the whole directory in this order without holding it in memory.
func CompareTriples(a, b Triple) int { return CompareTriplePtrs(&a, &b) }

// CompareTriplePtrs is CompareTriples on pointers, for sorts that would otherwise copy two
// 168-byte triples at every comparison.
func CompareTriplePtrs(a, b *Triple) int {
	if c := ComparePtr(&a.S, &b.S); c != 0 {
		return c
	}
	if c := comparePredicatePtrs(&a.P, &b.P); c != 0 {
		return c
	}
	return ComparePtr(&a.O, &b.O)
}
