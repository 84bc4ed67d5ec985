package format

import (
	"io"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/jsonld"
	"github.com/coopgraph/coopgraph/vocab"
)

// JSONLD is the dump for web developers, compacted against the published context.
var JSONLD = Register(&Format{
	Name: "jsonld", Ext: ".jsonld", MediaType: "application/ld+json", Title: "JSON-LD",
	Feature: vocab.FormatJSONLD, Rank: 30, Default: true,
	NewEncoder: func(w io.Writer, _ EncoderOptions) encode.Splicer { return jsonld.NewEncoder(w, jsonld.Options{}) },
})
