package diff_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/diff"
	"github.com/coopgraph/coopgraph/internal/ntread"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s--- want\n%s", name, got, want)
	}
}

// TestBeforeAfter compares two hand-made exports: alpha gains a sector and its address another
// locality, beta is unchanged, gamma is removed, delta added.
func TestBeforeAfter(t *testing.T) {
	r, err := diff.Paths("testdata/before", "testdata/after")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Added) != 1 || r.Added[0].ID != "delta" || r.Added[0].Name != "Delta Coöp" {
		t.Errorf("added: %+v", r.Added)
	}
	if len(r.Removed) != 1 || r.Removed[0].ID != "gamma" || r.Removed[0].Name != `Gamma "the third"` {
		t.Errorf("removed: %+v", r.Removed)
	}
	if len(r.Changed) != 1 || r.Changed[0].ID != "alpha" ||
		strings.Join(r.Changed[0].Properties, "|") != "coop:sector|#address schema:addressLocality" ||
		r.Changed[0].Added != 2 || r.Changed[0].Removed != 1 {
		t.Errorf("changed: %+v", r.Changed)
	}
	if r.Triples != (diff.Counts{Old: 12, New: 13}) || r.Coops != (diff.Counts{Old: 3, New: 3}) {
		t.Errorf("counts: triples %+v, co-ops %+v", r.Triples, r.Coops)
	}
	var text, js bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	golden(t, "before-after.txt", text.Bytes())
	golden(t, "before-after.json", js.Bytes())
}

// TestNoChange compares an export with itself, and the real exports with themselves.
func TestNoChange(t *testing.T) {
	for _, dir := range []string{"testdata/after", filepath.Join(testkit.Root(), "exports")} {
		r, err := diff.Paths(dir, dir)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Empty() || len(r.Changed) > 0 || r.Triples.Old == 0 {
			t.Errorf("%s differs from itself: %+v", dir, r)
		}
		var text bytes.Buffer
		r.WriteText(&text)
		if !strings.Contains(text.String(), "no changes") {
			t.Errorf("text report: %s", text.String())
		}
	}
}

// TestGzipFallback reads coops.nt.gz when a folder has no coops.nt (a downloaded release).
func TestGzipFallback(t *testing.T) {
	dir := t.TempDir()
	nt, err := os.ReadFile("testdata/after/coops.nt")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(nt)
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "coops.nt.gz"), gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := diff.Paths("testdata/before", dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Added) != 1 || len(r.Removed) != 1 || len(r.Changed) != 1 {
		t.Errorf("report from the gzip: %+v", r)
	}
	if _, err := diff.Paths("testdata/before", t.TempDir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a folder without a dump: %v", err)
	}
}

// TestBadInput: a dump out of order, and one with a syntax error, are refused.
func TestBadInput(t *testing.T) {
	nt, err := os.ReadFile("testdata/after/coops.nt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(nt), "\n")
	lines[0], lines[len(lines)-2] = lines[len(lines)-2], lines[0] // delta first
	_, err = diff.Compare(strings.NewReader(string(nt)), strings.NewReader(strings.Join(lines, "")))
	if !errors.Is(err, diff.ErrUnsorted) {
		t.Errorf("unsorted dump: %v", err)
	}
	_, err = diff.Compare(strings.NewReader(string(nt)), strings.NewReader(strings.Replace(string(nt), "> .", ">", 1)))
	if !errors.Is(err, ntread.ErrSyntax) {
		t.Errorf("syntax error: %v", err)
	}
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"https://w3id.org/coopgraph/id/x":          "https://w3id.org/coopgraph/id/x",
		"https://w3id.org/coopgraph/id/x#address":  "https://w3id.org/coopgraph/id/x",
		"https://w3id.org/coopgraph/id/x#source-2": "https://w3id.org/coopgraph/id/x",
		"https://example.org/d#id/x":               "https://example.org/d#id/x",
		"https://example.org/d#id/x#geo":           "https://example.org/d#id/x",
	} {
		if got := diff.Key(in); got != want {
			t.Errorf("Key(%s) = %s, want %s", in, got, want)
		}
	}
}
