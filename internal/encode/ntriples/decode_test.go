package ntriples_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

func decodeAll(t testing.TB, data []byte) ([]rdf.Triple, error) {
	t.Helper()
	dec := ntriples.NewDecoder(bytes.NewReader(data))
	var out []rdf.Triple
	for {
		tr, err := dec.Decode()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, tr)
	}
}

// TestDecodeDump reads the committed N-Triples dump and compares with knakk/rdf's decoder.
func TestDecodeDump(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testkit.Root(), "exports", "coops.nt"))
	if err != nil {
		t.Fatal(err)
	}
	ts, err := decodeAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := testkit.FromTriples(ts)
	if err != nil {
		t.Fatal(err)
	}
	want, err := testkit.ParseNTriples(data)
	if err != nil {
		t.Fatal(err)
	}
	if d := testkit.Diff(want, got); d != "" {
		t.Errorf("the decoder reads another graph than knakk:\n%s", d)
	}
	if len(ts) != strings.Count(string(data), "\n") {
		t.Errorf("%d triples from %d lines", len(ts), strings.Count(string(data), "\n"))
	}
}

// TestRoundTrip encodes awkward terms and decodes them back.
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
	got, err := decodeAll(t, buf.Bytes())
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

// TestDecodeForms reads what other writers produce: comments, blank lines, CRLF, \U escapes,
// no space before the final dot.
func TestDecodeForms(t *testing.T) {
	in := "# a comment\r\n\r\n  <http://a/s>\t<http://a/p> \"x\\U0001F600\"@EN.  # trailing\r\n<http://a/s> <http://a/p> _:b.1 .\n<http://a/s> <http://a/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#string> ."
	ts, err := decodeAll(t, []byte(in))
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

func TestSyntaxErrors(t *testing.T) {
	for _, in := range []string{
		`<http://a/s> <http://a/p> "x"`,
		`<http://a/s> <http://a/p> "x`,
		`<http://a/s> "p" "x" .`,
		`<s> <http://a/p> "x" .`,
		`<http://a/s> <http://a/p> "x" . extra`,
		`<http://a/s> <http://a/p> <http://a/o o> .`,
		`<http://a/s> <http://a/p> "x\q" .`,
		`<http://a/s> <http://a/p> "x\uD800" .`,
		`"s" <http://a/p> "x" .`,
		`<http://a/s> <http://a/p> "x"^^"y" .`,
		`<http://a/s> <http://a/p> "x"@ .`,
	} {
		_, err := decodeAll(t, []byte(in+"\n"))
		if !errors.Is(err, ntriples.ErrSyntax) {
			t.Errorf("%s: got %v, want a syntax error", in, err)
		} else if !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%s: error %q names no line", in, err)
		}
	}
}

// FuzzDecode: the decoder never panics, and what it reads survives the encoder and itself.
func FuzzDecode(f *testing.F) {
	f.Add("<http://a/s> <http://a/p> \"x\\n\"@en .\n")
	f.Add("_:a <http://a/p> \"1\"^^<http://a/t> .")
	f.Fuzz(func(t *testing.T, in string) {
		ts, err := decodeAll(t, []byte(in))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		enc := ntriples.NewEncoder(&buf)
		for _, tr := range ts {
			if enc.Encode(tr) != nil {
				return // the encoder refuses terms it cannot write safely (bad tags, labels)
			}
		}
		enc.Close()
		back, err := decodeAll(t, buf.Bytes())
		if err != nil {
			t.Fatalf("re-reading %q: %v", buf.String(), err)
		}
		if len(back) != len(ts) {
			t.Fatalf("%d triples, then %d", len(ts), len(back))
		}
		for i := range ts {
			if back[i] != ts[i] {
				t.Fatalf("%#v became %#v", ts[i], back[i])
			}
		}
	})
}
