package cli

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/internal/diff"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/ntread"
	"github.com/coopgraph/coopgraph/internal/store"
	"github.com/coopgraph/coopgraph/internal/transport"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// PasswordEnv is the environment variable that holds the store password; there is no flag for
// it, so that it shows neither in shell history nor in the process list.
const PasswordEnv = "COOPGRAPH_PASSWORD"

// DefaultDump is the file load reads when no FILE is given.
const DefaultDump = DefaultOut + "/coops.nt"

func loadCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "load",
		Usage:     "load a dump into a named graph of a SPARQL triple store, all or nothing",
		ArgsUsage: "[FILE…]  (N-Triples, .nt or .nt.gz, or globs of shards; default " + DefaultDump + ")",
		Description: "Replaces the named graph --graph of a triple store with the triples of the dump. The triples\n" +
			"go into a staging graph first, through the SPARQL 1.1 Graph Store Protocol (--endpoint) or\n" +
			"SPARQL 1.1 Update INSERT DATA (--update-endpoint alone), in batches of --batch triples; the\n" +
			"staging graph is counted, then moved onto the target graph in one request (SPARQL MOVE), and\n" +
			"the target counted again. Any failure before the move leaves the target graph as it was and\n" +
			"removes the staging graph. Blank nodes become skolem IRIs (…/.well-known/genid/…).\n\n" +
			"With --since OLD (an earlier export folder, or its coops.nt / coops.nt.gz) only the change\n" +
			"from OLD is sent, when the graph holds OLD (its count, a sample of OLD's triples, every triple\n" +
			"to delete and none to insert) and the change is at most --max-change of the dump: as one\n" +
			"DELETE DATA ; INSERT DATA request, or, above 1,000 triples (--batch if smaller), through two\n" +
			"staging graphs applied in one request. Otherwise the whole dump is loaded as above.\n\n" +
			"For Virtuoso, Fuseki, Oxigraph and GraphDB the update and query endpoints follow from --endpoint;\n" +
			"other stores need --update-endpoint and --query-endpoint too. The password is read from\n" +
			PasswordEnv + "; Basic and Digest authentication are answered as the store asks.\n\n" +
			"Exit codes: 0 loaded and verified, 1 the dump is not N-Triples or the store's count differs\n" +
			"from the dump's, 2 usage error, 3 the store or the network failed (the target graph is unchanged\n" +
			"unless the message says otherwise).",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "endpoint", Aliases: []string{"e"}, Usage: "the Graph Store Protocol `URL` (Virtuoso: …:8890/sparql-graph-crud-auth; Fuseki: …/<dataset>/data)"},
			&cli.StringFlag{Name: "update-endpoint", Usage: "the SPARQL Update `URL`; alone, the triples go as INSERT DATA"},
			&cli.StringFlag{Name: "query-endpoint", Usage: "the SPARQL query `URL` used to count triples (default: derived, or the update endpoint)"},
			&cli.StringFlag{Name: "graph", Aliases: []string{"g"}, Usage: "the target graph `IRI` (required)"},
			&cli.StringFlag{Name: "user", Aliases: []string{"u"}, Usage: "the store user `NAME`; the password comes from " + PasswordEnv},
			&cli.IntFlag{Name: "batch", Usage: "`N` triples per request", DefaultText: fmt.Sprintf("%d with --endpoint, %d with --update-endpoint alone", store.DefaultGSPBatch, store.DefaultUpdateBatch)},
			&cli.IntFlag{Name: "parallel", Value: 2, Usage: "`N` requests of triples in flight at once"},
			&cli.StringFlag{Name: "staging-graph", Usage: "the staging graph `IRI` (default: the target's IRI + -staging- + random hex)"},
			&cli.DurationFlag{Name: "timeout", Value: 5 * time.Minute, Usage: "how long one request may take (a `DURATION`: 30s, 5m)"},
			&cli.IntFlag{Name: "retries", Value: transport.DefaultRetry.Attempts - 1, Usage: "send a failed request again up to `N` times (timeouts, dropped connections, 5xx), with growing waits"},
			&cli.StringFlag{Name: "since", Usage: "send only the change from the export `OLD` (a folder, or its coops.nt / coops.nt.gz) when the graph holds OLD; else load the whole dump"},
			&cli.Float64Flag{Name: "max-change", Value: 0.1, Usage: "with --since, load the whole dump when the change is more than this `FRACTION` of the new dump's triples"},
			&cli.BoolFlag{Name: "dry-run", Aliases: []string{"n"}, Usage: "read and check the dump, say what would be done, contact nothing"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "print every request (method, endpoint, status, time)"},
		},
		Action: func(c *cli.Context) error { return runLoad(env, c) },
	}
}

func runLoad(env *Env, c *cli.Context) error {
	graph := c.String("graph")
	if graph == "" {
		return usage("load: --graph is required (the IRI of the named graph to replace)")
	}
	if err := iri.Check(graph); err != nil {
		return usage("--graph: %q: %v", graph, err)
	}
	staging := c.String("staging-graph")
	if staging != "" {
		if err := iri.Check(staging); err != nil {
			return usage("--staging-graph: %q: %v", staging, err)
		}
		if staging == graph {
			return usage("--staging-graph must differ from --graph")
		}
	}
	ep, err := store.ResolveEndpoints(c.String("endpoint"), c.String("update-endpoint"), c.String("query-endpoint"))
	if err != nil {
		return usage("%v", err)
	}
	user, password := c.String("user"), env.getenv(PasswordEnv)
	switch {
	case user != "" && password == "":
		return usage("--user %s: set the password in the environment variable %s", user, PasswordEnv)
	case user == "" && password != "":
		return usage("%s is set but --user is not: give the store user with --user", PasswordEnv)
	}
	if c.Int("batch") < 0 {
		return usage("--batch must be positive")
	}
	if f := c.Float64("max-change"); f < 0 || f > 1 {
		return usage("--max-change must be between 0 and 1")
	}
	if c.Int("parallel") < 1 {
		return usage("--parallel must be 1 or more")
	}
	if c.Int("retries") < 0 {
		return usage("--retries must be 0 or more")
	}
	if c.Duration("timeout") <= 0 {
		return usage("--timeout must be positive")
	}
	files, err := loadFiles(env, c.Args().Slice())
	if err != nil {
		return err
	}

	var logf func(string, ...any)
	if c.Bool("verbose") {
		logf = func(format string, args ...any) {
			fmt.Fprintf(env.Stderr, "coopgraph: "+format+"\n", args...)
		}
	}
	retry := transport.DefaultRetry
	retry.Attempts = c.Int("retries") + 1
	client := store.NewClient(&transport.Client{
		HTTP:     &http.Client{Timeout: c.Duration("timeout"), Transport: http.DefaultTransport.(*http.Transport).Clone()},
		User:     user,
		Password: password,
		Retry:    retry,
		Logf:     logf,
	})
	opt := store.Options{
		Input:     store.Input{Files: files, Scope: graph},
		Graph:     graph,
		Endpoints: ep,
		Batch:     c.Int("batch"),
		Parallel:  c.Int("parallel"),
		Staging:   staging,
		Client:    client,
	}

	start := time.Now()
	if since := c.String("since"); since != "" {
		done, err := loadSince(env, c, &opt, since, start)
		if done || err != nil {
			return err
		}
	}
	sum, err := opt.Input.Scan(c.Context)
	if err != nil {
		return loadError(err)
	}
	if c.Bool("dry-run") && opt.Staging == "" {
		opt.Staging = graph + "-staging-<random>"
	}
	plan, err := store.NewPlan(&opt, sum)
	if err != nil {
		return failure(err)
	}
	if c.Bool("dry-run") {
		printPlan(env.Stdout, &opt, plan, user)
		return nil
	}
	if env.showProgress(sum.Distinct) {
		opt.Progress = NewBar(env.Stderr)
	}
	res, err := plan.Run(c.Context, opt)
	reportStale(env, res, graph)
	if err != nil {
		return loadError(err)
	}
	fmt.Fprintf(env.Stderr, "loaded %s into %s (it held %d) in %v: %s of at most %s by %s, %d retried; the store counts %d\n",
		count(sum.Distinct, "triple"), graph, res.Before, time.Since(start).Round(time.Millisecond), count(res.Batches, "request"), count(opt.BatchSize(), "triple"), ep.Mode(), client.Retries, res.After)
	return nil
}

// loadError maps a load's failure to an exit code.
func loadError(err error) error {
	switch {
	case errors.Is(err, ntread.ErrSyntax):
		return invalid(fmt.Errorf("the dump is not N-Triples, nothing was sent: %w", err))
	case errors.Is(err, store.ErrMismatch):
		return invalid(err)
	case errors.Is(err, os.ErrNotExist):
		return usage("%v (write the dumps with 'coopgraph export' first)", err)
	}
	return failure(err)
}

// loadFiles expands the FILE arguments: globs, and the default dump.
func loadFiles(env *Env, args []string) ([]string, error) {
	if len(args) == 0 {
		args = []string{DefaultDump}
	}
	var files []string
	for _, a := range args {
		p := env.resolve(a)
		if strings.ContainsAny(a, "*?[") {
			m, err := filepath.Glob(p)
			if err != nil {
				return nil, usage("%s: %v", a, err)
			}
			if len(m) == 0 {
				return nil, usage("%s: no file matches", a)
			}
			files = append(files, m...)
			continue
		}
		files = append(files, p)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.ToLower(f), ".gz")
		switch filepath.Ext(name) {
		case ".ttl", ".jsonld", ".json", ".rdf", ".owl", ".trig", ".nq", ".n3":
			return nil, usage("%s: load takes N-Triples (.nt or .nt.gz), as 'coopgraph export' writes them", f)
		}
		fi, err := os.Stat(f)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, usage("%s: no such file (write the dumps with 'coopgraph export' first)", f)
			}
			return nil, failure(err)
		}
		if fi.IsDir() {
			return nil, usage("%s is a folder: name the files, e.g. %s", f, filepath.Join(f, "coops-*.nt.gz"))
		}
	}
	return files, nil
}

// showProgress reports whether to draw a progress bar: on a terminal, not in CI, and only for
// dumps big enough to take a while.
func (e *Env) showProgress(triples int64) bool {
	if triples < 100000 || e.getenv("CI") != "" {
		return false
	}
	f, ok := e.Stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printPlan tells what a load would do: the input as read, then the plan's steps.
func printPlan(w io.Writer, opt *store.Options, plan *store.Plan, user string) {
	sum := plan.Summary
	fmt.Fprintln(w, "dry run: nothing is sent to the store")
	for _, f := range sum.Files {
		fmt.Fprintf(w, "input: %s (%s, %s)\n", f.Name, count(f.Triples, "triple"), count(f.Bytes, "byte"))
	}
	fmt.Fprintf(w, "triples: %d read, %d distinct", sum.Lines, sum.Distinct)
	if sum.Blanks > 0 {
		fmt.Fprintf(w, "; blank node terms (%d) become skolem IRIs under %s", sum.Blanks, store.SkolemBase(opt.Graph))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "would:")
	fmt.Fprint(w, plan)
	if user != "" {
		fmt.Fprintf(w, "as user %q, password from %s (Basic or Digest, as the store asks)\n", user, PasswordEnv)
	} else {
		fmt.Fprintln(w, "without credentials")
	}
}

func reportStale(env *Env, res store.Result, graph string) {
	for _, s := range res.Stale {
		fmt.Fprintf(env.Stderr, "removed the staging graph <%s> (%d triples) that an earlier load into <%s> left\n", s.Graph, s.Triples, graph)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(env.Stderr, "coopgraph: warning: %s\n", w)
	}
}

// sincePath finds the dump of an earlier export as diff does: a folder's coops.nt, else its
// coops.nt.gz; or the file named.
func sincePath(env *Env, p string) (string, error) {
	p = env.resolve(p)
	fi, err := os.Stat(p)
	if err != nil {
		return "", usage("--since: %v", err)
	}
	if !fi.IsDir() {
		return p, nil
	}
	for _, name := range []string{diff.DumpFile, diff.DumpFileGz} {
		if _, err := os.Stat(filepath.Join(p, name)); err == nil {
			return filepath.Join(p, name), nil
		}
	}
	return "", usage("--since: %s has neither %s nor %s", p, diff.DumpFile, diff.DumpFileGz)
}

// loadSince sends only the change from the dump OLD when the target holds OLD and the change
// is small; done is false when the whole dump must be loaded instead (said on stderr).
func loadSince(env *Env, c *cli.Context, opt *store.Options, since string, start time.Time) (done bool, err error) {
	old, err := sincePath(env, since)
	if err != nil {
		return false, err
	}
	ch, err := store.Compare(c.Context, []string{old}, opt.Input.Files, opt.Graph, "")
	switch {
	case errors.Is(err, store.ErrNotSorted):
		fmt.Fprintf(env.Stderr, "--since: %v: loading the whole dump\n", err)
		return false, nil
	case err != nil:
		return false, loadError(err)
	}
	defer ch.Remove()
	if limit := c.Float64("max-change"); float64(ch.Size()) > limit*float64(ch.New) {
		fmt.Fprintf(env.Stderr, "--since: the change (%d triples deleted, %d inserted) is more than %g of the new dump's %d triples: loading the whole dump\n", ch.Deletes, ch.Inserts, limit, ch.New)
		return false, nil
	}
	plan, err := store.NewPatchPlan(opt, ch)
	if err != nil {
		return false, failure(err)
	}
	if c.Bool("dry-run") {
		fmt.Fprintln(env.Stdout, "dry run: nothing is sent to the store")
		fmt.Fprintf(env.Stdout, "change from %s: %d triples deleted, %d inserted (%d triples before, %d after)\n", old, ch.Deletes, ch.Inserts, ch.Old, ch.New)
		fmt.Fprintln(env.Stdout, "would:")
		fmt.Fprint(env.Stdout, plan)
		fmt.Fprintln(env.Stdout, "and, if the graph does not hold the old dump, load the whole dump instead.")
		return true, nil
	}
	res, err := plan.Run(c.Context, *opt)
	reportStale(env, res, opt.Graph)
	if errors.Is(err, store.ErrNotOld) {
		fmt.Fprintf(env.Stderr, "--since: %v: loading the whole dump\n", err)
		return false, nil
	}
	if err != nil {
		return true, loadError(err)
	}
	how := "in one request (DELETE DATA ; INSERT DATA)"
	if len(plan.Temp) > 0 {
		how = fmt.Sprintf("through two staging graphs, applied in one request (%d request(s) in all)", res.Batches+1)
	}
	fmt.Fprintf(env.Stderr, "loaded the change from %s into %s in %v: %d triples deleted, %d inserted %s, %d retried; the store counts %d\n",
		old, opt.Graph, time.Since(start).Round(time.Millisecond), ch.Deletes, ch.Inserts, how, opt.Client.Retries, res.After)
	return true, nil
}
