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
	files := map[string]string{"COOPGRAPH_CPUPROFILE": filepath.Join(dir, "cpu.prof"), "COOPGRAPH_TRACE": filepath.Join(dir, "run.trace")}
	var ends []func()
	for _, d := range diagnostics {
		end, err := startDiagnostic(files[d.env], d.start, d.stop)
		if err != nil {
			t.Fatalf("%s: %v", d.env, err)
		}
		ends = append(ends, end)
	}
	if r := run(t, dir, "--version"); r.code != 0 {
		t.Fatalf("--version exited %d: %s", r.code, r.stderr)
	}
	for _, end := range ends {
		end()
	}
	prof, tr := files["COOPGRAPH_CPUPROFILE"], files["COOPGRAPH_TRACE"]
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
	for _, d := range diagnostics {
		if end, err := startDiagnostic(filepath.Join(dir, "missing", "f"), d.start, d.stop); err == nil {
			end()
			t.Errorf("%s: a file in a missing folder was created", d.env)
		}
	}
}
