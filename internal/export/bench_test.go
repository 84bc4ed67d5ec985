package export_test

import (
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/vocab"
)

// BenchmarkExport exports 2,000 synthetic records in the three RDF formats (with the gzip dump,
// void.ttl and SHA256SUMS, without the pages), as coopgraph export --site=false does, with one
// worker per core and with export's default (DefaultWorkers). idle-% is the share of the cores'
// time (GOMAXPROCS) that no goroutine was ready to use.
func BenchmarkExport(b *testing.B) {
	in := filepath.Join(b.TempDir(), "records")
	const n = 2000
	writeSynth(b, in, n)
	for _, bb := range []struct {
		name    string
		workers int
	}{{"workers=cores", runtime.GOMAXPROCS(0)}, {"workers=default", 0}} {
		b.Run(bb.name, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "exports")
			var triples int64
			idle0, total0 := cpuClasses()
			for b.Loop() {
				res, err := export.Run(export.Options{
					Inputs: []string{in}, Out: out, Base: vocab.DefaultBase, Formats: format.RDF(format.Defaults()),
					Record: record.Options{ThisYear: 2026}, NoSite: true, Workers: bb.workers,
				})
				if err != nil {
					b.Fatal(err)
				}
				triples += res.Stats.Triples
			}
			idle1, total1 := cpuClasses()
			b.ReportMetric(100*(idle1-idle0)/(total1-total0), "idle-%")
			secs := b.Elapsed().Seconds()
			b.ReportMetric(float64(n)*float64(b.N)/secs, "records/s")
			b.ReportMetric(float64(triples)/secs, "triples/s")
		})
	}
}

// cpuClasses returns the runtime's estimate of the cores' idle time and of their total time
// (GOMAXPROCS × wall time) so far, in seconds.
func cpuClasses() (idle, total float64) {
	s := []metrics.Sample{{Name: "/cpu/classes/idle:cpu-seconds"}, {Name: "/cpu/classes/total:cpu-seconds"}}
	metrics.Read(s)
	return s[0].Value.Float64(), s[1].Value.Float64()
}
