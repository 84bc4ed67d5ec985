package dataset

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestWriterWritesInParallel: records handed to the writers all land with their bytes, however
// many are queued at once.
func TestWriterWritesInParallel(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "example")
	w, err := NewWriter(dir, []byte("name: example\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	const n = 2000
	for i := range n {
		if _, _, err := w.Add(fmt.Sprintf("r%04d", i), fmt.Appendf(nil, "id: r%04d\n", i)); err != nil {
			t.Fatal(err)
		}
	}
	ch, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Added) != n {
		t.Fatalf("%d added, want %d", len(ch.Added), n)
	}
	for i := range n {
		b, err := os.ReadFile(filepath.Join(dir, RecordsDir, fmt.Sprintf("r%04d.yaml", i)))
		if want := fmt.Sprintf("id: r%04d\n", i); err != nil || string(b) != want {
			t.Fatalf("record %d: %q, %v; want %q", i, b, err, want)
		}
	}
}

// TestWriterWriteFails: a record file that cannot be written fails Commit (or a later Add), and
// the folder stays as it was.
func TestWriterWriteFails(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "example")
	first, err := NewWriter(dir, []byte("name: example\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := first.Add("a", []byte("id: a\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Commit(); err != nil {
		t.Fatal(err)
	}

	w, err := NewWriter(dir, []byte("name: example\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	// The staging folder's records folder becomes a file: every write into it fails.
	rec := filepath.Join(w.st.Dir(), RecordsDir)
	if err := os.RemoveAll(rec); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rec, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var addErr error
	for i := range 100 {
		if _, _, err := w.Add(fmt.Sprintf("b%03d", i), []byte("id: b\n")); err != nil {
			addErr = err
			break
		}
	}
	_, err = w.Commit()
	if err == nil && addErr == nil {
		t.Fatal("the failed writes were not reported")
	}
	ents, err := os.ReadDir(filepath.Join(dir, RecordsDir))
	if err != nil || len(ents) != 1 || ents[0].Name() != "a.yaml" {
		t.Errorf("the folder changed: %v, %v", ents, err)
	}
}
