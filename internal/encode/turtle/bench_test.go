package turtle_test

import (
	"io"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/turtle"
	"github.com/coopgraph/coopgraph/internal/record/recordtest"
)

func BenchmarkEncoder(b *testing.B) {
	recordtest.BenchmarkEncoder(b, func(w io.Writer) encode.Encoder { return turtle.NewEncoder(w, turtle.Options{}) })
}
