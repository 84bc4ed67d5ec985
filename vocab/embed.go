package vocab

import _ "embed"

// RecordSchema is the JSON Schema (draft-07) every record must satisfy.
//
//go:embed record.schema.json
var RecordSchema []byte

// Context is the JSON-LD context of the dumps, as a document {"@context": {...}}.
//
//go:embed context.jsonld
var Context []byte

// Ontology is the coopgraph ontology and its SKOS concept schemes, in Turtle.
//
//go:embed coop.ttl
var Ontology []byte

// Shapes are the SHACL shapes every export conforms to, in Turtle.
//
//go:embed shapes.ttl
var Shapes []byte
