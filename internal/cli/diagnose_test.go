package cli

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestProfileAndTraceFiles: COOPGRAPH_CPUPROFILE and COOPGRAPH_TRACE each leave a file the Go
// tools read (a gzipped profile; a trace starting with its header), and a folder that cannot
// take the file is refused before anything runs.
func TestProfileAndTraceFiles(t *testing.T) {
	dir := t.TempDir()
	prof, tr := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "run.trace")
	stopProfile, err := startCPUProfile(prof)
	if err != nil {
		t.Fatal(err)
	}
	stopTrace, err := startTrace(tr)
	if err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, "--version"); r.code != 0 {
		t.Fatalf("--version exited %d: %s", r.code, r.stderr)
	}
	stopTrace()
	stopProfile()
	f, err := os.Open(prof)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("the CPU profile is not gzipped as pprof writes it: %v", err)
	}
	if _, err := io.ReadAll(zr); err != nil {
		t.Fatalf("the CPU profile: %v", err)
	}
	b, err := os.ReadFile(tr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("go 1.")) || len(b) < 100 {
		t.Fatalf("the trace has no trace header (%d bytes: %.20q)", len(b), b)
	}
	for _, start := range []func(string) (func(), error){startCPUProfile, startTrace} {
		if stop, err := start(filepath.Join(dir, "missing", "f")); err == nil {
			stop()
			t.Error("a file in a missing folder was created")
		}
	}
}
