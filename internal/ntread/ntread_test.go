package ntread_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/ntread"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
)

func readAll(t *testing.T, src string) ([]rdf.Triple, error) {
	t.Helper()
	r := ntread.NewReader(strings.NewReader(src), "in.nt")
	var out []rdf.Triple
	for r.Next() {
		out = append(out, r.Triple())
	}
	return out, r.Err()
}

func TestReaderTerms(t *testing.T) {
	s, p := rdf.NewIRI("http://example.org/s"), rdf.NewIRI("http://example.org/p")
	tests := []struct {
		line string
		want rdf.Term
	}{
		{`<http://example.org/s> <http://example.org/p> <http://example.org/o> .`, rdf.NewIRI("http://example.org/o")},
		{`<http://example.org/s> <http://example.org/p> "plain" .`, rdf.NewString("plain")},
		{`<http://example.org/s>	<http://example.org/p>	"tabs"	.`, rdf.NewString("tabs")},
		{`<http://example.org/s> <http://example.org/p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .`, rdf.NewString("x")},
		{`<http://example.org/s> <http://example.org/p> "2013"^^<http://www.w3.org/2001/XMLSchema#gYear> .`, rdf.NewTyped("2013", vocab.XSDGYear)},
		{`<http://example.org/s> <http://example.org/p> "Grüß"@de-AT .`, rdf.NewLangString("Grüß", "de-at")},
		{`<http://example.org/s> <http://example.org/p> "a\"b\\c\n\t\u00e9\U0001F600" .`, rdf.NewString("a\"b\\c\n\té\U0001F600")},
		{`<http://example.org/s> <http://example.org/p> "" .`, rdf.NewString("")},
		{`<http://example.org/s> <http://example.org/p> _:b1.`, rdf.NewBlank("b1")},
		{`<http://example.org/s> <http://example.org/p> _:b.1.x .`, rdf.NewBlank("b.1.x")},
		{`<http://example.org/s> <http://example.org/p> <http://example.org/\u00E9> . # comment`, rdf.NewIRI("http://example.org/é")},
	}
	for _, tc := range tests {
		got, err := readAll(t, tc.line+"\n")
		if err != nil {
			t.Errorf("%s: %v", tc.line, err)
			continue
		}
		if len(got) != 1 || got[0].S != s || got[0].P != p || got[0].O != tc.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.line, got, tc.want)
		}
	}
}

func TestReaderSkipsBlankAndCommentLines(t *testing.T) {
	got, err := readAll(t, "# header\n\n   \n<http://a.example/s> <http://a.example/p> \"x\" .\r\n\t# more\n<http://a.example/s> <http://a.example/p> \"y\" .")
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d triples, %v", len(got), err)
	}
}

// TestReaderErrors: what is not N-Triples is refused with its line, column (in characters)
// and byte offset in the file.
func TestReaderErrors(t *testing.T) {
	tests := []struct {
		src  string
		line int
		col  int
		off  int
		msg  string
	}{
		{"<http://a.example/s> <http://a.example/p> \"x\"", 1, 46, 45, "expected '.'"},
		{"\n<s> <http://a.example/p> \"x\" .", 2, 1, 1, "bad IRI <s>"},
		{"# c\r\n<s> <http://a.example/p> \"x\" .", 2, 1, 5, "bad IRI <s>"},
		{"<http://a.example/s> <http://a.example/p> \"x\" . <http://a.example/o>", 1, 49, 48, "after the triple"},
		{"<http://a.example/s> \"p\" \"x\" .", 1, 22, 21, "expected a predicate"},
		{"<http://a.example/s> <http://a.example/p> <http://a.example/a b> .", 1, 62, 61, "not allowed in an IRI"},
		{"<http://a.example/s> <http://a.example/p> \"x\"@ .", 1, 47, 46, "language tag"},
		{"<http://a.example/s> <http://a.example/p> \"x\"@1en .", 1, 47, 46, "language tag"},
		{"<http://a.example/s> <http://a.example/p> \"\\q\" .", 1, 44, 43, "unknown escape"},
		{"<http://a.example/s> <http://a.example/p> \"\\uD800\" .", 1, 44, 43, "not a Unicode scalar"},
		{"<http://a.example/s> <http://a.example/p> \"x .", 1, 47, 46, "not closed"},
		{"_: <http://a.example/p> \"x\" .", 1, 3, 2, "blank node"},
		{"@prefix ex: <http://a.example/> .", 1, 1, 0, "expected a subject"},
		{"<http://a.example/s> <http://a.example/p> \"x\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .", 1, 0, 0, "langString"},
		{"<http://a.example/s> <http://a.example/p> \"\xff\" .", 1, 0, 0, "UTF-8"},
		// Columns count characters, offsets bytes: "é" is one column and two bytes.
		{"<http://a.example/s> <http://a.example/p> \"é\" .\n<http://a.example/é> <http://a.example/p> \"é\" x", 2, 47, 49 + 48, "expected '.'"},
		{"<http://a.example/s> <http://a.example/p> \"x\"", 1, 46, 45, "expected '.'"},
		{"<http://a/s> <http://a/p> \"x", 1, 0, 0, "not closed"},
		{"<http://a/s> \"p\" \"x\" .", 1, 0, 0, "predicate"},
		{"<http://a/s> <http://a/p> \"x\"^^\"y\" .", 1, 0, 0, "datatype"},
		{"\"s\" <http://a/p> \"x\" .", 1, 0, 0, "subject"},
		{"_:a-b <http://a/p> _:-x .", 1, 0, 0, "blank node"},
	}
	for _, tc := range tests {
		t.Run(tc.msg, func(t *testing.T) {
			_, err := readAll(t, tc.src)
			var se *ntread.SyntaxError
			if !errors.As(err, &se) || !errors.Is(err, ntread.ErrSyntax) {
				t.Fatalf("%q: want a syntax error, got %v", tc.src, err)
			}
			if se.File != "in.nt" || se.Pos.Line != tc.line || (tc.col > 0 && se.Pos.Col != tc.col) || (tc.off > 0 && se.Pos.Offset != tc.off) || !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("%q: got %v (offset %d), want line %d col %d offset %d %q", tc.src, err, se.Pos.Offset, tc.line, tc.col, tc.off, tc.msg)
			}
			if want := fmt.Sprintf("in.nt:%d:%d: ", se.Pos.Line, se.Pos.Col); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("%q: error %q does not start with %q", tc.src, err, want)
			}
		})
	}
}

// TestReaderLongLine: a line longer than MaxLine is refused, not held.
func TestReaderLongLine(t *testing.T) {
	src := "<http://a/s> <http://a/p> \"x\" .\n<http://a/s> <http://a/p> \"" + strings.Repeat("y", ntread.MaxLine) + "\" .\n"
	_, err := readAll(t, src)
	var se *ntread.SyntaxError
	if !errors.As(err, &se) || se.Pos.Line != 2 || !strings.Contains(se.Msg, "longer than") {
		t.Fatalf("got %v", err)
	}
}

// TestReaderAgreesWithKnakk reads the real dump with this reader and with knakk/rdf's decoder.
func TestReaderAgreesWithKnakk(t *testing.T) {
	p := filepath.Join(testkit.Root(), "exports", "coops.nt")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	want, err := testkit.ParseNTriples(b)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := readAll(t, string(b))
	if err != nil {
		t.Fatal(err)
	}
	got, err := testkit.FromTriples(ts)
	if err != nil {
		t.Fatal(err)
	}
	if d := testkit.Diff(want, got); d != "" || got.Len() < 300 {
		t.Fatalf("%d triples; differences:\n%s", got.Len(), d)
	}
}

// FuzzReader: the reader never panics; whatever it accepts, it reads back the same from its
// canonical N-Triples form (as the encoder writes it), and knakk/rdf's decoder reads that form
// to the same triple.
func FuzzReader(f *testing.F) {
	f.Add(`<http://a.example/s> <http://a.example/p> "x\u0001\"y"@en .`)
	f.Add(`_:a <http://a.example/p> _:b.`)
	f.Add(`<http://a.example/s> <http://a.example/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .`)
	f.Add("# c\r\n<http://a/s>\t<http://a/p> \"x\\U0001F600\"@EN.  # trailing\r\n")
	f.Add("_:a <http://a/p> \"1\"^^<http://a/t> .\n<http://a/s> <http://a/p> _:b.1 .")
	f.Fuzz(func(t *testing.T, line string) {
		ts, err := readAll(t, line)
		if err != nil {
			return
		}
		for _, tr := range ts {
			b, err := ntriples.AppendTriple(nil, tr)
			if tr.S.Kind == rdf.Blank || tr.O.Kind == rdf.Blank {
				if err != nil {
					continue // labels the writer refuses are made skolem IRIs before writing
				}
			} else if err != nil {
				t.Fatalf("cannot write %+v back: %v", tr, err)
			}
			again, err := readAll(t, string(b))
			if err != nil || len(again) != 1 || again[0] != tr {
				t.Fatalf("%q read back as %+v, %v", b, again, err)
			}
			if tr.S.Kind == rdf.Blank || tr.O.Kind == rdf.Blank {
				continue // knakk/rdf renames blank nodes: the graphs would not compare
			}
			g, err := testkit.ParseNTriples(b)
			if err != nil {
				t.Fatalf("knakk refuses %q: %v", b, err)
			}
			want, _ := testkit.FromTriples([]rdf.Triple{tr})
			if d := testkit.Diff(want, g); d != "" {
				t.Fatalf("knakk reads %q differently:\n%s", b, d)
			}
		}
	})
}
