package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/source"
)

// changes are the files of a git work tree that differ from a revision.
type changes struct {
	top string
	rev string
	// changed are the files added or modified since rev (committed or not, and files git does
	// not track yet), deleted those gone: absolute paths.
	changed map[string]bool
	deleted []string
	// outside are the changed or deleted files outside data/ (the schemas, the program):
	// with any of them, every record is checked.
	outside []string
}

// gitChanges asks git, in dir, what changed since rev.
func gitChanges(ctx context.Context, dir, rev string) (*changes, error) {
	top, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	top = strings.TrimSpace(top)
	if _, err := git(ctx, top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--changed-since %s: no such commit in %s", rev, top)
	}
	c := &changes{top: top, rev: rev, changed: map[string]bool{}}
	diff, err := git(ctx, top, "diff", "--name-status", "--no-renames", "-z", rev, "--")
	if err != nil {
		return nil, err
	}
	fields := strings.Split(strings.TrimSuffix(diff, "\x00"), "\x00")
	for i := 0; i+1 < len(fields); i += 2 {
		status, file := fields[i], fields[i+1]
		c.add(file, strings.HasPrefix(status, "D"))
	}
	untracked, err := git(ctx, top, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	for _, file := range strings.Split(strings.TrimSuffix(untracked, "\x00"), "\x00") {
		if file != "" {
			c.add(file, false)
		}
	}
	return c, nil
}

func (c *changes) add(file string, deleted bool) {
	if !strings.HasPrefix(file, "data/") {
		c.outside = append(c.outside, file)
	}
	abs := filepath.Join(c.top, filepath.FromSlash(file))
	if deleted {
		c.deleted = append(c.deleted, abs)
	} else {
		c.changed[abs] = true
	}
}

// selectRecords returns the indices of the records of set to check: those changed, those with
// the same id, and those that name a deleted record in "related" or may share a changed
// record's website (found by a search of the files' text: git grep, so that the others are
// not even read). The rules across records then run over these against the whole set.
func (c *changes) selectRecords(ctx context.Context, set *pipeline.Set) ([]int, int, error) {
	absDirs := map[string]string{}
	absOf := func(i int) (string, error) {
		p := set.Path(i)
		d := filepath.Dir(p)
		a, ok := absDirs[d]
		if !ok {
			var err error
			if a, err = filepath.Abs(d); err != nil {
				return "", err
			}
			absDirs[d] = a
		}
		return filepath.Join(a, filepath.Base(p)), nil
	}
	take := map[int]bool{}
	changedNames := map[string]bool{}
	for i := 0; i < set.Len(); i++ {
		abs, err := absOf(i)
		if err != nil {
			return nil, 0, err
		}
		if c.changed[abs] {
			take[i] = true
			changedNames[set.Name(i)] = true
		}
	}
	changed := len(take)
	// Deleted records: any record may have named them.
	var ids []string
	for _, d := range c.deleted {
		if _, err := source.KindOf(d); err == nil {
			base := filepath.Base(d)
			ids = append(ids, strings.TrimSuffix(base, filepath.Ext(base)))
		}
	}
	// The websites of the changed records, by host: a record with the same site has the host
	// in its text, in any case.
	var hosts []string
	for i := range take {
		doc, _ := source.Load(set.Path(i))
		if doc == nil {
			continue
		}
		if n := doc.Root.Get("website"); n != nil {
			if s, ok := n.Value.(string); ok {
				if h := strings.TrimPrefix(iri.Host(s), "www."); h != "" {
					hosts = append(hosts, h)
				}
			}
		}
	}
	var dirs []string
	for _, a := range absDirs {
		dirs = append(dirs, a)
	}
	slices.Sort(dirs)
	for _, q := range []struct {
		words []string
		flags []string
	}{{ids, []string{"-w"}}, {hosts, []string{"-i"}}} {
		if len(q.words) == 0 || len(dirs) == 0 {
			continue
		}
		files, err := c.grep(ctx, q.flags, q.words, dirs)
		if err != nil {
			return nil, 0, err
		}
		for i := 0; i < set.Len(); i++ {
			abs, err := absOf(i)
			if err != nil {
				return nil, 0, err
			}
			if files[abs] {
				take[i] = true
			}
		}
	}
	// Records with the id of a changed one: the later of two is the one refused.
	for i := 0; i < set.Len(); i++ {
		if changedNames[set.Name(i)] {
			take[i] = true
		}
	}
	only := make([]int, 0, len(take))
	for i := range take {
		only = append(only, i)
	}
	slices.Sort(only)
	return only, changed, nil
}

// grep lists the files under dirs whose text holds one of words, as absolute paths.
func (c *changes) grep(ctx context.Context, flags, words, dirs []string) (map[string]bool, error) {
	args := append([]string{"grep", "-l", "-z", "-F", "--untracked"}, flags...)
	for _, w := range words {
		args = append(args, "-e", w)
	}
	args = append(args, "--")
	args = append(args, dirs...)
	out, err := git(ctx, c.top, args...)
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 {
		return map[string]bool{}, nil // no file matches
	}
	if err != nil {
		return nil, err
	}
	files := map[string]bool{}
	for _, f := range strings.Split(strings.TrimSuffix(out, "\x00"), "\x00") {
		if f != "" {
			files[filepath.Join(c.top, filepath.FromSlash(f))] = true
		}
	}
	return files, nil
}

// git runs git in dir and returns what it prints.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 1 && stderr.Len() == 0 {
			return stdout.String(), err
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s: %w", args[0], msg, err)
	}
	return stdout.String(), nil
}
