package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

type result struct {
	code           int
	stdout, stderr string
}

// run runs coopgraph in-process with dir as its working directory.
// testNow is the day the tests' records were last checked: the records' dates (a status
// claimed as of 2021 is not stale yet) are judged as of then, not as of the day a test runs.
func testNow() time.Time { return time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) }

func run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir, Getenv: func(string) string { return "" }, Now: testNow}
	code := Run(context.Background(), append([]string{"coopgraph"}, args...), env)
	return result{code, out.String(), errb.String()}
}

// treeHash sums every path, mode and byte under root, so that any change shows.
func treeHash(t *testing.T, root string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		h.Write([]byte(rel + "\x00" + info.Mode().String() + "\x00"))
		if info.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func listDir(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return strings.Join(names, " ")
}

func dataDir() string { return filepath.Join(testkit.Root(), "data", "coops") }

// checkGolden compares got with the golden file, or rewrites it under -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./internal/cli -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestExitCodes(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		in   string // a substring of stdout+stderr
	}{
		{[]string{"validate", dataDir()}, ExitOK, "records are valid"},
		{[]string{"validate", "--format", "json", dataDir()}, ExitOK, `"errors": 0`},
		{[]string{"validate", dataDir(), "--format", "github"}, ExitOK, ""},
		{[]string{"validate", "testdata/bad/enum-typo"}, ExitInvalid, "did you mean"},
		{[]string{"validate", "--format", "xml", dataDir()}, ExitUsage, "unknown format"},
		{[]string{"validate", "--nope"}, ExitUsage, "flag provided but not defined"},
		{[]string{"bogus"}, ExitUsage, "unknown command"},
		{[]string{}, ExitUsage, "no command"},
		{[]string{"validate", "testdata/missing"}, ExitFailure, "cannot read"},
		{[]string{"validate", "/nonexistent"}, ExitFailure, "/nonexistent: cannot read: no such file or directory"},
		{[]string{"validate", "cli_test.go"}, ExitInvalid, "not a record file"},
		{[]string{"new"}, ExitUsage, "one argument"},
		{[]string{"new", "a", "b"}, ExitUsage, "one argument"},
		{[]string{"new", "--id", "Not An Id", "X"}, ExitUsage, "is not an id"},
		{[]string{"new", "서울"}, ExitUsage, "give one with --id"},
		{[]string{"export", "--report", "nope"}, ExitUsage, "--report"},
	} {
		r := run(t, "", c.args...)
		if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.in) {
			t.Errorf("coopgraph %s: exit %d, want %d with %q\nstdout: %s\nstderr: %s", strings.Join(c.args, " "), r.code, c.code, c.in, r.stdout, r.stderr)
		}
	}
}

// TestTreeHashSeesChanges shows that the "nothing changed on disk" checks can fail: a changed
// byte, a new file, a removed file and a changed mode each change the hash.
func TestTreeHashSeesChanges(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a", "f.ttl")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte("abc"), 0o644)
	seen := map[string]bool{treeHash(t, dir): true}
	for _, change := range []func(){
		func() { os.WriteFile(p, []byte("abd"), 0o644) },
		func() { os.WriteFile(filepath.Join(dir, "g"), nil, 0o644) },
		func() { os.Remove(filepath.Join(dir, "g")); os.Chmod(p, 0o600) },
		func() { os.Rename(p, p+".old") },
	} {
		change()
		h := treeHash(t, dir)
		if seen[h] {
			t.Error("a change left the hash as it was")
		}
		seen[h] = true
	}
}
