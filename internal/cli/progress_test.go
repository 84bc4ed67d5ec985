package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShowProgress: load draws its progress bar on a terminal, for dumps big enough to take a
// while, and never in CI or into a file or a pipe (where it would fill logs).
func TestShowProgress(t *testing.T) {
	tty := openTerminal(t)
	file, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	env := func(stderr *os.File, ci string) *Env {
		return &Env{Stderr: stderr, Getenv: func(k string) string {
			if k == "CI" {
				return ci
			}
			return ""
		}}
	}
	for _, c := range []struct {
		name    string
		env     *Env
		triples int64
		want    bool
	}{
		{"terminal, big dump", env(tty, ""), 2_000_000, true},
		{"terminal, small dump", env(tty, ""), 1_000, false},
		{"terminal in CI", env(tty, "true"), 2_000_000, false},
		{"file", env(file, ""), 2_000_000, false},
		{"pipe", env(w, ""), 2_000_000, false},
	} {
		if got := c.env.showProgress(c.triples); got != c.want {
			t.Errorf("%s: showProgress = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestBar: the bar starts empty, ends full, counts with separators and ends its line.
func TestBar(t *testing.T) {
	var b strings.Builder
	bar := NewBar(&b)
	bar.Start(2500000)
	bar.Add(1250000)
	bar.Add(1250000)
	bar.Finish()
	out := b.String()
	if !strings.HasPrefix(out, "\r[...") || !strings.Contains(out, "  0% 0/2,500,000 triples") || !strings.Contains(out, "100% 2,500,000/2,500,000 triples") || !strings.HasSuffix(out, "\n") {
		t.Errorf("bar drew %q", out)
	}
}
