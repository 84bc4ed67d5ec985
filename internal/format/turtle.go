package format

import (
	"io"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/turtle"
	"github.com/coopgraph/coopgraph/vocab"
)

// Turtle is the dump most people read: prefixed names, a subject's triples grouped.
var Turtle = Register(&Format{
	Name: "ttl", Ext: ".ttl", MediaType: "text/turtle", Title: "Turtle",
	Feature: vocab.FormatTurtle, Rank: 10, Default: true,
	NewEncoder: func(w io.Writer, opt EncoderOptions) encode.Splicer {
		return turtle.NewEncoder(w, turtle.Options{Header: opt.Header})
	},
})
