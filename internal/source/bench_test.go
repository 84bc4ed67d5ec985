package source

import (
	"testing"

	"github.com/coopgraph/coopgraph/internal/synth"
)

// BenchmarkParse reads synthetic records (YAML) into position-keeping trees.
func BenchmarkParse(b *testing.B) {
	g := synth.New(synth.Options{N: 1000, Seed: 1})
	files := make([][]byte, g.N())
	size := 0
	for i := range files {
		files[i] = g.Record(nil, i)
		size += len(files[i])
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i, src := range files {
			if doc, l := Parse(g.FileName(i), YAML, src); doc == nil {
				b.Fatal(l)
			}
		}
	}
	b.ReportMetric(float64(len(files))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
