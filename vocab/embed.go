package vocab

import _ "embed"

// RecordSchema is the JSON Schema (draft-07) every record must satisfy: the base profile,
// which the records of imported datasets meet.
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

// DirectorySchema is the JSON Schema (draft-07) of the directory's records (data/coops): it
// refers to RecordSchema by its $id and adds what the directory requires.
//
//go:embed directory.schema.json
var DirectorySchema []byte

// DatasetSchema is the JSON Schema (draft-07) of an imported dataset's description
// (data/imported/<name>/dataset.yaml).
//
//go:embed dataset.schema.json
var DatasetSchema []byte

// MurmurationsProfileSchema is the JSON Schema (draft-07) that coopgraph import murmurations
// checks each profile against first: the fields of organizations_schema-v1.0.0 it maps, with the
// constraints that schema gives them.
//
//go:embed murmurations-profile.schema.json
var MurmurationsProfileSchema []byte
