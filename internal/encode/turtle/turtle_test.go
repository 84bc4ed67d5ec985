package turtle_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/turtle"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestGolden(t *testing.T) {
	var buf bytes.Buffer
	e := turtle.NewEncoder(&buf, turtle.Options{Header: []string{"Two co-ops for a golden file."}})
	for _, tr := range testkit.SmallTriples() {
		if err := e.Encode(tr); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	golden := "testdata/small.ttl"
	if *update {
		os.WriteFile(golden, buf.Bytes(), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("output differs from %s (go test -update to accept):\n%s", golden, buf.Bytes())
	}
}

func TestSafeLocal(t *testing.T) {
	for s, want := range map[string]bool{
		"name": true, "Organization": true, "labor-brokerage": true, "_x": true, "OS60": true,
		"": false, "1st": false, "-x": false, "a.b": false, "a:b": false, "a%20": false, "a/b": false, "é": false, "a#b": false,
	} {
		if got := turtle.SafeLocal(s); got != want {
			t.Errorf("SafeLocal(%q) = %v", s, got)
		}
	}
}

func TestLongestPrefixWins(t *testing.T) {
	var buf bytes.Buffer
	e := turtle.NewEncoder(&buf, turtle.Options{})
	e.Encode(rdf.Triple{S: rdf.NewIRI("http://a.example/s"), P: rdf.NewIRI(vocab.CoopSector), O: rdf.NewIRI(vocab.SectorNamespace + "music")})
	e.Close()
	if !strings.Contains(buf.String(), "coop:sector sector:music") {
		t.Errorf("want coop:sector sector:music in\n%s", buf.String())
	}
}

func TestHeaderCannotBreakOutOfComments(t *testing.T) {
	var buf bytes.Buffer
	e := turtle.NewEncoder(&buf, turtle.Options{Header: []string{"line\r<http://evil.example/s> <http://evil.example/p> <http://evil.example/o> ."}})
	e.Close()
	g, err := testkit.ParseTurtle(buf.Bytes())
	if err != nil || g.Len() != 0 {
		t.Errorf("a header added triples: %v %v", g, err)
	}
}

func TestRefusesWhatItCannotWrite(t *testing.T) {
	for _, tr := range []rdf.Triple{
		{S: rdf.NewIRI("http://a.example/s p"), P: rdf.NewIRI("http://a.example/p"), O: rdf.NewString("x")},
		{S: rdf.NewIRI("http://a.example/s"), P: rdf.NewIRI("http://a.example/p"), O: rdf.NewLangString("x", "en us")},
		{S: rdf.NewString("lit"), P: rdf.NewIRI("http://a.example/p"), O: rdf.NewString("x")},
		{S: rdf.NewBlank("b 1"), P: rdf.NewIRI("http://a.example/p"), O: rdf.NewString("x")},
	} {
		var buf bytes.Buffer
		e := turtle.NewEncoder(&buf, turtle.Options{})
		err := e.Encode(tr)
		if err == nil {
			t.Errorf("Encode(%v) accepted", tr)
		}
		if cerr := e.Close(); !errors.Is(cerr, err) {
			t.Errorf("Close returned %v, want the first error %v", cerr, err)
		}
		_ = encode.ErrBadIRI
	}
}
