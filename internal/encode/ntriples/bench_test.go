package ntriples_test

import (
	"io"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/record/recordtest"
)

func BenchmarkEncoder(b *testing.B) {
	recordtest.BenchmarkEncoder(b, func(w io.Writer) encode.Encoder { return ntriples.NewEncoder(w) })
}
