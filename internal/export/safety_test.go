package export_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/cli"
	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/record/recordtest"
	"github.com/coopgraph/coopgraph/internal/stage"
	"github.com/coopgraph/coopgraph/vocab"
)

// The test binary doubles as the coopgraph command, so that the tests below can kill a real
// export or starve it of disk space: with COOPGRAPH_EXPORT_CHILD=1 it runs the arguments after
// "--" as coopgraph would, after limiting the size of files it may write to
// COOPGRAPH_EXPORT_FSIZE bytes when that is set (the kernel then fails writes past the limit,
// as on a full disk).
func TestMain(m *testing.M) {
	if os.Getenv("COOPGRAPH_EXPORT_CHILD") == "1" {
		os.Exit(child())
	}
	os.Exit(m.Run())
}

func child() int {
	if s := os.Getenv("COOPGRAPH_EXPORT_FSIZE"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 99
		}
		if err := limitFileSize(n); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 99
		}
	}
	args := os.Args
	if i := slices.Index(args, "--"); i >= 0 {
		args = args[i+1:]
	}
	return cli.Main(append([]string{"coopgraph"}, args...))
}

// childExport starts the test binary as "coopgraph export --out out in".
func childExport(t *testing.T, out, in string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "export", "--out", out, in)
	cmd.Env = append(append(os.Environ(), "COOPGRAPH_EXPORT_CHILD=1"), env...)
	return cmd
}

// generate writes n valid records with descriptions of about size bytes into a new folder.
func generate(t *testing.T, n, size int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "records")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	text, quote := recordtest.Long(size), recordtest.Long(min(size, 10000))
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("generated-%06d", i)
		src := recordtest.JSON(id, recordtest.Fields{Name: "Generated " + strconv.Itoa(i), Description: text, Quote: quote})
		if err := os.WriteFile(filepath.Join(dir, id+".json"), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// hashTree sums every path, mode and byte under root.
func hashTree(t *testing.T, root string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s\x00%s\x00", rel, info.Mode())
		if info.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func names(t *testing.T, dir string) []string {
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

// previous makes a parent folder with the exports of the real directory in it, and returns
// the exports folder and its hash.
func previous(t *testing.T) (out, hash string) {
	t.Helper()
	out = filepath.Join(t.TempDir(), "exports")
	exportTo(t, []string{dataDir()}, out)
	return out, hashTree(t, out)
}

func stagingFolders(t *testing.T, out string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(filepath.Dir(out), stage.StagingPrefix(out)+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestInvalidRecordLeavesExports exports records of which one is invalid over earlier
// exports: the export fails with ErrInvalid, and the folder and what is beside it are as they
// were.
func TestInvalidRecordLeavesExports(t *testing.T) {
	out, before := previous(t)
	beside := names(t, filepath.Dir(out))
	in := generate(t, 20, 1000)
	bad := recordtest.JSON("generated-000007", recordtest.Fields{Website: "javascript:alert(1)"})
	if err := os.WriteFile(filepath.Join(in, "generated-000007.json"), bad, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := export.Run(export.Options{Inputs: []string{in}, Out: out, Base: vocab.DefaultBase, Formats: format.RDF(format.Defaults()), Record: record.Options{ThisYear: 2026}})
	if !errors.Is(err, export.ErrInvalid) {
		t.Fatalf("export of an invalid record: %v", err)
	}
	if len(res.Diags) != 1 || !strings.HasSuffix(res.Diags[0].File, "generated-000007.json") || res.Diags[0].Field != "website" {
		t.Errorf("diagnostics: %v", res.Diags)
	}
	if hashTree(t, out) != before {
		t.Error("the exports changed")
	}
	if got := names(t, filepath.Dir(out)); !slices.Equal(got, beside) {
		t.Errorf("beside the exports: %v, was %v", got, beside)
	}
}

// TestCancelledExportLeavesExports interrupts an export (as Ctrl-C does through the context)
// and finds the exports unchanged and no staging folder left.
func TestCancelledExportLeavesExports(t *testing.T) {
	out, before := previous(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := export.Run(export.Options{Inputs: []string{dataDir()}, Out: out, Base: vocab.DefaultBase, Formats: format.RDF(format.Defaults()), Context: ctx})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("export with a cancelled context: %v", err)
	}
	if hashTree(t, out) != before {
		t.Error("the exports changed")
	}
	if s := stagingFolders(t, out); len(s) > 0 {
		t.Errorf("staging folders left: %v", s)
	}
}

// TestFullDiskLeavesExports runs a real export in a process whose files may not grow past
// 1 MiB: the kernel fails the write that crosses the limit (EFBIG, as a full disk fails it
// with ENOSPC) in the middle of the dumps. The export must fail with exit code 3 naming the
// problem, leave the previous exports exactly as they were, and remove its staging folder.
func TestFullDiskLeavesExports(t *testing.T) {
	if err := limitFileSize(0); errors.Is(err, errors.ErrUnsupported) {
		t.Skip("skipped: this system cannot limit the size of a process's files (RLIMIT_FSIZE)")
	}
	out, before := previous(t)
	in := generate(t, 300, 5000)
	cmd := childExport(t, out, in, "COOPGRAPH_EXPORT_FSIZE="+strconv.Itoa(1<<20))
	stderr, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != cli.ExitFailure {
		t.Fatalf("export on a full disk: %v\n%s", err, stderr)
	}
	if !strings.Contains(string(stderr), "file too large") || !strings.Contains(string(stderr), "left unchanged") {
		t.Errorf("the error does not say what happened:\n%s", stderr)
	}
	if hashTree(t, out) != before {
		t.Error("the exports changed")
	}
	if s := stagingFolders(t, out); len(s) > 0 {
		t.Errorf("staging folders left: %v", s)
	}
	// Without the limit the same export goes through.
	if out, err := childExport(t, out, in).CombinedOutput(); err != nil {
		t.Fatalf("export without the limit: %v\n%s", err, out)
	}
	if hashTree(t, out) == before {
		t.Error("the export without the limit did not replace the exports")
	}
}

// TestKilledExportLeavesExports kills a real export (SIGKILL: no deferred clean-up runs) while
// it is writing the dumps, then checks that the previous exports are exactly as they were,
// and that the next export succeeds and removes the staging folder the killed one left.
func TestKilledExportLeavesExports(t *testing.T) {
	out, before := previous(t)
	n := 400
	for attempt := 0; ; attempt++ {
		in := generate(t, n, 20000)
		cmd := childExport(t, out, in)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		killed := false
	watch:
		for {
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("export failed before it could be killed: %v\n%s", err, stderr.String())
				}
				break watch
			default:
			}
			for _, s := range stagingFolders(t, out) {
				if st, err := os.Stat(filepath.Join(s, "coops.nt")); err == nil && st.Size() > 0 {
					cmd.Process.Kill() // SIGKILL on Unix
					<-done
					t.Logf("killed an export of %d records with %d bytes of coops.nt staged", n, st.Size())
					killed = true
					break watch
				}
			}
			time.Sleep(time.Millisecond)
		}
		if killed {
			break
		}
		// The export finished before it was seen writing: start again with more records.
		if attempt == 3 {
			t.Fatalf("could not catch an export of %d records in the middle", n)
		}
		exportTo(t, []string{dataDir()}, out)
		n *= 4
	}
	if hashTree(t, out) != before {
		t.Fatal("the exports changed")
	}
	stale := stagingFolders(t, out)
	if len(stale) != 1 {
		t.Fatalf("staging folders after the kill: %v", stale)
	}
	if len(names(t, stale[0])) == 0 {
		t.Error("the killed export's staging folder is empty: it was not killed while writing")
	}
	// The next export succeeds, gives the same exports, and cleans up.
	exportTo(t, []string{dataDir()}, out)
	if hashTree(t, out) != before {
		t.Error("the next export gives other exports")
	}
	if s := stagingFolders(t, out); len(s) > 0 {
		t.Errorf("staging folders after the next export: %v", s)
	}
}

// TestOutputStaysInside exports into a folder with neighbours and checks that only the
// exports folder changed, and that it holds only the files of an export.
func TestOutputStaysInside(t *testing.T) {
	parent := t.TempDir()
	neighbour := filepath.Join(parent, "neighbour")
	if err := os.MkdirAll(filepath.Join(neighbour, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(neighbour, "sub", "keep.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := hashTree(t, neighbour)
	out := filepath.Join(parent, "exports")
	for i := 0; i < 2; i++ { // into a new folder, then over it
		exportTo(t, []string{dataDir()}, out)
		if got := names(t, parent); !slices.Equal(got, []string{"exports", "neighbour"}) {
			t.Errorf("the parent holds %v", got)
		}
		if hashTree(t, neighbour) != before {
			t.Error("a neighbour of the exports changed")
		}
		want := []string{"context.jsonld", "coops.jsonld", "coops.nt", "coops.ttl", "ontology.ttl", "shapes.ttl"}
		var got []string
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if p != out {
				rel, _ := filepath.Rel(out, p)
				got = append(got, rel)
			}
			return err
		})
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s missing from the exports: %v", w, got)
			}
		}
		for _, g := range got {
			if strings.Contains(g, "..") || strings.HasPrefix(g, "/") {
				t.Errorf("odd path in the exports: %s", g)
			}
		}
	}
}
