package cli_test

import (
	"bytes"
	"context"
	"fmt"
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
// also measures the binary on 100,000 rows with its peak memory. Each round imports into a
// folder of its own, and nothing is deleted until the benchmark ends: on ext4, creating files
// in the minutes after many were deleted is several times slower, which would measure the
// previous round's removal rather than the import.
func BenchmarkImportDCC(b *testing.B) {
	const rows = 20000
	dir := b.TempDir()
	var buf bytes.Buffer
	if err := dccsynth.Write(&buf, rows, 1); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "synthetic.csv")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	round := 0
	for b.Loop() {
		round++
		into := fmt.Sprintf("data/imported/synthetic-%d", round)
		var out, errb bytes.Buffer
		code := cli.Run(context.Background(), []string{"coopgraph", "import", "dcc-csv", file, "--into", into,
			"--source", "https://example.org/open-data", "--license", "https://example.org/licence", "--quiet"},
			&cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir, Getenv: func(string) string { return "" }})
		if code != 0 {
			b.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
		}
		if n, err := os.ReadDir(filepath.Join(dir, into, "records")); err != nil || len(n) != rows {
			b.Fatalf("%s: %d records, %v; want %d", into, len(n), err, rows)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
