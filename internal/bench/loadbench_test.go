package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRename: every hundredth record is renamed, in its quotes when quoted; a record whose name
// is a block scalar passes the turn to the next one.
func TestRename(t *testing.T) {
	dir := t.TempDir()
	names := map[string]string{
		"a000.yaml": "name: Plain Co-op",
		"a001.yaml": "name: \"Quoted </script>\"",
		"a002.yaml": "name: >-\n  Folded",
	}
	for f, n := range names {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("id: x\n"+n+"\ntype: t\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		file, want string
		ok         bool
	}{
		{"a000.yaml", "name: Plain Co-op (renamed)\n", true},
		{"a001.yaml", "name: \"Quoted </script> (renamed)\"\n", true},
		{"a002.yaml", "name: >-\n  Folded\n", false},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			ok, err := rename(filepath.Join(dir, tc.file))
			if err != nil || ok != tc.ok {
				t.Fatalf("rename: %v, %v", ok, err)
			}
			b, _ := os.ReadFile(filepath.Join(dir, tc.file))
			if !strings.Contains(string(b), tc.want) {
				t.Errorf("got %q, want it to hold %q", b, tc.want)
			}
		})
	}
}
