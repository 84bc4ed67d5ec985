package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/coopgraph/coopgraph/internal/cli"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), append([]string{"coopgraph"}, args...), &cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Dir:    testkit.Root(),
	})
	return code, out.String(), errb.String()
}

// countingServer fails the test if anything reaches it.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(500)
	}))
	t.Cleanup(s.Close)
	return s, &n
}

func TestLoadUsage(t *testing.T) {
	srv, n := countingServer(t)
	gsp := srv.URL + "/sparql-graph-crud-auth"
	pw := map[string]string{cli.PasswordEnv: "Hidden-Pa55"}
	tests := []struct {
		env  map[string]string
		args []string
		msg  string
	}{
		{nil, []string{"load", "--endpoint", gsp}, "--graph is required"},
		{nil, []string{"load", "--endpoint", gsp, "--graph", "not an iri"}, "--graph"},
		{nil, []string{"load", "--graph", "http://example.org/g"}, "give --endpoint"},
		{nil, []string{"load", "--endpoint", srv.URL + "/unknown", "--graph", "http://example.org/g"}, "give --update-endpoint"},
		{nil, []string{"load", "--endpoint", gsp, "--graph", "http://example.org/g", "--user", "dba"}, "set the password in the environment variable COOPGRAPH_PASSWORD"},
		{pw, []string{"load", "--endpoint", gsp, "--graph", "http://example.org/g"}, "--user is not"},
		{pw, []string{"load", "--endpoint", "http://dba:Hidden-Pa55@127.0.0.1:1/sparql-graph-crud-auth", "--graph", "http://example.org/g", "--user", "dba"}, "holds credentials"},
		{nil, []string{"load", "--endpoint", gsp, "--graph", "http://example.org/g", "exports/coops.ttl"}, "load takes N-Triples"},
		{nil, []string{"load", "--endpoint", gsp, "--graph", "http://example.org/g", "no/such/file.nt"}, "no such file"},
		{nil, []string{"load", "--endpoint", gsp, "--graph", "http://example.org/g", "exports/nothing-*.nt.gz"}, "no file matches"},
		{nil, []string{"load", "--endpoint", gsp, "--graph", "http://example.org/g", "exports"}, "is a folder"},
		{nil, []string{"load", "--endpoint", gsp, "--graph", "http://example.org/g", "--batch", "-1"}, "--batch"},
		{nil, []string{"load", "--endpoint", gsp, "--graph", "http://example.org/g", "--staging-graph", "http://example.org/g"}, "must differ"},
	}
	for _, tc := range tests {
		code, out, errs := runCLI(t, tc.env, tc.args...)
		if code != cli.ExitUsage || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: want exit 2 and %q, got %d\n%s%s", tc.args, tc.msg, code, out, errs)
		}
		if strings.Contains(out+errs, "Hidden-Pa55") {
			t.Errorf("%v: the password appears in the output:\n%s%s", tc.args, out, errs)
		}
	}
	if n.Load() != 0 {
		t.Errorf("%d requests reached the store", n.Load())
	}
}

// TestLoadDryRun reads the dump, says what it would do, and contacts nothing.
func TestLoadDryRun(t *testing.T) {
	srv, n := countingServer(t)
	code, out, errs := runCLI(t, map[string]string{cli.PasswordEnv: "Hidden-Pa55"}, "load", "--dry-run", "--batch", "100",
		"--endpoint", srv.URL+"/sparql-graph-crud-auth", "--graph", "http://example.org/coops", "--user", "dba")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	lines, err := os.ReadFile(filepath.Join(testkit.Root(), "exports", "coops.nt"))
	if err != nil {
		t.Fatal(err)
	}
	nt := bytes.Count(lines, []byte("\n"))
	for _, want := range []string{
		"nothing is sent",
		fmt.Sprintf("%d read, %d distinct", nt, nt),
		fmt.Sprintf("in %d requests of at most 100", (nt+99)/100),
		"MOVE the staging graph onto <http://example.org/coops> at " + srv.URL + "/sparql-auth",
		`as user "dba"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
	if n.Load() != 0 || strings.Contains(out+errs, "Hidden-Pa55") {
		t.Errorf("%d requests; output:\n%s%s", n.Load(), out, errs)
	}
}

// TestLoadBadDump: a dump that is not N-Triples is refused (exit 1) before anything is sent.
func TestLoadBadDump(t *testing.T) {
	srv, n := countingServer(t)
	p := filepath.Join(t.TempDir(), "bad.nt")
	os.WriteFile(p, []byte("<http://example.org/s> <http://example.org/p> \"ok\" .\n<http://example.org/s> <http://example.org/p> oops .\n"), 0o644)
	code, out, errs := runCLI(t, nil, "load", "--endpoint", srv.URL+"/sparql-graph-crud", "--graph", "http://example.org/g", p)
	if code != cli.ExitInvalid || !strings.Contains(errs, p+":2:47:") || !strings.Contains(errs, "nothing was sent") {
		t.Fatalf("want exit 1 naming %s:2:47, got %d\n%s%s", p, code, out, errs)
	}
	if n.Load() != 0 {
		t.Errorf("%d requests reached the store", n.Load())
	}
}

// fakeStore answers SPARQL counts with a fixed number (0 for a staging graph it was told to
// drop since the last triples came) and takes everything else; it records the updates.
type fakeStore struct {
	count   int
	mu      sync.Mutex
	updates []string
	dropped bool
}

func (f *fakeStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body := new(bytes.Buffer)
	body.ReadFrom(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.Header.Get("Content-Type") {
	case "application/x-www-form-urlencoded":
		n := f.count
		if f.dropped && strings.Contains(body.String(), "-staging-") {
			n = 0
		}
		w.Header().Set("Content-Type", "application/sparql-results+json")
		fmt.Fprintf(w, `{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","datatype":"http://www.w3.org/2001/XMLSchema#integer","value":"%d"}}]}}`, n)
		return
	case "application/sparql-update":
		f.updates = append(f.updates, body.String())
		f.dropped = strings.HasPrefix(body.String(), "DROP")
	default:
		f.dropped = false
	}
	w.WriteHeader(http.StatusNoContent)
}

// TestLoadCountMismatch: when the store does not hold as many triples as the dump, the load
// fails with exit 1, before the move, and removes the staging graph.
func TestLoadCountMismatch(t *testing.T) {
	f := &fakeStore{count: 7}
	srv := httptest.NewServer(f)
	defer srv.Close()
	code, out, errs := runCLI(t, nil, "load", "--endpoint", srv.URL+"/ds/data", "--graph", "http://example.org/g")
	if code != cli.ExitInvalid || !strings.Contains(errs, "the staging graph holds 7 triples") || !strings.Contains(errs, "was removed") {
		t.Fatalf("want exit 1 and the counts, got %d\n%s%s", code, out, errs)
	}
	for _, u := range f.updates {
		if strings.HasPrefix(u, "MOVE") {
			t.Errorf("the staging graph was moved despite the mismatch: %q", u)
		}
	}
	// The last update but the registry's (where the load strikes its staging graph) removes it.
	var last string
	for _, u := range f.updates {
		if !strings.Contains(u, "-load-registry>") {
			last = u
		}
	}
	if !strings.HasPrefix(last, "DROP SILENT GRAPH <http://example.org/g-staging-") {
		t.Errorf("last update %q is not the staging graph's removal", last)
	}
}

// moveStore is a store that holds what it is sent until the move, then counts the target graph
// as afterMove: a store that lost triples in the move, or that another writer changed.
type moveStore struct {
	fakeStore
	staged, afterMove int
	moved             bool
}

func (m *moveStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body := new(bytes.Buffer)
	body.ReadFrom(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body.Bytes()))
	m.mu.Lock()
	switch {
	case r.Header.Get("Content-Type") == "application/x-www-form-urlencoded" && strings.Contains(body.String(), "-staging-"):
		m.count = m.staged
	case r.Header.Get("Content-Type") == "application/x-www-form-urlencoded":
		m.count = 0
		if m.moved {
			m.count = m.afterMove
		}
	case strings.HasPrefix(body.String(), "MOVE"):
		m.moved = true
	}
	m.mu.Unlock()
	m.fakeStore.ServeHTTP(w, r)
}

// TestLoadCountMismatchAfterMove: when the target graph does not hold the dump's triples after
// the move, the load fails with exit 1 and says what the target holds now.
func TestLoadCountMismatchAfterMove(t *testing.T) {
	dump := filepath.Join(t.TempDir(), "d.nt")
	os.WriteFile(dump, []byte("<http://example.org/s> <http://example.org/p> \"a\" .\n<http://example.org/s> <http://example.org/p> \"b\" .\n<http://example.org/s> <http://example.org/p> \"c\" .\n"), 0o644)
	m := &moveStore{staged: 3, afterMove: 2}
	srv := httptest.NewServer(m)
	defer srv.Close()
	code, out, errs := runCLI(t, nil, "load", "--endpoint", srv.URL+"/ds/data", "--graph", "http://example.org/g", dump)
	if code != cli.ExitInvalid || !strings.Contains(errs, "holds 2 triples after the load, the dump 3") {
		t.Fatalf("want exit 1 and the counts after the move, got %d\n%s%s", code, out, errs)
	}
	if !m.moved {
		t.Error("the staging graph was never moved")
	}
	// The same store with a faithful move loads cleanly.
	ok := &moveStore{staged: 3, afterMove: 3}
	srv2 := httptest.NewServer(ok)
	defer srv2.Close()
	if code, out, errs := runCLI(t, nil, "load", "--endpoint", srv2.URL+"/ds/data", "--graph", "http://example.org/g", dump); code != cli.ExitOK {
		t.Fatalf("a faithful store: exit %d\n%s%s", code, out, errs)
	}
}

// TestLoadTimeout: --timeout bounds each request; a store that does not answer in time fails
// the load with exit 3 and a hint, after the retries --retries allows, and the target graph is
// left as it was (the store saw no MOVE).
func TestLoadTimeout(t *testing.T) {
	dump := filepath.Join(t.TempDir(), "d.nt")
	os.WriteFile(dump, []byte("<http://example.org/s> <http://example.org/p> \"a\" .\n"), 0o644)
	release := make(chan struct{})
	var requests atomic.Int32
	var moved atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		body := new(bytes.Buffer)
		body.ReadFrom(r.Body)
		if strings.HasPrefix(body.String(), "MOVE") {
			moved.Store(true)
		}
		<-release // never answers in time
	}))
	defer srv.Close()
	defer close(release)
	code, out, errs := runCLI(t, nil, "load", "--endpoint", srv.URL+"/ds/data", "--graph", "http://example.org/g", "--timeout", "100ms", "--retries", "1", dump)
	if code != cli.ExitFailure || !strings.Contains(errs, "no answer within the timeout") {
		t.Fatalf("want exit 3 and the timeout's hint, got %d\n%s%s", code, out, errs)
	}
	if n := requests.Load(); n < 2 {
		t.Errorf("%d requests: the first should have been retried once", n)
	}
	if moved.Load() {
		t.Error("the store was asked to move the staging graph")
	}
}

// TestLoadDryRunSince: with --since, the dry run compares the dumps and prints the plan of
// sending the change, contacting nothing.
func TestLoadDryRunSince(t *testing.T) {
	srv, n := countingServer(t)
	dir := t.TempDir()
	nt, err := os.ReadFile(filepath.Join(testkit.Root(), "exports", "coops.nt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(nt), "\n"), "\n")
	newDump := filepath.Join(dir, "coops.nt")
	if err := os.WriteFile(newDump, []byte(strings.Join(lines[:len(lines)-1], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, nil, "load", "--dry-run", "--since", "exports", "--endpoint", srv.URL+"/sparql-graph-crud-auth", "--graph", "http://example.org/coops", newDump)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"nothing is sent",
		"1 triples deleted, 0 inserted",
		"check that <http://example.org/coops> holds the old dump",
		"DELETE DATA 1 triple ; INSERT DATA 0 triples in <http://example.org/coops>, in one request",
		fmt.Sprintf("check that <http://example.org/coops> holds %d triples", len(lines)-1),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
	if n.Load() != 0 {
		t.Errorf("%d requests reached the store", n.Load())
	}
}
