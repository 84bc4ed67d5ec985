package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/cli"
	"github.com/coopgraph/coopgraph/internal/dcc/dccsynth"
)

// BenchmarkImportDCC runs coopgraph import dcc-csv, in process, over 20,000 synthetic rows of
// every column of the standard into a new dataset folder: reading, converting, checking each
// record as validate does, and writing the folder. rows/s is the figure to read; make bench
// also measures the binary on 100,000 rows with its peak memory.
func BenchmarkImportDCC(b *testing.B) {
	const n = 20000
	dir := b.TempDir()
	var buf bytes.Buffer
	if err := dccsynth.Write(&buf, n, 1); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "synthetic.csv")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		os.RemoveAll(filepath.Join(dir, "data"))
		b.StartTimer()
		var out, errb bytes.Buffer
		code := cli.Run(context.Background(), []string{"coopgraph", "import", "dcc-csv", file, "--into", "data/imported/synthetic",
			"--source", "https://example.org/open-data", "--license", "https://example.org/licence", "--quiet"},
			&cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir, Getenv: func(string) string { return "" }})
		if code != 0 {
			b.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
