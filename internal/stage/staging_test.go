package stage

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func entries(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestStagingNames(t *testing.T) {
	parent := t.TempDir()
	st, err := Begin(filepath.Join(parent, "exports"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	if !strings.HasPrefix(filepath.Base(st.Dir()), ".exports.staging-") || filepath.Dir(st.Dir()) != parent {
		t.Errorf("staging folder %s", st.Dir())
	}
	for _, bad := range []string{
		"", "/etc/passwd", "../x.ttl", "a/../../x.ttl", "a//b.ttl", "./x.ttl", "..", ".", "a/",
		".hidden", "x\x00.ttl", "Coops.ttl", "a b.ttl", "a\\b.ttl", "id/../../x", "x.ttl/", "-x.ttl",
		"x..ttl", "x.ttl.", strings.Repeat("a/", 3) + "..",
	} {
		if _, err := st.Create(bad); !errors.Is(err, ErrBadName) {
			t.Errorf("Create(%q) = %v, want ErrBadName", bad, err)
		}
		if _, err := st.Path(bad); !errors.Is(err, ErrBadName) {
			t.Errorf("Path(%q) = %v, want ErrBadName", bad, err)
		}
	}
	for _, good := range []string{"coops.ttl", "coops.nt.gz", "id/stocksy-united.ttl", "a/b/c-1.jsonld", ".htaccess"} {
		f, err := st.Create(good)
		if err != nil {
			t.Errorf("Create(%q) = %v", good, err)
			continue
		}
		if !strings.HasPrefix(f.Name(), st.Dir()+string(filepath.Separator)) {
			t.Errorf("Create(%q) made %s, outside the staging folder", good, f.Name())
		}
	}
	if _, err := st.Create("coops.ttl"); err == nil {
		t.Error("a staged file was created twice")
	}
}

func TestCommitNew(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "exports")
	st, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("coops.ttl", []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("id/x.ttl", []byte("x\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("the output folder exists before the commit")
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"exports"}) {
		t.Errorf("after the commit the parent holds %v", got)
	}
	if read(t, filepath.Join(out, "coops.ttl")) != "new\n" || read(t, filepath.Join(out, "id", "x.ttl")) != "x\n" {
		t.Error("committed files differ")
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("exports folder mode: %v %v", st.Mode(), err)
	}
	if err := st.Commit(); err == nil {
		t.Error("a second commit succeeded")
	}
	st.Abort() // after a commit: does nothing
	if read(t, filepath.Join(out, "coops.ttl")) != "new\n" {
		t.Error("Abort after Commit touched the exports")
	}
}

// TestCommitReplaces replaces an output folder by an atomic exchange (where the system has one)
// and by the two renames used where it has not: both leave the new folder alone in place.
func TestCommitReplaces(t *testing.T) {
	tests := []struct {
		name     string
		exchange func(a, b string) error
	}{
		{"exchange", exchangeDirs},
		{"two renames", func(a, b string) error { return errors.ErrUnsupported }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := exchange
			t.Cleanup(func() { exchange = old })
			called := false
			exchange = func(a, b string) error { called = true; return tt.exchange(a, b) }

			parent := t.TempDir()
			out := filepath.Join(parent, "exports")
			if err := os.MkdirAll(filepath.Join(out, "old-only"), 0o755); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(out, "coops.ttl"), []byte("old\n"), 0o644)
			st, err := Begin(out)
			if err != nil {
				t.Fatal(err)
			}
			st.WriteFile("coops.ttl", []byte("new\n"))
			st.WriteClosed("id/a.ttl", []byte("a\n"))
			if read(t, filepath.Join(out, "coops.ttl")) != "old\n" {
				t.Error("the exports changed before the commit")
			}
			if err := st.Commit(); err != nil {
				t.Fatal(err)
			}
			if !called {
				t.Error("Commit did not try to exchange the folders")
			}
			if got := entries(t, out); !slices.Equal(got, []string{"coops.ttl", "id"}) {
				t.Errorf("after the commit the exports hold %v", got)
			}
			if read(t, filepath.Join(out, "coops.ttl")) != "new\n" || read(t, filepath.Join(out, "id", "a.ttl")) != "a\n" {
				t.Error("not replaced")
			}
			if got := entries(t, parent); !slices.Equal(got, []string{"exports"}) {
				t.Errorf("the previous exports or the staging folder are left: %v", got)
			}
		})
	}
}

// TestSyncFiles runs the portable fsync of a tree (used where there is no syncfs): every
// regular file and folder is opened and synced, links are not followed, a missing folder fails.
func TestSyncFiles(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.ttl", "id/b.ttl", "id/c/d.ttl"} {
		p = filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "link")); err != nil {
		t.Logf("no symbolic link made (%v): links are not tried", err)
	}
	tests := []struct {
		name    string
		dir     string
		wantErr bool
	}{
		{"tree", dir, false},
		{"missing", filepath.Join(dir, "missing"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, sync := range []func(string) error{syncFiles, syncTree} {
				if err := sync(tt.dir); (err != nil) != tt.wantErr {
					t.Errorf("sync(%s) = %v, want error: %v", tt.dir, err, tt.wantErr)
				}
			}
		})
	}
}

func TestAbort(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "exports")
	os.Mkdir(out, 0o755)
	os.WriteFile(filepath.Join(out, "coops.ttl"), []byte("old\n"), 0o644)
	st, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := st.Create("coops.ttl")
	f.WriteString("half a dump")
	st.Abort()
	if got := entries(t, parent); !slices.Equal(got, []string{"exports"}) {
		t.Errorf("after Abort the parent holds %v", got)
	}
	if read(t, filepath.Join(out, "coops.ttl")) != "old\n" {
		t.Error("Abort changed the exports")
	}
	st.Abort() // twice is harmless
}

func TestCleanStale(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "exports")
	for _, d := range []string{"exports", ".exports.staging-123", ".exports.staging-456.old", ".other.staging-1", "exports-backup"} {
		os.MkdirAll(filepath.Join(parent, d, "x"), 0o755)
	}
	CleanStale(out)
	if got := entries(t, parent); !slices.Equal(got, []string{".other.staging-1", "exports", "exports-backup"}) {
		t.Errorf("after CleanStale: %v", got)
	}
	if StagingPrefix("a/b/exports/") != ".exports.staging-" {
		t.Errorf("StagingPrefix = %q", StagingPrefix("a/b/exports/"))
	}
}

// TestBeginFails shows that when no staging folder can be made, nothing is written and the
// error says where.
func TestBeginFails(t *testing.T) {
	parent := t.TempDir()
	blocker := filepath.Join(parent, "file")
	os.WriteFile(blocker, []byte("x"), 0o644)
	if _, err := Begin(filepath.Join(blocker, "exports")); err == nil {
		t.Error("Begin under a regular file succeeded")
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"file"}) {
		t.Errorf("the parent holds %v", got)
	}
}
