package stage

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestCreateClosed: the file holds exactly the bytes given (empty, small, and larger than one
// write of a pipe-sized buffer), has mode 0644 less the umask, and a name already taken is
// refused with an error that says so, leaving that file as it was.
func TestCreateClosed(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	for name, data := range map[string][]byte{"empty": nil, "small.yaml": []byte("id: a\n"), "big": big} {
		p := filepath.Join(dir, name)
		if err := createClosed(p, data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: read back %d bytes, wrote %d", name, len(got), len(data))
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Mode().IsRegular() || st.Mode().Perm()&^0o644 != 0 || st.Mode().Perm()&0o600 != 0o600 {
			t.Errorf("%s: mode %v, want a regular file, rw for its owner, at most 0644", name, st.Mode())
		}
	}
	p := filepath.Join(dir, "small.yaml")
	err := createClosed(p, []byte("id: b\n"))
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("creating a name already taken: %v, want an error that is fs.ErrExist", err)
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != p {
		t.Errorf("the error does not name the file: %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "id: a\n" {
		t.Errorf("the file taken was changed to %q", got)
	}
	if err := createClosed(filepath.Join(dir, "missing", "x"), []byte("x")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("creating in a missing folder: %v, want fs.ErrNotExist", err)
	}
}
