package format

import (
	"io"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/vocab"
)

// NTriples is one triple a line, for bulk loaders and line tools; the directory's is also
// written gzip-compressed.
var NTriples = Register(&Format{
	Name: "nt", Ext: ".nt", MediaType: "application/n-triples", Title: "N-Triples",
	Feature: vocab.FormatNTriples, Rank: 20, Default: true, Gzip: true,
	NewEncoder: func(w io.Writer, _ EncoderOptions) encode.Splicer { return ntriples.NewEncoder(w) },
})
