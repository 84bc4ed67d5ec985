package ntread_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

// TestReaderReadsEveryLine: every line of the committed dump is one triple.
func TestReaderReadsEveryLine(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testkit.Root(), "exports", "coops.nt"))
	if err != nil {
		t.Fatal(err)
	}
	ts, err := readAll(t, string(data))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); len(ts) != n {
		t.Errorf("%d triples from %d lines", len(ts), n)
	}
}

// TestRoundTrip encodes awkward terms and reads them back.
func TestRoundTrip(t *testing.T) {
	ts := []rdf.Triple{
		{S: rdf.NewIRI("https://ex.org/a"), P: rdf.NewIRI("https://ex.org/p"), O: rdf.NewString("quote \" backslash \\ tab \t newline \n cr \r bell \x07 é 😀")},
		{S: rdf.NewIRI("https://ex.org/a"), P: rdf.NewIRI("https://ex.org/p"), O: rdf.NewLangString("Taiwan", "zh-Hant-TW")},
		{S: rdf.NewIRI("https://ex.org/a?b=c&d"), P: rdf.NewIRI("https://ex.org/p"), O: rdf.NewTyped("2026", "http://www.w3.org/2001/XMLSchema#gYear")},
		{S: rdf.NewBlank("b0"), P: rdf.NewIRI("https://ex.org/p"), O: rdf.NewBlank("b1")},
		{S: rdf.NewIRI("https://ex.org/ü"), P: rdf.NewIRI("https://ex.org/p"), O: rdf.NewIRI("https://ex.org/x#y")},
	}
	var buf bytes.Buffer
	enc := ntriples.NewEncoder(&buf)
	for _, tr := range ts {
		if err := enc.Encode(tr); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := readAll(t, buf.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(got) != len(ts) {
		t.Fatalf("%d triples back, want %d", len(got), len(ts))
	}
	for i := range ts {
		if got[i] != ts[i] {
			t.Errorf("triple %d: got %#v, want %#v", i, got[i], ts[i])
		}
	}
}

// TestReadForms reads what other writers produce: comments, blank lines, CRLF, \U escapes,
// no space before the final dot, no newline at the end.
func TestReadForms(t *testing.T) {
	in := "# a comment\r\n\r\n  <http://a/s>\t<http://a/p> \"x\\U0001F600\"@EN.  # trailing\r\n<http://a/s> <http://a/p> _:b.1 .\n<http://a/s> <http://a/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#string> ."
	ts, err := readAll(t, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []rdf.Triple{
		{S: rdf.NewIRI("http://a/s"), P: rdf.NewIRI("http://a/p"), O: rdf.NewLangString("x😀", "en")},
		{S: rdf.NewIRI("http://a/s"), P: rdf.NewIRI("http://a/p"), O: rdf.NewBlank("b.1")},
		{S: rdf.NewIRI("http://a/s"), P: rdf.NewIRI("http://a/p"), O: rdf.NewString("1")},
	}
	if len(ts) != len(want) {
		t.Fatalf("got %v", ts)
	}
	for i := range want {
		if ts[i] != want[i] {
			t.Errorf("triple %d: got %#v, want %#v", i, ts[i], want[i])
		}
	}
}
