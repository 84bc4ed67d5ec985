package part

import "github.com/coopgraph/coopgraph/vocab"

func vocabOntology() []byte { return vocab.Ontology }
func vocabShapes() []byte   { return vocab.Shapes }
func vocabContext() []byte  { return vocab.Context }
