package nquads_test

import (
	"io"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/nquads"
	"github.com/coopgraph/coopgraph/internal/record/recordtest"
)

func BenchmarkEncoder(b *testing.B) {
	recordtest.BenchmarkEncoder(b, func(w io.Writer) encode.Encoder {
		return nquads.NewEncoder(w, "https://w3id.org/coopgraph/dataset")
	})
}
