package pipeline_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/synth"
	"github.com/coopgraph/coopgraph/vocab"
)

// BenchmarkRun runs the pipeline over 2,000 synthetic record files: reading, YAML, the JSON
// Schema and the record checks (validate), and with the mapping to triples (as export does,
// without writing).
func BenchmarkRun(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "records")
	const n = 2000
	if _, err := synth.Write(context.Background(), dir, synth.Options{N: n, Seed: 1}, 0); err != nil {
		b.Fatal(err)
	}
	v, err := schema.New()
	if err != nil {
		b.Fatal(err)
	}
	set, _ := pipeline.Scan([]string{dir})
	defer set.Close()
	for _, c := range []struct {
		name   string
		mapper *mapping.Mapper
	}{{"validate", nil}, {"map", mapping.New(vocab.DefaultBase)}} {
		b.Run(c.name, func(b *testing.B) {
			var triples int64
			for b.Loop() {
				diags, stats, err := pipeline.Run(set, v, pipeline.Options{Mapper: c.mapper}, func(*pipeline.Item) error { return nil })
				if err != nil || diags.HasErrors() {
					b.Fatal(err, diags)
				}
				triples += stats.Triples
			}
			secs := b.Elapsed().Seconds()
			b.ReportMetric(float64(n)*float64(b.N)/secs, "records/s")
			if triples > 0 {
				b.ReportMetric(float64(triples)/secs, "triples/s")
			}
		})
	}
}
