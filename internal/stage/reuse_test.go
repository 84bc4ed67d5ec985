package stage

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// export writes files with WriteClosed into out through a staging folder, and commits.
func export(t *testing.T, out string, files map[string]string) {
	t.Helper()
	st, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := st.WriteClosed(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
}

func lstat(t *testing.T, p string) os.FileInfo {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// TestWriteClosedReusesUnchanged: a second run links the files whose bytes did not change (the
// same file, no new one) and writes the others; what it leaves reads exactly as written.
func TestWriteClosedReusesUnchanged(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exports")
	big := strings.Repeat("0123456789", 10_000) // longer than one compare buffer
	first := map[string]string{
		"id/same.ttl":     "same\n",
		"id/changed.ttl":  "before\n",
		"id/longer.ttl":   "abc\n",
		"id/big.html":     big,
		"id/bigdiff.html": big,
		"id/empty.nt":     "",
	}
	export(t, out, first)
	before := map[string]os.FileInfo{}
	for name := range first {
		before[name] = lstat(t, filepath.Join(out, name))
	}
	second := map[string]string{
		"id/same.ttl":     "same\n",
		"id/changed.ttl":  "after!\n", // same length, other bytes
		"id/longer.ttl":   "abcd\n",
		"id/big.html":     big,
		"id/bigdiff.html": big[:len(big)-1] + "X",
		"id/empty.nt":     "",
		"id/new.ttl":      "new\n",
	}
	export(t, out, second)
	for name, data := range second {
		p := filepath.Join(out, name)
		if got := read(t, p); got != data {
			t.Errorf("%s holds %.40q, want %.40q", name, got, data)
		}
		fi := lstat(t, p)
		if !fi.Mode().IsRegular() {
			t.Errorf("%s is %v, want a regular file", name, fi.Mode())
		}
		if old, ok := before[name]; ok {
			want := first[name] == data
			if got := os.SameFile(old, fi); got != want {
				t.Errorf("%s: the same file as the first run's: %v, want %v", name, got, want)
			}
		}
	}
}

// TestWriteClosedReusesNoLink: a link in the output folder, even to a file holding exactly the
// bytes to write, is never reused: the new folder gets a regular file of its own, and the file
// the link points to is left alone.
func TestWriteClosedReusesNoLink(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "exports")
	if err := os.MkdirAll(filepath.Join(out, "id"), 0o755); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(parent, "outside.ttl")
	if err := os.WriteFile(outside, []byte("same\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(out, "id", "same.ttl")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	outsideInfo := lstat(t, outside)
	export(t, out, map[string]string{"id/same.ttl": "same\n"})
	fi := lstat(t, filepath.Join(out, "id", "same.ttl"))
	if !fi.Mode().IsRegular() || os.SameFile(fi, outsideInfo) {
		t.Errorf("id/same.ttl is %v (the file outside: %v), want a regular file of its own", fi.Mode(), os.SameFile(fi, outsideInfo))
	}
	if got := read(t, outside); got != "same\n" {
		t.Errorf("the file outside now holds %q", got)
	}
}

// TestKeep: Keep carries a regular file of the output folder into the new one as it is, and
// refuses a link.
func TestKeep(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "exports")
	export(t, out, map[string]string{"records/a.yaml": "a\n"})
	a := lstat(t, filepath.Join(out, "records", "a.yaml"))
	outside := filepath.Join(parent, "outside.yaml")
	if err := os.WriteFile(outside, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	linked := os.Symlink(outside, filepath.Join(out, "records", "l.yaml")) == nil
	st, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Keep("records/a.yaml"); err != nil {
		t.Fatal(err)
	}
	if linked {
		if err := st.Keep("records/l.yaml"); err == nil {
			t.Error("Keep took a symbolic link")
		}
	}
	if err := st.Keep("records/missing.yaml"); err == nil {
		t.Error("Keep of a missing file succeeded")
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	got := lstat(t, filepath.Join(out, "records", "a.yaml"))
	if read(t, filepath.Join(out, "records", "a.yaml")) != "a\n" || !got.Mode().IsRegular() {
		t.Errorf("records/a.yaml after Keep: %v", got.Mode())
	}
	if runtime.GOOS != "windows" && !os.SameFile(a, got) {
		t.Error("Keep copied where it could link")
	}
	if _, err := os.Lstat(filepath.Join(out, "records", "l.yaml")); err == nil {
		t.Error("the link was carried over")
	}
}

// BenchmarkWriteClosed measures what one small file of a site or a dataset costs: written new
// (a new inode), or linked from the folder a run replaces because its bytes did not change.
// Each run stages b.N files in one folder, as the site's id/ folder, and commits them.
func BenchmarkWriteClosed(b *testing.B) {
	data := []byte(strings.Repeat("<p>a co-op</p>\n", 150)) // about the size of a co-op's page
	for _, tc := range []struct {
		name string
		prev bool
	}{{"new", false}, {"unchanged", true}} {
		b.Run(tc.name, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "exports")
			name := func(i int) string { return "id/c" + strconv.Itoa(i) + ".html" }
			if tc.prev {
				st, err := Begin(out)
				if err != nil {
					b.Fatal(err)
				}
				for i := range b.N {
					if err := st.WriteClosed(name(i), data); err != nil {
						b.Fatal(err)
					}
				}
				if err := st.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			st, err := Begin(out)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Abort()
			b.ResetTimer()
			for i := range b.N {
				if err := st.WriteClosed(name(i), data); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
		})
	}
}
