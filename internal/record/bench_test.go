package record

import (
	"testing"

	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/synth"
)

// BenchmarkCheck validates parsed synthetic records: the JSON Schema and the checks beyond it.
func BenchmarkCheck(b *testing.B) {
	v, err := schema.New()
	if err != nil {
		b.Fatal(err)
	}
	g := synth.New(synth.Options{N: 1000, Seed: 1})
	docs := make([]*source.Document, g.N())
	for i := range docs {
		doc, l := source.Parse(g.FileName(i), source.YAML, g.Record(nil, i))
		if doc == nil {
			b.Fatal(l)
		}
		docs[i] = doc
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, doc := range docs {
			if rec, l := Check(doc, v, Options{ThisYear: 2026}); rec == nil {
				b.Fatal(l)
			}
		}
	}
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
