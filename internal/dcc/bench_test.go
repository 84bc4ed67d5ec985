package dcc_test

import (
	"bytes"
	"testing"

	"github.com/coopgraph/coopgraph/internal/dcc"
	"github.com/coopgraph/coopgraph/internal/dcc/dccsynth"
)

func synthetic(b *testing.B, n int) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := dccsynth.Write(&buf, n, 1); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkRead converts 10,000 synthetic rows of every column of the standard; rows/s is the
// figure to read.
func BenchmarkRead(b *testing.B) {
	const n = 10000
	src := synthetic(b, n)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for b.Loop() {
		res, err := dcc.Read(src, dcc.Options{File: "synthetic.csv", Source: "https://example.org/open-data"})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Records) != n {
			b.Fatalf("%d records of %d rows", len(res.Records), n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
