package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// gitRepo makes a git repository holding a copy of the directory's records in data/coops,
// committed, and returns its folder.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	top := t.TempDir()
	data := filepath.Join(top, "data", "coops")
	if err := os.MkdirAll(filepath.Dir(data), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(copyRecords(t), data); err != nil {
		t.Fatal(err)
	}
	gitRun(t, top, "init", "-q", "-b", "main")
	gitRun(t, top, "add", "-A")
	gitRun(t, top, "commit", "-q", "-m", "records")
	return top
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestValidateChangedSince: validate --changed-since REV checks the records changed since REV
// (committed, not committed, new) and what the change touches in the others (a related record
// deleted, a website shared, an id taken twice), and nothing else; any change outside data/
// checks every record.
func TestValidateChangedSince(t *testing.T) {
	top := gitRepo(t)
	coops := filepath.Join(top, "data", "coops")
	// An invalid record already in the base revision: a check of the changes does not see it,
	// a full one does.
	edit(t, filepath.Join(coops, "stocksy-united.yaml"), "status: operating", "status: operatin")
	gitRun(t, top, "commit", "-q", "-am", "an invalid record")
	gitRun(t, top, "tag", "base")

	r := run(t, top, "validate", "--changed-since", "base")
	if r.code != ExitOK || !strings.Contains(r.stderr, "0 changed records since base: valid (0 records checked of 23;") {
		t.Fatalf("no change: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, top, "validate"); r.code != ExitInvalid || !strings.Contains(r.stdout, "stocksy-united.yaml") {
		t.Fatalf("the full check does not see the invalid record: exit %d\n%s", r.code, r.stdout)
	}

	t.Run("a changed record", func(t *testing.T) {
		edit(t, filepath.Join(coops, "fairmondo.yaml"), "sectors: [", "sectors: [musik, ")
		defer gitRun(t, top, "checkout", "-q", "--", ".")
		r := run(t, top, "validate", "--changed-since", "base")
		if r.code != ExitInvalid || !strings.Contains(r.stdout, `data/coops/fairmondo.yaml`) || !strings.Contains(r.stdout, `"musik" is not a sector`) {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout, "stocksy-united") {
			t.Errorf("an unchanged record was checked:\n%s", r.stdout)
		}
		gitRun(t, top, "commit", "-q", "-am", "committed")
		defer gitRun(t, top, "reset", "-q", "--hard", "base")
		if r := run(t, top, "validate", "--changed-since", "base"); r.code != ExitInvalid || !strings.Contains(r.stdout, "musik") {
			t.Errorf("a committed change: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if r := run(t, top, "validate", "--changed-since", "HEAD"); r.code != ExitOK {
			t.Errorf("since HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("a deleted record that another names", func(t *testing.T) {
		if err := os.Remove(filepath.Join(coops, "muni-bnb.yaml")); err != nil {
			t.Fatal(err)
		}
		defer gitRun(t, top, "checkout", "-q", "--", ".")
		r := run(t, top, "validate", "--changed-since", "base")
		if r.code != ExitInvalid || !strings.Contains(r.stdout, `data/coops/all-bnb.yaml`) || !strings.Contains(r.stdout, `no record has the id "muni-bnb"`) {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("a website given twice", func(t *testing.T) {
		// fairmondo (earlier in id order) takes resonate's website, written otherwise.
		b, err := os.ReadFile(filepath.Join(coops, "resonate.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`(?m)^website: (https://)(.+)$`).FindStringSubmatch(string(b))
		if m == nil {
			t.Fatal("resonate.yaml has no website")
		}
		edit(t, filepath.Join(coops, "fairmondo.yaml"), "website: https://www.fairmondo.de/", "website: "+m[1]+"www."+strings.ToUpper(m[2][:1])+m[2][1:])
		defer gitRun(t, top, "checkout", "-q", "--", ".")
		r := run(t, top, "validate", "--changed-since", "base")
		want := `(?m)^data/coops/fairmondo\.yaml:\d+:10: warning: website: the website \S+ is shared by 2 records: also data/coops/resonate\.yaml$`
		if ok, _ := regexp.MatchString(want, r.stdout); !ok {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("a new record, its id taken", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(coops, "fairmondo.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		dup := filepath.Join(coops, "fairmondo.yml")
		if err := os.WriteFile(dup, b, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(dup)
		r := run(t, top, "validate", "--changed-since", "base")
		if r.code != ExitInvalid || !strings.Contains(r.stdout, `id "fairmondo" is also used by`) {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("a change outside data", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(top, "record.schema.json"), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(filepath.Join(top, "record.schema.json"))
		r := run(t, top, "validate", "--changed-since", "base")
		if r.code != ExitInvalid || !strings.Contains(r.stderr, "outside data/: record.schema.json; checking every record") || !strings.Contains(r.stdout, "stocksy-united.yaml") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	for _, c := range []struct{ name, dir, rev, want string }{
		{"no such revision", top, "nope", "no such commit"},
		{"not a git work tree", t.TempDir(), "HEAD", "git rev-parse"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, c.dir, "validate", "--changed-since", c.rev, coops)
			if r.code != ExitFailure || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, want 3 with %q\n%s%s", r.code, c.want, r.stdout, r.stderr)
			}
		})
	}
}
