package export_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
	krdf "github.com/knakk/rdf"
)

func dataDir() string { return filepath.Join(testkit.Root(), "data", "coops") }

func exportTo(t *testing.T, inputs []string, out string) export.Result {
	t.Helper()
	res, err := export.Run(export.Options{
		Inputs: inputs, Out: out, Base: vocab.DefaultBase,
		Formats: format.RDF(format.Defaults()), Record: record.Options{ThisYear: 2026},
	})
	if err != nil {
		t.Fatalf("export: %v\n%v", err, res.Diags)
	}
	return res
}

// mapped returns the triples the mapping produces for the records, straight from the pipeline.
func mapped(t *testing.T, inputs []string) testkit.Graph {
	t.Helper()
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	set, _ := pipeline.Scan(inputs)
	// The dumps open with the dataset's description, then the co-ops.
	g, err := testkit.FromTriples(export.DirectoryDescription(mapping.New(vocab.DefaultBase)))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = pipeline.Run(set, v, pipeline.Options{Mapper: mapping.New(vocab.DefaultBase), Record: record.Options{ThisYear: 2026}}, func(it *pipeline.Item) error {
		for _, tr := range it.Triples {
			if err := g.Add(tr); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func read(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDumpsHoldTheSameGraph parses the three dumps of the real directory with knakk/rdf's
// decoders and json-gold and compares them with each other and with the mapping's own triples.
func TestDumpsHoldTheSameGraph(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exports")
	exportTo(t, []string{dataDir()}, out)
	want := mapped(t, []string{dataDir()})
	if want.Len() < 300 {
		t.Fatalf("only %d triples mapped from the directory", want.Len())
	}
	nt, err := testkit.ParseNTriples(read(t, filepath.Join(out, "coops.nt")))
	if err != nil {
		t.Fatalf("knakk N-Triples: %v", err)
	}
	ttl, err := testkit.ParseTurtle(read(t, filepath.Join(out, "coops.ttl")))
	if err != nil {
		t.Fatalf("knakk Turtle: %v", err)
	}
	jl, err := testkit.JSONGold(read(t, filepath.Join(out, "coops.jsonld")))
	if err != nil {
		t.Fatalf("json-gold: %v", err)
	}
	for name, g := range map[string]testkit.Graph{"coops.nt (knakk)": nt, "coops.ttl (knakk)": ttl, "coops.jsonld (json-gold)": jl} {
		if d := testkit.Diff(want, g); d != "" {
			t.Errorf("%s differs from the mapping:\n%s", name, d)
		}
	}
}

// TestIndependentParsers reads every dump with rapper, Apache Jena riot and the JavaScript
// parsers: each must parse without error and give exactly the mapping's graph.
func TestIndependentParsers(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exports")
	exportTo(t, []string{dataDir()}, out)
	want := mapped(t, []string{dataDir()})
	type parser struct {
		name  string
		parse func(testing.TB, string) testkit.Graph
		files []string
	}
	for _, p := range []parser{
		{"rapper", testkit.Rapper, []string{"coops.ttl", "coops.nt"}},
		{"riot", testkit.Riot, []string{"coops.ttl", "coops.nt", "coops.jsonld"}},
		{"js", testkit.JS, []string{"coops.ttl", "coops.nt", "coops.jsonld"}},
	} {
		for _, f := range p.files {
			t.Run(p.name+"/"+f, func(t *testing.T) {
				g := p.parse(t, filepath.Join(out, f))
				if d := testkit.Diff(want, g); d != "" {
					t.Errorf("%s reads %s as another graph:\n%s", p.name, f, d)
				}
			})
		}
	}
}

// TestBrokenDumpsAreCaught shows that the checks above can fail: a dump with a syntax error or
// with one triple changed is rejected or reported as a different graph by every parser.
func TestBrokenDumpsAreCaught(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exports")
	exportTo(t, []string{dataDir()}, out)
	want := mapped(t, []string{dataDir()})
	broken := t.TempDir()
	ttl := string(read(t, filepath.Join(out, "coops.ttl")))
	nt := string(read(t, filepath.Join(out, "coops.nt")))
	jl := string(read(t, filepath.Join(out, "coops.jsonld")))
	cases := []struct {
		file, content string
		syntax        bool // a syntax error, not just another graph
	}{
		{"syntax.ttl", strings.Replace(ttl, " ;\n", " \n", 1), true},
		{"syntax.nt", strings.Replace(nt, "> <", " <", 1), true}, // rapper tolerates a missing final dot, not this
		{"changed.ttl", strings.Replace(ttl, "Stocksy United", "Stocksy Untied", 1), false},
		{"changed.nt", strings.Replace(nt, "Stocksy United", "Stocksy Untied", 1), false},
		{"changed.jsonld", strings.Replace(jl, `"sectors": ["photography"]`, `"sectors": ["music"]`, 1), false},
	}
	for _, c := range cases {
		if c.content == ttl || c.content == nt || c.content == jl {
			t.Fatalf("%s: the mutation did not apply", c.file)
		}
		p := filepath.Join(broken, c.file)
		if err := os.WriteFile(p, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		var parsers []func(testing.TB, string) testkit.Graph
		if !strings.HasSuffix(c.file, ".jsonld") {
			parsers = append(parsers, testkit.Rapper)
		}
		parsers = append(parsers, testkit.Riot, testkit.JS)
		for i, parse := range parsers {
			ft := &failRecorder{TB: t}
			func() {
				defer func() { recover() }()
				g := parse(ft, p)
				if !ft.failed && testkit.Diff(want, g) == "" {
					t.Errorf("%s: parser %d accepted the broken dump as the same graph", c.file, i)
				}
			}()
			if c.syntax && !ft.failed {
				t.Errorf("%s: parser %d did not report the syntax error", c.file, i)
			}
		}
	}
}

// failRecorder turns Fatalf into a recorded failure (and a panic to stop the parser helper).
type failRecorder struct {
	testing.TB
	failed bool
}

func (f *failRecorder) Fatalf(format string, args ...any) {
	f.failed = true
	panic("stop")
}

// TestExportIsDeterministic exports twice and compares the bytes, and compares with the dumps
// committed in exports/ (which `make export` must leave unchanged).
func TestExportIsDeterministic(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a")
	b := filepath.Join(t.TempDir(), "b")
	exportTo(t, []string{dataDir()}, a)
	exportTo(t, []string{dataDir()}, b)
	committed := filepath.Join(testkit.Root(), "exports")
	for _, f := range []string{"coops.ttl", "coops.nt", "coops.jsonld"} {
		x, y := read(t, filepath.Join(a, f)), read(t, filepath.Join(b, f))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two exports of the same records", f)
		}
		if len(x) == 0 || x[len(x)-1] != '\n' {
			t.Errorf("%s does not end with a newline", f)
		}
		if c, err := os.ReadFile(filepath.Join(committed, f)); err != nil || !bytes.Equal(c, x) {
			t.Errorf("exports/%s is not what the records give now: run make export", f)
		}
	}
}

// TestNTriplesAreSorted checks the documented order of the dumps: by subject, predicate
// (rdf:type first), object, with no triple twice.
func TestNTriplesAreSorted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exports")
	exportTo(t, []string{dataDir()}, out)
	ts, err := testkit.KnakkTriples(bytes.NewReader(read(t, filepath.Join(out, "coops.nt"))), krdf.NTriples)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(ts); i++ {
		if rdf.CompareTriples(ts[i-1], ts[i]) >= 0 {
			t.Fatalf("line %d is not after line %d: %v / %v", i+1, i, ts[i-1], ts[i])
		}
	}
}
