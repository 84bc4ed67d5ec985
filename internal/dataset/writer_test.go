package dataset_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/dataset"
)

// TestWriter: a first write adds everything; writing the same again changes nothing and leaves
// every file untouched; a newer set says what it adds, changes and removes, and what it replaces.
func TestWriter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "example")
	man := []byte("name: example\n")
	write := func(recs map[string]string, dry bool) (dataset.Changes, map[string]string, map[string][]byte) {
		t.Helper()
		w, err := dataset.NewWriter(dir, man, dry)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Abort()
		olds := map[string]string{}
		for _, id := range []string{"a", "b", "c", "d"} {
			data, ok := recs[id]
			if !ok {
				continue
			}
			old, _, err := w.Add(id, []byte(data))
			if err != nil {
				t.Fatal(err)
			}
			if old != nil {
				olds[id] = string(old)
			}
		}
		removed, err := w.Removed()
		if err != nil {
			t.Fatal(err)
		}
		ch, err := w.Commit()
		if err != nil {
			t.Fatal(err)
		}
		return ch, olds, removed
	}
	ch, _, _ := write(map[string]string{"a": "A\n", "b": "B\n"}, false)
	if strings.Join(ch.Added, ",") != "a,b" || !ch.Manifest {
		t.Errorf("first: %+v", ch)
	}
	st, _ := os.Stat(filepath.Join(dir, "records", "a.yaml"))
	ch, _, _ = write(map[string]string{"a": "A\n", "b": "B\n"}, false)
	if !ch.None() || ch.Unchanged != 2 {
		t.Errorf("again: %+v", ch)
	}
	if st2, _ := os.Stat(filepath.Join(dir, "records", "a.yaml")); !st2.ModTime().Equal(st.ModTime()) {
		t.Error("an unchanged import touched the folder")
	}
	ch, olds, removed := write(map[string]string{"a": "A2\n", "c": "C\n"}, true)
	if strings.Join(ch.Added, ",") != "c" || strings.Join(ch.Changed, ",") != "a" || strings.Join(ch.Removed, ",") != "b" ||
		olds["a"] != "A\n" || string(removed["b"]) != "B\n" {
		t.Errorf("dry run: %+v %v %v", ch, olds, removed)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "records", "a.yaml")); string(b) != "A\n" {
		t.Error("a dry run wrote")
	}
	write(map[string]string{"a": "A2\n", "c": "C\n"}, false)
	ents, _ := os.ReadDir(filepath.Join(dir, "records"))
	if len(ents) != 2 {
		t.Errorf("records after the newer write: %v", ents)
	}
	// When one record changes, the unchanged ones move into the new folder as they were (the
	// same file, not a new one), and every record reads as it was given.
	c1, _ := os.Lstat(filepath.Join(dir, "records", "c.yaml"))
	ch, _, _ = write(map[string]string{"a": "A3\n", "c": "C\n", "d": "D\n"}, false)
	if strings.Join(ch.Changed, ",") != "a" || strings.Join(ch.Added, ",") != "d" || ch.Unchanged != 1 {
		t.Errorf("one changed, one added: %+v", ch)
	}
	for id, want := range map[string]string{"a": "A3\n", "c": "C\n", "d": "D\n"} {
		if b, err := os.ReadFile(filepath.Join(dir, "records", id+".yaml")); err != nil || string(b) != want {
			t.Errorf("records/%s.yaml: %q, %v; want %q", id, b, err, want)
		}
	}
	if c2, err := os.Lstat(filepath.Join(dir, "records", "c.yaml")); err != nil || !c2.Mode().IsRegular() {
		t.Errorf("records/c.yaml: %v %v", c2, err)
	} else if runtime.GOOS != "windows" && !os.SameFile(c1, c2) {
		t.Error("the unchanged record was written anew, not kept")
	}
	// A folder of other files is refused.
	other := filepath.Join(t.TempDir(), "coops")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "x.yaml"), []byte("id: x\n"), 0o644)
	if _, err := dataset.NewWriter(other, man, false); err == nil {
		t.Error("a folder of hand-written records was accepted")
	}
}
