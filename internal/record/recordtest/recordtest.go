// Package recordtest helps tests put arbitrary strings through the whole record path: it writes
// them into a record file, reads, validates and maps it as coopgraph does, and holds the set of
// valid but hostile strings ("nasty strings") that every writer must carry unchanged.
package recordtest

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/synth"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
	"github.com/piprate/json-gold/ld"
)

// Fields are the free-text and IRI values of a record; the rest of the record is fixed and
// valid. Empty fields are left out of the record.
type Fields struct {
	Name        string
	Lang        string // the language key of Description ("en" when empty)
	Description string
	Website     string
	Street      string
	Locality    string
	Postcode    string
	URL         string // of the one source (a valid one when empty)
	Quote       string
}

// JSON writes a record with id as a JSON document. Strings are written byte for byte (only
// '"', '\' and control characters escaped), so that invalid UTF-8 reaches the reader as it is.
func JSON(id string, f Fields) []byte {
	var b strings.Builder
	str := func(s string) {
		b.WriteByte('"')
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c < 0x20:
				b.WriteString(`\u00`)
				b.WriteByte("0123456789abcdef"[c>>4])
				b.WriteByte("0123456789abcdef"[c&15])
			default:
				b.WriteByte(c)
			}
		}
		b.WriteByte('"')
	}
	field := func(key string) {
		b.WriteString(",\n  ")
		str(key)
		b.WriteString(": ")
	}
	b.WriteString(`{"id": `)
	str(id)
	field("name")
	str(or(f.Name, "Nasty strings co-op"))
	b.WriteString(`, "status": "operating", "sectors": ["data"]`)
	field("description")
	b.WriteString("{")
	str(or(f.Lang, "en"))
	b.WriteString(": ")
	str(or(f.Description, "A record of test strings."))
	b.WriteString("}")
	if f.Website != "" {
		field("website")
		str(f.Website)
	}
	if f.Street+f.Locality+f.Postcode != "" {
		field("location")
		b.WriteString("{")
		sep := ""
		for _, kv := range [][2]string{{"street", f.Street}, {"locality", f.Locality}, {"postcode", f.Postcode}} {
			if kv[1] != "" {
				b.WriteString(sep)
				str(kv[0])
				b.WriteString(": ")
				str(kv[1])
				sep = ", "
			}
		}
		b.WriteString("}")
	}
	field("sources")
	b.WriteString(`[{"url": `)
	str(or(f.URL, "https://wiki.p2pfoundation.net/Platform_Cooperatives"))
	b.WriteString(`, "quote": `)
	str(or(f.Quote, "A quote."))
	b.WriteString("}]\n}\n")
	return []byte(b.String())
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Map reads src as the record file named file, validates it and maps it as coopgraph does
// (pipeline.Path): the record and its triples, or the diagnostics that stop it.
func Map(file string, src []byte) (*record.Record, []rdf.Triple, diag.List) {
	c := path.Check(file, src, nil)
	if c.Record == nil {
		return nil, nil, c.Diags
	}
	return c.Record, c.Triples, nil
}

var path = func() *pipeline.Path {
	v, err := schema.New()
	if err != nil {
		panic(err)
	}
	return &pipeline.Path{Validator: v, Record: record.Options{ThisYear: 2026}, Mapper: mapping.New(vocab.DefaultBase)}
}()

// Expect lists the literals a record of f must hold after mapping, whatever writer and reader
// carried it: the exact input strings (a description under its lower-cased language tag).
func Expect(f Fields) []rdf.Term {
	var out []rdf.Term
	if f.Name != "" {
		out = append(out, rdf.NewString(f.Name))
	}
	if f.Description != "" {
		out = append(out, rdf.NewLangString(f.Description, or(f.Lang, "en")))
	}
	for _, s := range []string{f.Street, f.Locality, f.Postcode, f.Quote} {
		if s != "" {
			out = append(out, rdf.NewString(s))
		}
	}
	for _, s := range []string{f.Website, f.URL} {
		if s != "" {
			out = append(out, rdf.NewIRI(s))
		}
	}
	return out
}

// Nasty are valid strings that look like syntax of the formats written, or that parsers and
// terminals often get wrong; NastyIRIs are valid web addresses some writer might mishandle. The
// set is synth's, which also puts it into synthetic records.
var (
	Nasty     = synth.Nasty
	NastyIRIs = synth.NastyIRIs
)

// Long returns a text of about n bytes with every kind of character of Nasty in it.
func Long(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(Nasty[i%len(Nasty)])
		b.WriteString(" " + strconv.Itoa(i) + " ")
	}
	s := b.String()
	for len(s) > n || !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return strings.TrimSpace(s) + "."
}

// RoundTrip is the body of the writers' fuzz tests. It writes f into a record and puts it
// through the reader, the schema and the record checks: a record they refuse must come with an
// error diagnostic. A record they accept is mapped, written with write and read back with read
// (a parser coopgraph does not own); the graph read must be exactly the mapping's triples, and
// those must hold every input value unchanged. When readable is not nil, the triples it says
// no are left out of the comparison: for documented limits of the reader, never of the writer.
func RoundTrip(t testing.TB, f Fields, write func(io.Writer, []rdf.Triple) error, read func([]byte) (testkit.Graph, error), readable func(rdf.Triple) bool) {
	t.Helper()
	src := JSON("fuzz-record", f)
	rec, triples, l := Map("fuzz-record.json", src)
	if rec == nil {
		if !l.HasErrors() {
			t.Fatalf("record refused without an error: %v", l)
		}
		return
	}
	objects := map[rdf.Term]bool{}
	for _, tr := range triples {
		objects[tr.O] = true
	}
	for _, want := range Expect(f) {
		if !objects[want] {
			t.Fatalf("the mapping does not carry the input value %#v", want)
		}
	}
	var buf bytes.Buffer
	if err := write(&buf, triples); err != nil {
		t.Fatalf("a valid record cannot be written: %v\nrecord: %s", err, src)
	}
	got, err := read(buf.Bytes())
	if err != nil {
		t.Fatalf("the output does not parse: %v\nrecord: %s\noutput:\n%s", err, src, buf.Bytes())
	}
	var expected []rdf.Triple
	for _, tr := range triples {
		if readable == nil || readable(tr) {
			expected = append(expected, tr)
		}
	}
	want, err := testkit.FromTriples(expected)
	if err != nil {
		t.Fatal(err)
	}
	if d := testkit.Diff(want, got); d != "" {
		t.Fatalf("the output reads as another graph:\n%s\nrecord: %s\noutput:\n%s", d, src, buf.Bytes())
	}
}

// GoldReads says whether json-gold keeps a triple when it reads JSON-LD: it silently drops
// every triple with an http(s) IRI that its URL pattern (taken from govalidator: ld.IsURL)
// refuses, though the IRI is well-formed (an underscore in a later label of the host, like
// https://a.b_c.test/; an IPv4 address from 224 up). That is json-gold's limit, not the
// writer's: rapper, Jena, N3.js and jsonld.js read such IRIs (TestNastyStrings in package
// export has one).
func GoldReads(t rdf.Triple) bool {
	for _, term := range []rdf.Term{t.S, t.P, t.O} {
		if term.Kind == rdf.IRI && (strings.HasPrefix(term.Value, "http://") || strings.HasPrefix(term.Value, "https://")) && !ld.IsURL(term.Value) {
			return false
		}
	}
	return true
}

// Synth returns the triples of n synthetic records (package synth, seed 1), read, validated
// and mapped as export does, one record's triples after another in id order: the input of the
// writers' benchmarks.
func Synth(n int) []rdf.Triple {
	g := synth.New(synth.Options{N: n, Seed: 1})
	var out []rdf.Triple
	for i := 0; i < n; i++ {
		rec, ts, l := Map(g.FileName(i), g.Record(nil, i))
		if rec == nil {
			panic(fmt.Sprintf("synthetic record %d is invalid: %v", i, l))
		}
		out = append(out, ts...)
	}
	return out
}

// Bytes returns the size of the strings the triples hold: a rough input size for benchmarks.
func Bytes(ts []rdf.Triple) int64 {
	var n int64
	for _, t := range ts {
		n += int64(len(t.S.Value) + len(t.P.Value) + len(t.O.Value) + len(t.O.Lang) + len(t.O.Datatype))
	}
	return n
}

var benchTriples []rdf.Triple

// BenchmarkEncoder measures a writer on the triples of 2,000 synthetic records, written to
// io.Discard, and reports triples/s and MB/s of output.
func BenchmarkEncoder(b *testing.B, newEncoder func(io.Writer) encode.Encoder) {
	if benchTriples == nil {
		benchTriples = Synth(2000)
	}
	ts := benchTriples
	var out countWriter
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		e := newEncoder(&out)
		for _, t := range ts {
			if err := e.Encode(t); err != nil {
				b.Fatal(err)
			}
		}
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(len(ts))*float64(b.N)/secs, "triples/s")
	b.ReportMetric(float64(out)/1e6/secs, "MB/s")
}

type countWriter int64

func (w *countWriter) Write(p []byte) (int, error) { *w += countWriter(len(p)); return len(p), nil }
