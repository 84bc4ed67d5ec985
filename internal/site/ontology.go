package site

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
	krdf "github.com/knakk/rdf"
)

// Ontology is vocab/coop.ttl read for people: its header, classes, properties and concept
// schemes, each in the order the file gives them.
type Ontology struct {
	IRI         string
	Title       string
	Description string
	Version     string
	Created     string
	Modified    string
	License     string
	Classes     []*Term
	Properties  []*Term
	Schemes     []*Term
	terms       map[string]*Term
}

// Term is a class, property, concept scheme or concept of the ontology.
type Term struct {
	IRI        string
	Kind       string // "class", "object property", "datatype property", "concept scheme", "concept"
	Label      string // rdfs:label or skos:prefLabel, English where there is a choice
	Definition string // rdfs:comment or skos:definition, English where there is a choice
	Notation   string // skos:notation: the value records use
	Scheme     string // skos:inScheme of a concept
	// PrefLabels are every skos:prefLabel of a concept, as the per-co-op documents repeat them.
	PrefLabels []rdf.Term
	Domain     []string
	Range      []string
	Broader    []string // rdfs:subClassOf or rdfs:subPropertyOf
	Matches    []string // skos:exactMatch and skos:closeMatch
	Source     []string // dct:source
	Concepts   []*Term  // of a concept scheme, in the file's order
}

// Anchor is the fragment that names the term in ontology.html: its IRI relative to the
// ontology's namespace ("PlatformCooperative", "sector/art").
func (t *Term) Anchor() string { return Anchor(t.IRI) }

// Anchor returns the fragment of ontology.html that documents iri, or "" for IRIs outside the
// ontology's namespace.
func Anchor(iri string) string {
	if !strings.HasPrefix(iri, vocab.Coop) || iri == vocab.Coop {
		return ""
	}
	return strings.TrimPrefix(iri, vocab.Coop)
}

// Term returns the term with the given IRI, or nil.
func (o *Ontology) Term(iri string) *Term { return o.terms[iri] }

// ParseOntology reads an ontology in Turtle (vocab.Ontology) with knakk/rdf's decoder. Only
// its reader is used: knakk's Turtle writer is unsafe, its decoder is not.
func ParseOntology(ttl []byte) (*Ontology, error) {
	dec := krdf.NewTripleDecoder(bytes.NewReader(ttl), krdf.Turtle)
	type subject struct {
		iri string
		ts  []krdf.Triple
	}
	var order []*subject
	bySubj := map[string]*subject{}
	for {
		t, err := dec.Decode()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("ontology: %w", err)
		}
		s := t.Subj.String()
		if bySubj[s] == nil {
			bySubj[s] = &subject{iri: s}
			order = append(order, bySubj[s])
		}
		bySubj[s].ts = append(bySubj[s].ts, t)
	}
	o := &Ontology{terms: map[string]*Term{}}
	var concepts []*Term
	for _, s := range order {
		t := &Term{IRI: s.iri}
		var labels, comments, prefLabels, definitions []krdf.Literal
		isOntology := false
		for _, tr := range s.ts {
			p, obj := tr.Pred.String(), tr.Obj
			lit, isLit := obj.(krdf.Literal)
			switch p {
			case vocab.RDFType:
				switch obj.String() {
				case vocab.OWLClass, vocab.RDFSClass:
					t.Kind = "class"
				case vocab.OWLObjectProp:
					t.Kind = "object property"
				case vocab.OWLDataProp:
					t.Kind = "datatype property"
				case vocab.SKOSConceptScheme:
					t.Kind = "concept scheme"
				case vocab.SKOSConcept:
					t.Kind = "concept"
				case vocab.OWLOntology:
					isOntology = true
				}
			case vocab.RDFSLabel:
				if isLit {
					labels = append(labels, lit)
				}
			case vocab.RDFSComment:
				if isLit {
					comments = append(comments, lit)
				}
			case vocab.SKOSPrefLabel:
				if isLit {
					prefLabels = append(prefLabels, lit)
					t.PrefLabels = append(t.PrefLabels, rdf.NewLangString(lit.String(), lit.Lang()))
				}
			case vocab.SKOSDefinition:
				if isLit {
					definitions = append(definitions, lit)
				}
			case vocab.SKOSNotation:
				t.Notation = obj.String()
			case vocab.SKOSInScheme:
				t.Scheme = obj.String()
			case vocab.RDFSDomain:
				t.Domain = append(t.Domain, obj.String())
			case vocab.RDFSRange:
				t.Range = append(t.Range, obj.String())
			case vocab.RDFSSubClass, vocab.RDFSSubProp:
				t.Broader = append(t.Broader, obj.String())
			case vocab.SKOSExactMatch, vocab.SKOSCloseMatch:
				t.Matches = append(t.Matches, obj.String())
			case vocab.DCTSource:
				t.Source = append(t.Source, obj.String())
			case vocab.DCTTitle:
				o.Title = obj.String()
			case vocab.DCTDescription:
				o.Description = obj.String()
			case vocab.OWLVersion:
				o.Version = obj.String()
			case vocab.DCTCreated:
				o.Created = obj.String()
			case vocab.DCTModified:
				o.Modified = obj.String()
			case vocab.DCTLicense:
				o.License = obj.String()
			}
		}
		if isOntology {
			o.IRI = s.iri
			continue
		}
		t.Label = english(append(labels, prefLabels...))
		t.Definition = english(append(comments, definitions...))
		switch t.Kind {
		case "":
			continue
		case "class":
			o.Classes = append(o.Classes, t)
		case "object property", "datatype property":
			o.Properties = append(o.Properties, t)
		case "concept scheme":
			o.Schemes = append(o.Schemes, t)
		case "concept":
			concepts = append(concepts, t)
		}
		o.terms[t.IRI] = t
	}
	for _, c := range concepts {
		if s := o.terms[c.Scheme]; s != nil && s.Kind == "concept scheme" {
			s.Concepts = append(s.Concepts, c)
		} else {
			return nil, fmt.Errorf("ontology: concept %s is in no scheme of the ontology", c.IRI)
		}
	}
	if o.IRI == "" {
		return nil, fmt.Errorf("ontology: no owl:Ontology in the file")
	}
	return o, nil
}

// english picks the English literal of a list, else the first one.
func english(ls []krdf.Literal) string {
	for _, l := range ls {
		if strings.EqualFold(l.Lang(), "en") || strings.HasPrefix(strings.ToLower(l.Lang()), "en-") {
			return l.String()
		}
	}
	if len(ls) > 0 {
		return ls[0].String()
	}
	return ""
}

// Vocabulary returns vocab/coop.ttl parsed, once. The embedded file is tested, so a failure
// here is a build defect and panics.
var Vocabulary = sync.OnceValue(func() *Ontology {
	o, err := ParseOntology(vocab.Ontology)
	if err != nil {
		panic("vocab/coop.ttl: " + err.Error())
	}
	return o
})
