package export_test

import (
	"path/filepath"
	"testing"

	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/vocab"
)

// BenchmarkExport exports 2,000 synthetic records in the three RDF formats (with the gzip dump,
// void.ttl and SHA256SUMS, without the pages), as coopgraph export --site=false does.
func BenchmarkExport(b *testing.B) {
	in := filepath.Join(b.TempDir(), "records")
	const n = 2000
	writeSynth(b, in, n)
	out := filepath.Join(b.TempDir(), "exports")
	var triples int64
	for b.Loop() {
		res, err := export.Run(export.Options{
			Inputs: []string{in}, Out: out, Base: vocab.DefaultBase, Formats: format.RDF(format.Defaults()),
			Record: record.Options{ThisYear: 2026}, NoSite: true,
		})
		if err != nil {
			b.Fatal(err)
		}
		triples += res.Stats.Triples
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(n)*float64(b.N)/secs, "records/s")
	b.ReportMetric(float64(triples)/secs, "triples/s")
}
