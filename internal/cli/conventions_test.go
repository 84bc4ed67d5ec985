package cli

import (
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelpForEveryCommand: "coopgraph help CMD" shows what "coopgraph CMD --help" shows, for
// every command and subcommand.
func TestHelpForEveryCommand(t *testing.T) {
	app := newApp(&Env{})
	var paths [][]string
	for _, c := range app.Commands {
		if c.Name == "help" {
			continue
		}
		paths = append(paths, []string{c.Name})
		for _, s := range c.Subcommands {
			paths = append(paths, []string{c.Name, s.Name})
		}
	}
	if len(paths) < 9 {
		t.Fatalf("only %d commands", len(paths))
	}
	for _, p := range paths {
		t.Run(strings.Join(p, " "), func(t *testing.T) {
			h := run(t, "", append([]string{"help"}, p...)...)
			f := run(t, "", append(p, "--help")...)
			if h.code != ExitOK || !strings.Contains(h.stdout, "coopgraph "+strings.Join(p, " ")+" - ") {
				t.Fatalf("help %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(p, " "), h.code, h.stdout, h.stderr)
			}
			if h.stdout != f.stdout {
				t.Errorf("help %s differs from --help:\n%s\n---\n%s", strings.Join(p, " "), h.stdout, f.stdout)
			}
		})
	}
	if r := run(t, "", "help"); r.code != ExitOK || !strings.Contains(r.stdout, "COMMANDS:") {
		t.Errorf("help: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, "", "help", "nope"); r.code != ExitUsage || !strings.Contains(r.stderr, `no command "nope"; the commands are validate,`) {
		t.Errorf("help nope: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}

// TestVersion: --version and version print the same line, naming the commit.
func TestVersion(t *testing.T) {
	old := Commit
	defer func() { Commit = old }()
	Commit = "0123456789abcdef0123456789abcdef01234567"
	a, b := run(t, "", "--version"), run(t, "", "version")
	if a.code != ExitOK || b.code != ExitOK || a.stdout != b.stdout {
		t.Fatalf("--version: %d %q, version: %d %q", a.code, a.stdout, b.code, b.stdout)
	}
	if !strings.HasPrefix(a.stdout, "coopgraph ") || !strings.Contains(a.stdout, "(commit "+Commit+")") {
		t.Errorf("version does not name the commit: %q", a.stdout)
	}
	if r := run(t, "", "version", "x"); r.code != ExitUsage {
		t.Errorf("version x: exit %d", r.code)
	}
	for _, c := range []struct {
		name   string
		commit string
		bi     *debug.BuildInfo
		want   string
	}{
		{"stamped by Go", "", &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}}}, "devel (commit abc123)"},
		{"stamped, modified", "", &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "true"}}}, "devel (commit abc123, with changes not committed)"},
		{"Go's stamp wins", "fff", &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}}}, "devel (commit abc123)"},
		{"from make build", "fff", nil, "devel (commit fff)"},
		{"from make build, modified", "fff-modified", &debug.BuildInfo{}, "devel (commit fff, with changes not committed)"},
		{"module version", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3 (commit unknown: built without version control information)"},
		{"nothing known", "", nil, "devel (commit unknown: built without version control information)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			Commit = c.commit
			if got := versionString(c.bi); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestPlurals: counts of one are said in the singular.
func TestPlurals(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 rows"}, {1, "1 row"}, {2, "2 rows"}} {
		if got := count(c.n, "row"); got != c.want {
			t.Errorf("count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if r := run(t, "", "diff", "x"); !strings.Contains(r.stderr, "(got 1 argument)") {
		t.Errorf("diff x: %s", r.stderr)
	}
	dir := t.TempDir()
	recs := filepath.Join(dir, "records")
	if r := run(t, "", "synth", "-n", "1", "--out", recs); r.code != ExitOK {
		t.Fatalf("synth: exit %d: %s", r.code, r.stderr)
	}
	if r := run(t, "", "validate", recs); r.code != ExitOK || r.stderr != "1 record is valid\n" {
		t.Errorf("validate: exit %d: %q", r.code, r.stderr)
	}
	r := run(t, "", "export", "--out", filepath.Join(dir, "out"), "--site=false", recs)
	if r.code != ExitOK || !strings.HasPrefix(r.stderr, "wrote 1 record, ") {
		t.Errorf("export: exit %d: %q", r.code, r.stderr)
	}
}
