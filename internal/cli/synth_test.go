package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/cli"
)

// TestSynthCommand: coopgraph synth writes records that validate and export, rewrites a folder
// it wrote, and refuses (exit 2) a folder of other files, touching none of them.
func TestSynthCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "records")
	code, out, errs := runCLI(t, nil, "synth", "-n", "40", "--seed", "3", "--out", dir)
	if code != cli.ExitOK || !strings.Contains(errs, "wrote 40 synthetic records (seed 3)") {
		t.Fatalf("synth: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, nil, "validate", dir); code != cli.ExitOK || !strings.Contains(errs, "40 records are valid") {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
	}
	exports := filepath.Join(t.TempDir(), "exports")
	if code, out, errs := runCLI(t, nil, "export", "--site=false", "--out", exports, dir); code != cli.ExitOK {
		t.Fatalf("export: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, nil, "synth", "-n", "5", "--out", dir); code != cli.ExitOK {
		t.Fatalf("rewriting its own folder: exit %d\n%s%s", code, out, errs)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.yaml")); len(files) != 5 {
		t.Errorf("%d records after rewriting with -n 5", len(files))
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644)
	code, out, errs = runCLI(t, nil, "synth", "-n", "5", "--out", other)
	if code != cli.ExitUsage || !strings.Contains(errs, "not written by coopgraph synth") {
		t.Fatalf("a folder of other files: exit %d\n%s%s", code, out, errs)
	}
	if b, err := os.ReadFile(filepath.Join(other, "notes.txt")); err != nil || string(b) != "mine" {
		t.Error("synth touched a file it did not write")
	}
	if code, _, _ := runCLI(t, nil, "synth", "-n", "-1", "--out", dir); code != cli.ExitUsage {
		t.Errorf("-n -1: exit %d, want 2", code)
	}
}
