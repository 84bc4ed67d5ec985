package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/cli"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

// run runs coopgraph in-process in dir with the given environment.
func run(t *testing.T, dir string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cli.Run(context.Background(), append([]string{"coopgraph"}, args...), &cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir,
		Getenv: func(k string) string { return env[k] },
	})
	return code, out.String(), errb.String()
}

// project copies data/coops into a fresh folder, as a maintainer's checkout.
func project(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(testkit.Root(), "data", "coops")
	dst := filepath.Join(dir, "data", "coops")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(src, "*.yaml"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), old, new, 1)
	if s == string(b) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestUpdatedIsChecked: updated must be a real date in YYYY-MM-DD form, reported with its line.
func TestUpdatedIsChecked(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{"2026-02-30", `stocksy-united.yaml:21:10: updated: "2026-02-30" is not a real date`},
		{"25.11.2026", "stocksy-united.yaml:21:10: updated"},
		{"2026-1-5", "stocksy-united.yaml:21:10: updated"},
	} {
		dir := project(t)
		edit(t, filepath.Join(dir, "data", "coops", "stocksy-united.yaml"), "updated: 2026-12-03", "updated: "+c.value)
		code, out, _ := run(t, dir, nil, "validate")
		if code != cli.ExitInvalid || !strings.Contains(out, c.want) {
			t.Errorf("updated: %s: exit %d, output:\n%s\nwant %q", c.value, code, out, c.want)
		}
	}
}

// TestExportCheck: exit 0 on an up-to-date folder, 1 with the files named when a record
// changed, and the folder is left alone.
func TestExportCheck(t *testing.T) {
	dir := project(t)
	if code, _, errs := run(t, dir, nil, "export"); code != cli.ExitOK {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	if code, out, errs := run(t, dir, nil, "export", "--check"); code != cli.ExitOK || out != "" || !strings.Contains(errs, "up to date") {
		t.Errorf("export --check on a fresh export: exit %d\n%s%s", code, out, errs)
	}
	edit(t, filepath.Join(dir, "data", "coops", "resonate.yaml"), "updated: 2026-12-03", "updated: 2026-12-04")
	before, _ := os.ReadFile(filepath.Join(dir, "exports", "void.ttl"))
	code, out, errs := run(t, dir, nil, "export", "--check")
	if code != cli.ExitInvalid || out != "exports/SHA256SUMS: differs from what the records give\n"+
		"exports/datasets/directory.void.jsonld: differs from what the records give\n"+
		"exports/datasets/directory.void.nt: differs from what the records give\n"+
		"exports/datasets/directory.void.ttl: differs from what the records give\n"+
		"exports/index.html: differs from what the records give\n"+
		"exports/void.jsonld: differs from what the records give\n"+
		"exports/void.nt: differs from what the records give\n"+
		"exports/void.ttl: differs from what the records give\n" || !strings.Contains(errs, "out of date") {
		t.Errorf("export --check after an edit: exit %d\n%s%s", code, out, errs)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "exports", "void.ttl"))
	if !bytes.Equal(before, after) {
		t.Errorf("export --check wrote to exports/")
	}
	// SOURCE_DATE_EPOCH sets the date of issue: the check sees it, a bad value is a usage error.
	run(t, dir, nil, "export")
	if code, out, _ := run(t, dir, map[string]string{"SOURCE_DATE_EPOCH": "1798761600"}, "export", "--check"); code != cli.ExitInvalid || !strings.Contains(out, "void.ttl") {
		t.Errorf("export --check with another SOURCE_DATE_EPOCH: exit %d\n%s", code, out)
	}
	if code, _, _ := run(t, dir, map[string]string{"SOURCE_DATE_EPOCH": "1798761600"}, "export"); code != cli.ExitOK {
		t.Errorf("export with SOURCE_DATE_EPOCH: exit %d", code)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "exports", "void.ttl")); !strings.Contains(string(b), `dct:issued "2027-01-01"^^xsd:date`) {
		t.Errorf("SOURCE_DATE_EPOCH=1798761600 did not give dct:issued 2027-01-01")
	}
	if code, _, errs := run(t, dir, map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}, "export"); code != cli.ExitUsage || !strings.Contains(errs, "SOURCE_DATE_EPOCH") {
		t.Errorf("bad SOURCE_DATE_EPOCH: exit %d\n%s", code, errs)
	}
}

// TestDiffCommand runs coopgraph diff on two exports of a project whose record changed.
func TestDiffCommand(t *testing.T) {
	dir := project(t)
	run(t, dir, nil, "export", "--out", "old")
	edit(t, filepath.Join(dir, "data", "coops", "stocksy-united.yaml"), "sectors: [photography]", "sectors: [photography, art]")
	if err := os.Remove(filepath.Join(dir, "data", "coops", "mayfirst.yaml")); err != nil {
		t.Fatal(err)
	}
	run(t, dir, nil, "export", "--out", "new")
	code, out, errs := run(t, dir, nil, "diff", "old", "new")
	if code != cli.ExitOK || !strings.Contains(out, "removed (1):\n  mayfirst (MayFirst)\n") || !strings.Contains(out, "stocksy-united: coop:sector (+1 -0 triples)") {
		t.Errorf("diff: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := run(t, dir, nil, "diff", "old", "new", "--format", "json", "--exit-code"); code != cli.ExitInvalid || !strings.Contains(out, `"id": "mayfirst"`) {
		t.Errorf("diff --format json --exit-code: exit %d\n%s", code, out)
	}
	if code, _, _ := run(t, dir, nil, "diff", "--exit-code", "new", "new"); code != cli.ExitOK {
		t.Errorf("diff --exit-code of an export with itself: exit %d", code)
	}
	if code, _, _ := run(t, dir, nil, "diff", "old"); code != cli.ExitUsage {
		t.Errorf("diff with one argument: exit %d", code)
	}
	if code, _, _ := run(t, dir, nil, "diff", "old", "missing"); code != cli.ExitFailure {
		t.Errorf("diff with a missing folder: exit %d", code)
	}
}
