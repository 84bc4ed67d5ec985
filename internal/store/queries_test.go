package store_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/store"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
)

var update = flag.Bool("update", false, "rewrite vocab/queries/*.expected.tsv from Jena TDB2's answers")

// exampleQueries returns the example queries, each with its expected answer file.
func exampleQueries(t *testing.T) []string {
	t.Helper()
	qs, err := filepath.Glob(filepath.Join(testkit.Root(), "vocab", "queries", "*.rq"))
	if err != nil || len(qs) < 6 {
		t.Fatalf("example queries: %v %v", qs, err)
	}
	return qs
}

func expectedFile(q string) string { return strings.TrimSuffix(q, ".rq") + ".expected.tsv" }

// table is a SPARQL result in the TSV results format: a header and rows, compared as sorted
// rows (ORDER BY on strings differs between stores: Virtuoso and Jena sort "all-bnb" apart).
type table struct {
	header string
	rows   []string
}

func parseTSV(s string) table {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	tb := table{header: lines[0], rows: slices.Clone(lines[1:])}
	slices.Sort(tb.rows)
	return tb
}

func (tb table) String() string {
	return tb.header + "\n" + strings.Join(tb.rows, "\n") + "\n"
}

func diffTables(want, got table) string {
	if want.String() == got.String() {
		return ""
	}
	return fmt.Sprintf("want:\n%sgot:\n%s", want, got)
}

var (
	integerRE = regexp.MustCompile(`^[+-]?[0-9]+$`)
	decimalRE = regexp.MustCompile(`^[+-]?[0-9]*\.[0-9]+$`)
)

// tsvTerm writes a SPARQL JSON binding the way the TSV results format (and Jena) writes terms:
// <iri>, "string", "text"@lang, bare integers and decimals, "lexical"^^<datatype>.
func tsvTerm(b store.Binding) string {
	switch b.Type {
	case "uri":
		return "<" + b.Value + ">"
	case "bnode":
		return "_:" + b.Value
	}
	q := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(b.Value) + `"`
	switch {
	case b.Lang != "":
		return q + "@" + b.Lang
	case b.Datatype == "" || b.Datatype == vocab.XSDString:
		return q
	case b.Datatype == vocab.XSDInteger && integerRE.MatchString(b.Value),
		b.Datatype == vocab.XSDDecimal && decimalRE.MatchString(b.Value):
		return b.Value
	}
	return q + "^^<" + b.Datatype + ">"
}

func resultsTable(r *store.Results) table {
	tb := table{header: "?" + strings.Join(r.Head.Vars, "\t?")}
	for _, sol := range r.Results.Bindings {
		cells := make([]string, len(r.Head.Vars))
		for i, v := range r.Head.Vars {
			if b, ok := sol[v]; ok {
				cells[i] = tsvTerm(b)
			}
		}
		tb.rows = append(tb.rows, strings.Join(cells, "\t"))
	}
	slices.Sort(tb.rows)
	return tb
}

// TestExampleQueriesTDB2 loads the directory's dump, as shards, into Jena TDB2 with
// tdb2.tdbloader and runs every example query with tdb2.tdbquery: each answer is the one kept
// beside the query.
func TestExampleQueriesTDB2(t *testing.T) {
	if _, err := os.Stat("/usr/share/java/jena-tdb2.jar"); err != nil {
		testkit.Missing(t, "Apache Jena TDB2 (libapache-jena-java) is not installed")
	}
	testkit.Tool(t, "java")
	jena := filepath.Join(testkit.Root(), ".ci", "jena.sh")
	if os.Getenv("JENA_JVM_ARGS") == "" {
		// Short-lived JVMs: start fast rather than run fast.
		t.Setenv("JENA_JVM_ARGS", "-Xss8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
	}
	// Load the dump's shards, as a bulk load of a big directory would.
	shards, _ := filepath.Glob(filepath.Join(exportDump(t, dataDir(), 100), "coops-*.nt.gz"))
	if len(shards) < 2 {
		t.Fatalf("shards: %v", shards)
	}
	db := filepath.Join(t.TempDir(), "tdb2")
	args := append([]string{"tdb2.tdbloader", "--loader=parallel", "--loc", db}, shards...)
	if out, err := exec.Command(jena, args...).CombinedOutput(); err != nil {
		t.Fatalf("tdb2.tdbloader: %v\n%s", err, out)
	}
	for _, q := range exampleQueries(t) {
		t.Run(filepath.Base(q), func(t *testing.T) {
			cmd := exec.Command(jena, "tdb2.tdbquery", "--loc", db, "--query", q, "--results=TSV")
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("tdb2.tdbquery: %v\n%s", err, stderr.String())
			}
			got := parseTSV(string(out))
			if *update {
				if err := os.WriteFile(expectedFile(q), []byte(got.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := parseTSV(readExpected(t, q))
			if d := diffTables(want, got); d != "" {
				t.Errorf("%s through TDB2 differs from %s (refresh with go test ./internal/store -run ExampleQueries -update after checking the new answers):\n%s", filepath.Base(q), filepath.Base(expectedFile(q)), d)
			}
			if len(got.rows) == 0 {
				t.Errorf("%s has no answer on today's data", filepath.Base(q))
			}
		})
	}
}

// TestExampleQueriesVirtuoso loads the directory's dump into Virtuoso with coopgraph load and
// runs every example query against that graph: each answer is the one kept beside the query.
func TestExampleQueriesVirtuoso(t *testing.T) {
	v := virtuoso(t)
	dump := filepath.Join(exportDump(t, dataDir(), 0), "coops.nt")
	graph := newGraph(t)
	mustLoad(t, v, graph, dump)
	for _, q := range exampleQueries(t) {
		t.Run(filepath.Base(q), func(t *testing.T) {
			text, err := os.ReadFile(q)
			if err != nil {
				t.Fatal(err)
			}
			got := resultsTable(sparql(t, v, string(text), graph))
			want := parseTSV(readExpected(t, q))
			if d := diffTables(want, got); d != "" {
				t.Errorf("%s through Virtuoso differs from %s:\n%s", filepath.Base(q), filepath.Base(expectedFile(q)), d)
			}
		})
	}
}

func readExpected(t *testing.T, q string) string {
	t.Helper()
	b, err := os.ReadFile(expectedFile(q))
	if err != nil {
		t.Fatalf("%v (write it with go test ./internal/store -run ExampleQueriesTDB2 -update, then check it by hand)", err)
	}
	return string(b)
}
