package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyRecords copies the directory's records into a new folder and returns it.
func copyRecords(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "coops")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dataDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dataDir(), e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestLinksAreRefused: a record file that is a symbolic link is refused with its path, never
// followed: its target is neither quoted (the process's environment, through
// /proc/self/environ) nor validated, nor exported (a valid record outside the folder).
func TestLinksAreRefused(t *testing.T) {
	const secret = "COOPGRAPH_TEST_SECRET_hunter2"
	t.Setenv("COOPGRAPH_TEST_TOKEN", secret)
	outside := t.TempDir()
	valid, err := os.ReadFile(filepath.Join(dataDir(), "fairmondo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "fairmondo.yaml"), valid, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.yaml"), []byte("id: "+secret+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, target string }{
		{"env.yaml", "/proc/self/environ"},
		{"passwd.yaml", "/etc/passwd"},
		{"secret.yaml", filepath.Join(outside, "secret.yaml")},
		{"fairmondo.yaml", filepath.Join(outside, "fairmondo.yaml")}, // a valid record
		{"dangling.yaml", filepath.Join(outside, "missing.yaml")},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := copyRecords(t)
			link := filepath.Join(dir, c.name)
			os.Remove(link)
			if err := os.Symlink(c.target, link); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			for _, format := range []string{"text", "json", "github"} {
				r := run(t, "", "validate", "--format", format, dir)
				all := r.stdout + r.stderr
				if r.code != ExitInvalid || !strings.Contains(all, link) || !strings.Contains(all, "symbolic link") {
					t.Errorf("validate --format %s: exit %d, want 1 naming %s as a link:\n%s", format, r.code, link, all)
				}
				if strings.Contains(all, secret) || strings.Contains(all, "root:") || excerptAfter(all, link) {
					t.Errorf("validate --format %s quotes the link's target:\n%s", format, all)
				}
			}
			out := filepath.Join(t.TempDir(), "exports")
			r := run(t, "", "export", "--out", out, dir)
			if r.code != ExitInvalid || !strings.Contains(r.stderr, link) || strings.Contains(r.stderr, secret) {
				t.Errorf("export: exit %d, want 1 naming the link:\n%s", r.code, r.stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("export wrote %s despite the link (%v)", out, err)
			}
		})
	}
	t.Run("a folder that is a link", func(t *testing.T) {
		dir := copyRecords(t)
		link := filepath.Join(t.TempDir(), "coops")
		if err := os.Symlink(dir, link); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
		r := run(t, "", "validate", link)
		if r.code != ExitInvalid || !strings.Contains(r.stdout, link+": symbolic link") && !strings.Contains(r.stdout, link+": is a symbolic link") {
			t.Errorf("validate LINK: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}

// excerptAfter reports whether a diagnostic naming file is followed by a source excerpt
// ("  | …"), as diagnostics of records read are and those of refused files must not be.
func excerptAfter(out, file string) bool {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.Contains(l, file) && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "  | ") {
			return true
		}
	}
	return false
}

// TestIgnoredFilesAreReported: what a records folder holds and validate does not read is
// named in a warning, not skipped without a word.
func TestIgnoredFilesAreReported(t *testing.T) {
	dir := copyRecords(t)
	before := run(t, "", "validate", "--format", "json", dir)
	var base struct{ Warnings int }
	if err := json.Unmarshal([]byte(before.stdout), &base); err != nil {
		t.Fatalf("validate --format json: %v\n%s", err, before.stdout)
	}
	for _, n := range []string{".draft.yaml", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("id: draft\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "x.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".gitkeep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "validate", dir)
	if r.code != ExitOK {
		t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		filepath.Join(dir, ".draft.yaml") + ": warning: not read: its name starts with a dot",
		filepath.Join(dir, "notes.txt") + ": warning: not read: not a record file",
		filepath.Join(dir, "x.yaml") + ": warning: not read: a folder",
		fmt.Sprintf("0 errors, %d warnings", base.Warnings+3),
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, ".gitkeep") {
		t.Errorf("a hidden file that is no record is reported:\n%s", r.stdout)
	}
}
