package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func writeFile(t testing.TB, dir, name, content string, gz bool) string {
	t.Helper()
	p := filepath.Join(dir, name)
	b := []byte(content)
	if gz {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		b = buf.Bytes()
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	tA = "<http://a.example/a> <http://a.example/p> \"1\" .\n"
	tB = "<http://a.example/b> <http://a.example/p> \"2\" .\n"
	tC = "<http://a.example/c> <http://a.example/p> \"3\" .\n"
)

// TestScanCountsDistinct: duplicates are counted once, whether neighbours (sorted input, flat
// memory) or far apart (unsorted input, fingerprints), across files and gzip.
func TestScanCountsDistinct(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		files    []string
		lines    int64
		distinct int64
		hashed   bool
	}{
		{"sorted", []string{writeFile(t, dir, "s.nt", tA+tA+tB+tC+tC, false)}, 5, 3, false},
		{"sorted shards", []string{writeFile(t, dir, "x-1.nt.gz", tA+tB, true), writeFile(t, dir, "x-2.nt.gz", tB+tC, true)}, 4, 3, false},
		{"unsorted", []string{writeFile(t, dir, "u.nt", tB+tA+tC+tA+"# c\n"+tB, false)}, 5, 3, true},
		{"unsorted across files", []string{writeFile(t, dir, "y-1.nt", tA+tC, false), writeFile(t, dir, "y-2.nt.gz", tB+tA, true)}, 4, 3, true},
		{"empty", []string{writeFile(t, dir, "e.nt", "# nothing\n", false)}, 0, 0, false},
	}
	for _, tc := range tests {
		in := Input{Files: tc.files, Scope: "http://a.example/g"}
		s, err := in.Scan(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if s.Lines != tc.lines || s.Distinct != tc.distinct || s.Hashed != tc.hashed {
			t.Errorf("%s: got %d lines, %d distinct, hashed %v; want %d, %d, %v", tc.name, s.Lines, s.Distinct, s.Hashed, tc.lines, tc.distinct, tc.hashed)
		}
		var sum int64
		for _, f := range s.Files {
			sum += f.Triples
		}
		if sum != s.Lines || len(s.Files) != len(tc.files) {
			t.Errorf("%s: file summaries %+v", tc.name, s.Files)
		}
	}
}

func TestScanSyntaxErrorNamesFile(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "bad.nt.gz", tA+"<http://a.example/b> <http://a.example/p> \"2\"\n", true)
	_, err := (&Input{Files: []string{p}}).Scan(context.Background())
	if err == nil || !strings.Contains(err.Error(), p+":2:") {
		t.Fatalf("want an error at %s:2, got %v", p, err)
	}
}

// TestSkolem: blank nodes become the same IRIs for the same label and graph, different ones
// for other labels or graphs, under the graph's own origin.
func TestSkolem(t *testing.T) {
	if got := SkolemBase("https://data.example.org/graphs/coops"); got != "https://data.example.org/.well-known/genid/" {
		t.Errorf("SkolemBase: %s", got)
	}
	if got := SkolemBase("urn:x-coops:graph"); !strings.HasPrefix(got, "https://w3id.org/coopgraph/.well-known/genid/") {
		t.Errorf("SkolemBase of a URN: %s", got)
	}
	base := SkolemBase("http://a.example/g")
	a1, a2 := skolemIRI(base, "http://a.example/g", "a"), skolemIRI(base, "http://a.example/g", "a")
	b := skolemIRI(base, "http://a.example/g", "b")
	a3 := skolemIRI(base, "http://a.example/h", "a")
	if a1 != a2 || a1 == b || a1 == a3 || !strings.HasPrefix(a1, base) {
		t.Errorf("skolem IRIs: %s %s %s %s", a1, a2, b, a3)
	}
	dir := t.TempDir()
	p := writeFile(t, dir, "b.nt", "_:x <http://a.example/p> _:y .\n_:y <http://a.example/p> _:x .\n", false)
	in := Input{Files: []string{p}, Scope: "http://a.example/g"}
	s, err := in.Scan(context.Background())
	if err != nil || s.Blanks != 4 || s.Distinct != 2 {
		t.Fatalf("%+v %v", s, err)
	}
}

// TestBatches: every triple is sent once, in batches of the size asked, each wrapped as asked.
func TestBatches(t *testing.T) {
	dir := t.TempDir()
	var src strings.Builder
	for i := 0; i < 25; i++ {
		line := "<http://a.example/s" + string(rune('a'+i)) + "> <http://a.example/p> \"v\" .\n"
		src.WriteString(line)
		if i%5 == 0 {
			src.WriteString(line) // neighbouring duplicates are sent once
		}
	}
	p := writeFile(t, dir, "b.nt", src.String(), false)
	in := Input{Files: []string{p}}
	out := make(chan batch, 10)
	errc := make(chan error, 1)
	go func() { errc <- in.batches(context.Background(), 10, []byte("HEAD\n"), []byte("TAIL\n"), out) }()
	var sizes []int
	var all strings.Builder
	for b := range out {
		sizes = append(sizes, b.triples)
		body := string(b.body)
		if !strings.HasPrefix(body, "HEAD\n") || !strings.HasSuffix(body, "TAIL\n") {
			t.Errorf("batch not wrapped: %q", body)
		}
		all.WriteString(strings.TrimSuffix(strings.TrimPrefix(body, "HEAD\n"), "TAIL\n"))
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if len(sizes) != 3 || sizes[0] != 10 || sizes[1] != 10 || sizes[2] != 5 {
		t.Errorf("batch sizes %v", sizes)
	}
	if strings.Count(all.String(), "\n") != 25 {
		t.Errorf("sent:\n%s", all.String())
	}
}

// BenchmarkScan reads a synthetic sorted dump of 100,000 triples (the counting pass of a load);
// it reports triples/s.
func BenchmarkScan(b *testing.B) {
	var src strings.Builder
	for i := 0; i < 20000; i++ {
		s := "<https://example.org/id/c" + strconv.Itoa(100000+i) + ">"
		src.WriteString(s + " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Organization> .\n")
		src.WriteString(s + " <http://purl.org/dc/terms/source> <https://example.org/src/" + strconv.Itoa(i%100) + "> .\n")
		src.WriteString(s + " <http://schema.org/description> \"A synthetic co-operative with a longer description.\"@en .\n")
		src.WriteString(s + " <http://schema.org/foundingDate> \"1999\"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n")
		src.WriteString(s + " <http://schema.org/name> \"Co-op " + strconv.Itoa(i) + "\" .\n")
	}
	p := writeFile(b, b.TempDir(), "synthetic.nt", src.String(), false)
	in := Input{Files: []string{p}, Scope: "http://a.example/g"}
	b.SetBytes(int64(src.Len()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := in.Scan(context.Background())
		if err != nil || s.Distinct != 100000 || s.Hashed {
			b.Fatalf("%+v %v", s, err)
		}
	}
	b.ReportMetric(float64(100000*b.N)/b.Elapsed().Seconds(), "triples/s")
}
