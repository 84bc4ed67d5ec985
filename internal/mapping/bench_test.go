package mapping_test

import (
	"testing"

	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/synth"
	"github.com/coopgraph/coopgraph/vocab"
)

// BenchmarkMap maps 1,000 synthetic records to their sorted triples.
func BenchmarkMap(b *testing.B) {
	v, err := schema.New()
	if err != nil {
		b.Fatal(err)
	}
	g := synth.New(synth.Options{N: 1000, Seed: 1})
	recs := make([]*record.Record, g.N())
	for i := range recs {
		doc, l := source.Parse(g.FileName(i), source.YAML, g.Record(nil, i))
		if doc == nil {
			b.Fatal(l)
		}
		if recs[i], l = record.Check(doc, v, record.Options{ThisYear: 2026}); recs[i] == nil {
			b.Fatal(l)
		}
	}
	m := mapping.New(vocab.DefaultBase)
	var n int
	var buf = m.Map(nil, recs[0])
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range recs {
			buf = m.Map(buf[:0], r)
			n += len(buf)
		}
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "triples/s")
}
