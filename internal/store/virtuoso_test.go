package store_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/coopgraph/coopgraph/internal/cli"
	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/store"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/internal/testkit/faultproxy"
	"github.com/coopgraph/coopgraph/internal/transport"
	"github.com/coopgraph/coopgraph/vocab"
)

// One Virtuoso serves every test of this binary: started on first use, stopped by TestMain (or
// by a signal handler, or by the kernel when the binary dies: see testkit.StartVirtuoso).
var (
	virtOnce sync.Once
	virt     *testkit.Virtuoso
	virtErr  error
	virtMu   sync.Mutex
)

func TestMain(m *testing.M) {
	if os.Getenv(cliEnv) == "1" {
		// Run as the coopgraph command, so that a test can kill a load in a process of its own.
		os.Exit(cli.Main(append([]string{"coopgraph"}, os.Args[1:]...)))
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		stopVirtuoso()
		os.Exit(1)
	}()
	code := m.Run()
	stopVirtuoso()
	os.Exit(code)
}

func stopVirtuoso() {
	virtMu.Lock()
	defer virtMu.Unlock()
	if virt != nil {
		virt.Stop()
		virt = nil
	}
}

// virtuoso returns the shared server, starting it on first use.
func virtuoso(t *testing.T) *testkit.Virtuoso {
	t.Helper()
	testkit.Tool(t, "virtuoso-t")
	testkit.Tool(t, "isql-vt")
	virtOnce.Do(func() {
		virtMu.Lock()
		defer virtMu.Unlock()
		virt, virtErr = testkit.StartVirtuoso("")
	})
	if virtErr != nil {
		t.Fatalf("starting Virtuoso: %v", virtErr)
	}
	return virt
}

// Virtuoso's throw-away database has dba/dba.
const dbaPassword = "dba"

type run struct {
	code           int
	stdout, stderr string
}

// coopgraph runs the command line in-process with COOPGRAPH_PASSWORD set to password ("" :
// unset).
func coopgraph(ctx context.Context, password string, args ...string) run {
	var out, errb bytes.Buffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == cli.PasswordEnv {
			return password
		}
		return ""
	}}
	code := cli.Run(ctx, append([]string{"coopgraph"}, args...), env)
	return run{code, out.String(), errb.String()}
}

func (r run) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// exportDump writes the dumps of the records in data to a new folder and returns it.
func exportDump(t *testing.T, data string, shard int64) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "exports")
	res, err := export.Run(export.Options{
		Inputs: []string{data}, Out: out, Base: vocab.DefaultBase,
		Formats: []*format.Format{format.NTriples}, Record: record.Options{ThisYear: 2026},
		ShardTriples: shard,
	})
	if err != nil {
		t.Fatalf("export: %v\n%v", err, res.Diags)
	}
	return out
}

func dataDir() string { return filepath.Join(testkit.Root(), "data", "coops") }

// copyData copies the records to a new folder, so that a test can change them.
func copyData(t *testing.T) string {
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

func editRecord(t *testing.T, dir, id, old, new string) {
	t.Helper()
	p := filepath.Join(dir, id+".yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", p, old)
	}
	if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readGraphFile(t *testing.T, p string) testkit.Graph {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	g, err := testkit.ParseNTriples(b)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// storedGraph reads a whole graph back from Virtuoso (anonymous GSP GET) with knakk's parser.
func storedGraph(t *testing.T, v *testkit.Virtuoso, graph string) testkit.Graph {
	t.Helper()
	u := v.URL("/sparql-graph-crud") + "?" + url.Values{"graph": {graph}}.Encode()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept", "application/n-triples")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusNotFound {
		return testkit.Graph{}
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	g, err := testkit.ParseNTriples(b)
	if err != nil {
		t.Fatalf("reading graph %s back: %v", graph, err)
	}
	return g
}

// sparql runs a SELECT on Virtuoso's anonymous endpoint.
func sparql(t *testing.T, v *testkit.Virtuoso, query string, defaultGraphs ...string) *store.Results {
	t.Helper()
	c := store.NewClient(&transport.Client{HTTP: http.DefaultClient, Retry: transport.Retry{Attempts: 1}})
	r, err := c.Select(context.Background(), v.URL("/sparql"), "test query", query, defaultGraphs)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// stagingGraphs lists the graphs left whose IRI starts with graph + "-staging-".
func stagingGraphs(t *testing.T, v *testkit.Virtuoso, graph string) []string {
	t.Helper()
	r := sparql(t, v, fmt.Sprintf(`SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "%s-staging-")) }`, graph))
	var out []string
	for _, b := range r.Results.Bindings {
		out = append(out, b["g"].Value)
	}
	return out
}

var graphSeq struct {
	sync.Mutex
	n int
}

// newGraph returns a graph IRI no other test uses.
func newGraph(t *testing.T) string {
	graphSeq.Lock()
	defer graphSeq.Unlock()
	graphSeq.n++
	return fmt.Sprintf("http://example.org/test/%s/%d", strings.ReplaceAll(t.Name(), "/", "-"), graphSeq.n)
}

func mustLoad(t *testing.T, v *testkit.Virtuoso, graph string, files ...string) run {
	t.Helper()
	r := coopgraph(context.Background(), dbaPassword, append([]string{"load", "--endpoint", v.URL("/sparql-graph-crud-auth"), "--graph", graph, "--user", "dba"}, files...)...)
	if r.code != 0 {
		t.Fatalf("load: %v", r)
	}
	return r
}

func assertGraph(t *testing.T, v *testkit.Virtuoso, graph string, want testkit.Graph) {
	t.Helper()
	got := storedGraph(t, v, graph)
	if d := testkit.Diff(want, got); d != "" {
		t.Fatalf("graph %s differs from what was expected:\n%s", graph, d)
	}
}

// TestVirtuosoLoadDigest loads the directory through /sparql-graph-crud-auth with digest auth
// and reads the whole graph back: the store holds exactly the dump.
func TestVirtuosoLoadDigest(t *testing.T) {
	v := virtuoso(t)
	out := exportDump(t, dataDir(), 0)
	dump := filepath.Join(out, "coops.nt")
	graph := newGraph(t)
	r := mustLoad(t, v, graph, dump)
	want := readGraphFile(t, dump)
	if !strings.Contains(r.stderr, fmt.Sprintf("loaded %d triples", want.Len())) {
		t.Errorf("no report of the load: %v", r)
	}
	assertGraph(t, v, graph, want)
	if s := stagingGraphs(t, v, graph); len(s) != 0 {
		t.Errorf("staging graphs left: %v", s)
	}
}

// TestVirtuosoReloadAfterChange loads the directory, changes a record, loads again: the graph
// holds the new data only.
func TestVirtuosoReloadAfterChange(t *testing.T) {
	v := virtuoso(t)
	data := copyData(t)
	graph := newGraph(t)
	first := filepath.Join(exportDump(t, data, 0), "coops.nt")
	mustLoad(t, v, graph, first)
	assertGraph(t, v, graph, readGraphFile(t, first))

	editRecord(t, data, "stocksy-united", "name: Stocksy United", "name: Stocksy United Co-op")
	editRecord(t, data, "stocksy-united", "sectors: [photography]", "sectors: [photography, art]")
	second := filepath.Join(exportDump(t, data, 0), "coops.nt")
	mustLoad(t, v, graph, second)
	want := readGraphFile(t, second)
	assertGraph(t, v, graph, want)
	got := storedGraph(t, v, graph)
	for l := range got {
		if strings.Contains(l, `"Stocksy United"`) {
			t.Errorf("the old name is still there: %s", l)
		}
	}
}

// TestVirtuosoWrongPassword: refused credentials stop the load at once with exit 3 and a message
// saying what to fix; the target graph is untouched and the password appears nowhere.
func TestVirtuosoWrongPassword(t *testing.T) {
	v := virtuoso(t)
	out := exportDump(t, dataDir(), 0)
	graph := newGraph(t)
	mustLoad(t, v, graph, filepath.Join(out, "coops.nt"))
	before := storedGraph(t, v, graph)

	const wrong = "Wr0ng-passw0rd-that-must-not-leak"
	r := coopgraph(context.Background(), wrong, "load", "-v", "--endpoint", v.URL("/sparql-graph-crud-auth"), "--graph", graph, "--user", "dba", filepath.Join(out, "coops.nt"))
	if r.code != cli.ExitFailure {
		t.Fatalf("want exit %d, got %v", cli.ExitFailure, r)
	}
	if !strings.Contains(r.stderr, "wrong password") || !strings.Contains(r.stderr, "COOPGRAPH_PASSWORD") {
		t.Errorf("the message does not say what to fix: %v", r)
	}
	if strings.Contains(r.stdout+r.stderr, wrong) {
		t.Errorf("the password appears in the output: %v", r)
	}
	assertGraph(t, v, graph, before)
}

// TestVirtuosoPasswordNeverShown loads as a user with a distinctive password, verbosely, and
// then fails a load as that user: the password is in no output.
func TestVirtuosoPasswordNeverShown(t *testing.T) {
	v := virtuoso(t)
	const user, password = "loader", "S3cret-Pa55-never-printed"
	if _, err := v.ISQL(fmt.Sprintf(`DB.DBA.USER_CREATE('%s', '%s'); GRANT SPARQL_UPDATE TO "%s";`, user, password, user)); err != nil {
		t.Fatal(err)
	}
	out := exportDump(t, dataDir(), 0)
	graph := newGraph(t)
	runs := []run{
		coopgraph(context.Background(), password, "load", "-v", "--batch", "100", "--endpoint", v.URL("/sparql-graph-crud-auth"), "--graph", graph, "--user", user, filepath.Join(out, "coops.nt")),
		coopgraph(context.Background(), password, "load", "-v", "--dry-run", "--endpoint", v.URL("/sparql-graph-crud-auth"), "--graph", graph, "--user", user, filepath.Join(out, "coops.nt")),
		// A wrong endpoint path: 404.
		coopgraph(context.Background(), password, "load", "-v", "--endpoint", v.URL("/no-such-endpoint-auth"), "--update-endpoint", v.URL("/sparql-auth"), "--graph", graph, "--user", user, filepath.Join(out, "coops.nt")),
	}
	if runs[0].code != 0 || runs[1].code != 0 {
		t.Fatalf("loads failed:\n%v\n%v", runs[0], runs[1])
	}
	if runs[2].code != cli.ExitFailure || !strings.Contains(runs[2].stderr, "wrong endpoint path") {
		t.Errorf("want exit 3 and a hint for a wrong path, got %v", runs[2])
	}
	for _, r := range runs {
		if strings.Contains(r.stdout+r.stderr, password) {
			t.Errorf("the password appears in the output: %v", r)
		}
	}
}

// TestVirtuosoForbidden: a user without SPARQL_UPDATE gets a message naming the grant.
func TestVirtuosoForbidden(t *testing.T) {
	v := virtuoso(t)
	if _, err := v.ISQL(`DB.DBA.USER_CREATE('reader', 'reader-pw'); GRANT SPARQL_SELECT TO "reader";`); err != nil {
		t.Fatal(err)
	}
	out := exportDump(t, dataDir(), 0)
	graph := newGraph(t)
	r := coopgraph(context.Background(), "reader-pw", "load", "--endpoint", v.URL("/sparql-graph-crud-auth"), "--graph", graph, "--user", "reader", filepath.Join(out, "coops.nt"))
	if r.code != cli.ExitFailure || !strings.Contains(r.stderr, "SPARQL_UPDATE") {
		t.Fatalf("want exit 3 naming SPARQL_UPDATE, got %v", r)
	}
}

// TestVirtuosoUpdateEndpoint loads through SPARQL Update alone, in INSERT DATA batches.
func TestVirtuosoUpdateEndpoint(t *testing.T) {
	v := virtuoso(t)
	data := copyData(t)
	graph := newGraph(t)
	first := filepath.Join(exportDump(t, data, 0), "coops.nt")
	mustLoad(t, v, graph, first)
	editRecord(t, data, "fairmondo", "name: Fairmondo", "name: Fairmondo eG")
	second := filepath.Join(exportDump(t, data, 0), "coops.nt")
	r := coopgraph(context.Background(), dbaPassword, "load", "--update-endpoint", v.URL("/sparql-auth"), "--batch", "60", "--graph", graph, "--user", "dba", second)
	if r.code != 0 {
		t.Fatal(r)
	}
	if !strings.Contains(r.stderr, "by SPARQL Update") {
		t.Errorf("not loaded by SPARQL Update: %v", r)
	}
	assertGraph(t, v, graph, readGraphFile(t, second))
}

// TestVirtuosoBlankNodes loads N-Triples with blank nodes through INSERT DATA (which Virtuoso
// refuses blank nodes in): they arrive as skolem IRIs, the same on every load.
func TestVirtuosoBlankNodes(t *testing.T) {
	v := virtuoso(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "blank.nt")
	nt := "_:a <http://example.org/p> _:b .\n_:b <http://example.org/p> \"x\" .\n<http://example.org/s> <http://example.org/q> _:a .\n_:a <http://example.org/p> _:b .\n"
	if err := os.WriteFile(p, []byte(nt), 0o644); err != nil {
		t.Fatal(err)
	}
	graph := newGraph(t)
	for i := 0; i < 2; i++ {
		r := coopgraph(context.Background(), dbaPassword, "load", "--update-endpoint", v.URL("/sparql-auth"), "--graph", graph, "--user", "dba", p)
		if r.code != 0 {
			t.Fatal(r)
		}
	}
	got := storedGraph(t, v, graph)
	if got.Len() != 3 {
		t.Fatalf("want 3 triples, got %d:\n%s", got.Len(), strings.Join(got.Lines(), ""))
	}
	genid := store.SkolemBase(graph)
	for _, l := range got.Lines() {
		if strings.Contains(l, "_:") || !strings.Contains(l, genid) {
			t.Errorf("not skolemised under %s: %s", genid, l)
		}
	}
}

// TestVirtuosoShards exports shards and loads them two ways: Virtuoso's own bulk loader
// (ld_dir, rdf_loader_run) and coopgraph load with a glob; both give the dump's graph.
func TestVirtuosoShards(t *testing.T) {
	v := virtuoso(t)
	src := exportDump(t, dataDir(), 100)
	want := readGraphFile(t, filepath.Join(src, "coops.nt"))
	// Virtuoso reads files only under its DirsAllowed: copy the shards there.
	dir, err := os.MkdirTemp(v.Dir, "shards-")
	if err != nil {
		t.Fatal(err)
	}
	shards, _ := filepath.Glob(filepath.Join(src, "coops-*.nt.gz"))
	if len(shards) != (want.Len()+99)/100 {
		t.Fatalf("want %d shards of 100 triples, got %d", (want.Len()+99)/100, len(shards))
	}
	for _, s := range shards {
		b, _ := os.ReadFile(s)
		os.WriteFile(filepath.Join(dir, filepath.Base(s)), b, 0o644)
	}
	bulk := newGraph(t)
	if _, err := v.ISQL(fmt.Sprintf(`ld_dir('%s', 'coops-*.nt.gz', '%s'); rdf_loader_run(); checkpoint;`, dir, bulk)); err != nil {
		t.Fatal(err)
	}
	assertGraph(t, v, bulk, want)

	graph := newGraph(t)
	r := mustLoad(t, v, graph, filepath.Join(src, "coops-*.nt.gz"))
	if !strings.Contains(r.stderr, fmt.Sprintf("loaded %d triples", want.Len())) {
		t.Errorf("unexpected report: %v", r)
	}
	assertGraph(t, v, graph, want)
}

// newFaultProxy puts a faultproxy between coopgraph and Virtuoso that, after a number of
// requests that carry triples, fails them: with a 500 ("500"), by dropping the connection
// ("drop"), by interrupting coopgraph ("interrupt"), or fails everything ("all"); or fails
// MOVEs ("move-500") or carries them out and swallows their answers ("move-lost"). Requests
// without credentials (the first of digest authentication) pass.
func newFaultProxy(t *testing.T, v *testkit.Virtuoso, mode string, after int, cancel context.CancelFunc) *faultproxy.Proxy {
	t.Helper()
	var mu sync.Mutex
	seen := 0
	p, err := faultproxy.Start(v.URL(""), faultproxy.Faults{Decide: func(r *faultproxy.Request) faultproxy.Action {
		if r.Header.Get("Authorization") == "" {
			return faultproxy.Pass
		}
		if r.IsMove() {
			switch mode {
			case "move-500":
				return faultproxy.Fail500
			case "move-lost":
				return faultproxy.Swallow
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if r.IsData() && !strings.HasPrefix(mode, "move-") {
			seen++
		}
		if seen <= after || strings.HasPrefix(mode, "move-") || mode != "all" && !r.IsData() {
			return faultproxy.Pass
		}
		switch mode {
		case "500", "all":
			return faultproxy.Fail500
		case "drop":
			return faultproxy.Blackout
		case "interrupt":
			cancel()
		}
		return faultproxy.Pass
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// TestVirtuosoFailureMidway: a reload that fails in the middle (a 500, a dropped connection, an
// interrupt), through GSP or SPARQL Update, leaves the previous graph exactly as it was and
// removes the staging graph.
func TestVirtuosoFailureMidway(t *testing.T) {
	v := virtuoso(t)
	data := copyData(t)
	first := filepath.Join(exportDump(t, data, 0), "coops.nt")
	editRecord(t, data, "resonate", "name: Resonate", "name: Resonate Beta")
	second := filepath.Join(exportDump(t, data, 0), "coops.nt")

	for _, mode := range []string{"500", "drop", "interrupt"} {
		for _, via := range []string{"gsp", "update"} {
			t.Run(mode+"-"+via, func(t *testing.T) {
				graph := newGraph(t)
				mustLoad(t, v, graph, first)
				before := storedGraph(t, v, graph)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				px := newFaultProxy(t, v, mode, 3, cancel)
				args := []string{"load", "--batch", "50", "--retries", "1", "--graph", graph, "--user", "dba"}
				if via == "gsp" {
					args = append(args, "--endpoint", px.URL+"/sparql-graph-crud-auth")
				} else {
					args = append(args, "--update-endpoint", px.URL+"/sparql-auth")
				}
				r := coopgraph(ctx, dbaPassword, append(args, second)...)
				if r.code != cli.ExitFailure {
					t.Fatalf("want exit %d, got %v", cli.ExitFailure, r)
				}
				if !strings.Contains(r.stderr, "was left as it was") || !strings.Contains(r.stderr, "was removed") {
					t.Errorf("the message does not say what became of the graphs: %v", r)
				}
				if mode == "interrupt" && !strings.Contains(r.stderr, "interrupted") {
					t.Errorf("the message does not say it was interrupted: %v", r)
				}
				after := storedGraph(t, v, graph)
				if d := testkit.Diff(before, after); d != "" {
					t.Fatalf("the target graph changed:\n%s", d)
				}
				if s := stagingGraphs(t, v, graph); len(s) != 0 {
					t.Errorf("staging graphs left: %v", s)
				}
			})
		}
	}

	// A MOVE refused by the store leaves the target as it was; a MOVE carried out whose answer
	// is lost is recognised from the counts as done.
	t.Run("move-500", func(t *testing.T) {
		graph := newGraph(t)
		mustLoad(t, v, graph, first)
		before := storedGraph(t, v, graph)
		px := newFaultProxy(t, v, "move-500", 0, nil)
		r := coopgraph(context.Background(), dbaPassword, "load", "--retries", "1", "--endpoint", px.URL+"/sparql-graph-crud-auth", "--graph", graph, "--user", "dba", second)
		if r.code != cli.ExitFailure || !strings.Contains(r.stderr, "was left as it was") {
			t.Fatalf("want exit 3, target untouched, got %v", r)
		}
		if d := testkit.Diff(before, storedGraph(t, v, graph)); d != "" {
			t.Fatalf("the target graph changed:\n%s", d)
		}
		if s := stagingGraphs(t, v, graph); len(s) != 0 {
			t.Errorf("staging graphs left: %v", s)
		}
	})
	t.Run("move-lost", func(t *testing.T) {
		graph := newGraph(t)
		mustLoad(t, v, graph, first)
		px := newFaultProxy(t, v, "move-lost", 0, nil)
		r := coopgraph(context.Background(), dbaPassword, "load", "-v", "--endpoint", px.URL+"/sparql-graph-crud-auth", "--graph", graph, "--user", "dba", second)
		if r.code != 0 || !strings.Contains(r.stderr, "answer was lost, but it took place") {
			t.Fatalf("want exit 0 after checking the counts, got %v", r)
		}
		assertGraph(t, v, graph, readGraphFile(t, second))
	})

	// When the store fails everything, even the staging graph's removal, the message says so
	// and how to remove it; the target is still untouched.
	t.Run("all", func(t *testing.T) {
		graph := newGraph(t)
		mustLoad(t, v, graph, first)
		before := storedGraph(t, v, graph)
		px := newFaultProxy(t, v, "all", 3, nil)
		r := coopgraph(context.Background(), dbaPassword, "load", "--batch", "50", "--retries", "1", "--endpoint", px.URL+"/sparql-graph-crud-auth", "--graph", graph, "--user", "dba", second)
		if r.code != cli.ExitFailure || !strings.Contains(r.stderr, "could not be removed") || !strings.Contains(r.stderr, "DROP SILENT GRAPH") {
			t.Fatalf("want exit 3 and how to remove the staging graph, got %v", r)
		}
		if d := testkit.Diff(before, storedGraph(t, v, graph)); d != "" {
			t.Fatalf("the target graph changed:\n%s", d)
		}
		left := stagingGraphs(t, v, graph)
		if len(left) != 1 {
			t.Fatalf("want the one staging graph left, got %v", left)
		}
		c := store.NewClient(&transport.Client{HTTP: http.DefaultClient, User: "dba", Password: dbaPassword, Retry: transport.Retry{Attempts: 1}})
		if err := c.Update(context.Background(), v.URL("/sparql-auth"), "cleanup", "DROP SILENT GRAPH <"+left[0]+">", true); err != nil {
			t.Fatal(err)
		}
	})
}
