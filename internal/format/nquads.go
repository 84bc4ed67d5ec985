package format

import (
	"io"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/nquads"
)

// NQuads is N-Triples in a named graph (EncoderOptions.Graph): written on request for the
// directory, and always for imported datasets, each in its own graph.
var NQuads = Register(&Format{
	Name: "nq", Ext: ".nq", MediaType: "application/n-quads", Title: "N-Quads",
	Rank: 40,
	NewEncoder: func(w io.Writer, opt EncoderOptions) encode.Splicer {
		return nquads.NewEncoder(w, opt.Graph)
	},
})
