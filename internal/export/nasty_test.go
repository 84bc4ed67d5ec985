package export_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record/recordtest"
	"github.com/coopgraph/coopgraph/internal/testkit"
	krdf "github.com/knakk/rdf"
)

// nastyRecords writes one record per nasty string, with the string in every text field (and a
// nasty IRI as website and source), plus one with a 100 kB description, and returns the folder
// and the values each record must carry.
func nastyRecords(t *testing.T) (string, map[string]recordtest.Fields) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "records")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	want := map[string]recordtest.Fields{}
	langs := []string{"en", "de", "zh-Hant-TW", "ar", "x-private", "sr-Latn-RS"}
	for i, s := range recordtest.Nasty {
		id := fmt.Sprintf("nasty-%02d", i)
		want[id] = recordtest.Fields{
			Name: s, Lang: langs[i%len(langs)], Description: s,
			Website: recordtest.NastyIRIs[i%len(recordtest.NastyIRIs)],
			Street:  s, Locality: s, Postcode: s,
			URL:   recordtest.NastyIRIs[(i+1)%len(recordtest.NastyIRIs)],
			Quote: s,
		}
	}
	want["nasty-long"] = recordtest.Fields{Name: "A long description", Description: recordtest.Long(100_000), Quote: recordtest.Long(15_000)}
	for id, f := range want {
		if err := os.WriteFile(filepath.Join(dir, id+".json"), recordtest.JSON(id, f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, want
}

// TestNastyStrings exports records full of strings that look like Turtle, N-Triples or
// JSON-LD, or that parsers often get wrong, and reads every dump back with every independent
// parser: each must give exactly the mapping's triples (so no string added, removed or changed
// a triple), and those hold every input string unchanged.
func TestNastyStrings(t *testing.T) {
	in, fields := nastyRecords(t)
	out := filepath.Join(t.TempDir(), "exports")
	res := exportTo(t, []string{in}, out)
	for _, d := range res.Diags {
		if d.Code != "duplicate-website" { // the records share a few websites
			t.Fatalf("nasty but valid records got diagnostics: %v", d.Error())
		}
	}
	want := mapped(t, []string{in})

	// The mapping holds the input strings exactly.
	nt := read(t, filepath.Join(out, "coops.nt"))
	ts, err := testkit.KnakkTriples(bytes.NewReader(nt), krdf.NTriples)
	if err != nil {
		t.Fatal(err)
	}
	objects := map[rdf.Term]bool{}
	for _, tr := range ts {
		objects[tr.O] = true
		for _, term := range []rdf.Term{tr.S, tr.P, tr.O} {
			if term.Kind == rdf.IRI && strings.Contains(term.Value, "evil.example") {
				t.Errorf("a string became a term: %v", tr)
			}
		}
	}
	for id, f := range fields {
		for _, term := range recordtest.Expect(f) {
			if !objects[term] {
				t.Errorf("%s: %q is not in the dump unchanged", id, term.Value)
			}
		}
	}

	type parser struct {
		name  string
		parse func(testing.TB, string) testkit.Graph
	}
	inProcess := func(p func([]byte) (testkit.Graph, error)) func(testing.TB, string) testkit.Graph {
		return func(t testing.TB, file string) testkit.Graph {
			g, err := p(read(t.(*testing.T), file))
			if err != nil {
				t.Fatalf("%v", err)
			}
			return g
		}
	}
	// json-gold drops triples with web addresses its URL pattern refuses (see
	// recordtest.GoldReads): compare what it reads with the rest.
	var goldable []rdf.Triple
	for _, tr := range ts {
		if recordtest.GoldReads(tr) {
			goldable = append(goldable, tr)
		}
	}
	if len(goldable) == len(ts) {
		t.Error("no web address json-gold drops: the parsers are not shown to read them")
	}
	goldWant, err := testkit.FromTriples(goldable)
	if err != nil {
		t.Fatal(err)
	}
	goldParse := func(t testing.TB, file string) testkit.Graph {
		g := inProcess(testkit.JSONGold)(t, file)
		if d := testkit.Diff(goldWant, g); d != "" {
			t.Fatalf("json-gold reads %s as another graph:\n%s", file, d)
		}
		return want
	}
	for _, c := range []struct {
		file    string
		parsers []parser
	}{
		{"coops.nt", []parser{{"knakk", inProcess(testkit.ParseNTriples)}, {"rapper", testkit.Rapper}, {"riot", testkit.Riot}, {"N3.js", testkit.JS}}},
		{"coops.ttl", []parser{{"knakk", inProcess(testkit.ParseTurtle)}, {"rapper", testkit.Rapper}, {"riot", testkit.Riot}, {"N3.js", testkit.JS}}},
		{"coops.jsonld", []parser{{"json-gold", goldParse}, {"riot", testkit.Riot}, {"jsonld.js", testkit.JS}}},
	} {
		for _, p := range c.parsers {
			t.Run(p.name+"/"+c.file, func(t *testing.T) {
				g := p.parse(t, filepath.Join(out, c.file))
				if d := testkit.Diff(want, g); d != "" {
					t.Errorf("%s reads %s as another graph:\n%s", p.name, c.file, d)
				}
			})
		}
	}
}
