package ci_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/testkit"
)

// fuzzTargets lists the fuzz targets of the Makefile's FUZZ_TARGETS as "./pkg:FuzzName".
func fuzzTargets(t *testing.T, makefile string) []string {
	t.Helper()
	b, err := os.ReadFile(makefile)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "FUZZ_TARGETS :=")
	if !ok {
		t.Fatal("the Makefile has no FUZZ_TARGETS")
	}
	var out []string
	// The variable's value: continuation lines up to the first that does not end in a backslash.
	for _, line := range strings.Split(rest, "\n") {
		line = strings.TrimSpace(line)
		more := strings.HasSuffix(line, "\\")
		if line = strings.TrimSpace(strings.TrimSuffix(line, "\\")); line != "" {
			pkg, r, _ := strings.Cut(line, ":")
			name, _, _ := strings.Cut(r, ":")
			out = append(out, pkg+":"+name)
		}
		if !more {
			break
		}
	}
	return out
}

var fuzzFunc = regexp.MustCompile(`(?m)^func (Fuzz\w+)\(\w+ \*testing\.F\)`)

// TestEveryFuzzTargetListed: make fuzz-short and make fuzz run every fuzz target of the
// repository, and name none that does not exist.
func TestEveryFuzzTargetListed(t *testing.T) {
	root := testkit.Root()
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		for _, m := range fuzzFunc.FindAllStringSubmatch(string(b), -1) {
			found = append(found, "./"+filepath.ToSlash(rel)+":"+m[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 {
		t.Fatal("found no fuzz target at all")
	}
	listed := fuzzTargets(t, filepath.Join(root, "Makefile"))
	slices.Sort(found)
	slices.Sort(listed)
	for _, f := range found {
		if !slices.Contains(listed, f) {
			t.Errorf("fuzz target %s is not in the Makefile's FUZZ_TARGETS", f)
		}
	}
	for _, l := range listed {
		if !slices.Contains(found, l) {
			t.Errorf("FUZZ_TARGETS names %s, which does not exist", l)
		}
	}
}
