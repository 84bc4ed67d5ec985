package ci_test

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/testkit"
)

// actionlint runs `go tool actionlint` on files (relative to the repository) and returns its
// exit code and report. shellcheck must be there, or the run: scripts go unchecked.
func actionlint(t *testing.T, files ...string) (int, string) {
	t.Helper()
	goBin := testkit.Tool(t, "go")
	testkit.Tool(t, "shellcheck")
	cmd := exec.Command(goBin, append([]string{"tool", "actionlint", "-no-color", "-oneline"}, files...)...)
	cmd.Dir = testkit.Root()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		t.Fatalf("go tool actionlint: %v\n%s", err, out.String())
	}
	return 0, out.String()
}

// TestWorkflows lints the project's workflows: no finding.
func TestWorkflows(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testkit.Root(), ".github", "workflows", "*.yml"))
	if len(files) < 2 {
		t.Fatalf("workflows: %v", files)
	}
	for i, f := range files {
		files[i], _ = filepath.Rel(testkit.Root(), f)
	}
	if code, out := actionlint(t, files...); code != 0 || out != "" {
		t.Errorf("actionlint: exit %d\n%s", code, out)
	}
}

// TestBrokenWorkflowIsCaught shows the check can fail: each mistake of testdata/broken.yml is
// reported.
func TestBrokenWorkflowIsCaught(t *testing.T) {
	code, out := actionlint(t, filepath.Join("internal", "ci", "testdata", "broken.yml"))
	if code != 1 {
		t.Errorf("actionlint exit %d on a broken workflow, want 1\n%s", code, out)
	}
	for _, want := range []string{
		`unknown Webhook event "pull_requests"`,
		`job "test" needs job "build" which does not exist`,
		`property "missing" is not defined`,
		`SC2086`, // shellcheck: unquoted $SOURCE
	} {
		if !strings.Contains(out, want) {
			t.Errorf("actionlint did not report %q:\n%s", want, out)
		}
	}
}
