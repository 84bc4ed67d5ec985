package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/store"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/internal/transport"
)

// TestRename: every hundredth record is renamed, in its quotes when quoted; a record whose name
// is a block scalar passes the turn to the next one.
func TestRename(t *testing.T) {
	dir := t.TempDir()
	names := map[string]string{
		"a000.yaml": "name: Plain Co-op",
		"a001.yaml": "name: \"Quoted </script>\"",
		"a002.yaml": "name: >-\n  Folded",
	}
	for f, n := range names {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("id: x\n"+n+"\ntype: t\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		file, want string
		ok         bool
	}{
		{"a000.yaml", "name: Plain Co-op (renamed)\n", true},
		{"a001.yaml", "name: \"Quoted </script> (renamed)\"\n", true},
		{"a002.yaml", "name: >-\n  Folded\n", false},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			ok, err := rename(filepath.Join(dir, tc.file))
			if err != nil || ok != tc.ok {
				t.Fatalf("rename: %v, %v", ok, err)
			}
			b, _ := os.ReadFile(filepath.Join(dir, tc.file))
			if !strings.Contains(string(b), tc.want) {
				t.Errorf("got %q, want it to hold %q", b, tc.want)
			}
		})
	}
}

// TestGraphHash: a graph hashes to the SHA-256 computed here from the dump's triples, though
// its batches are read several at once; two graphs of the store holding the same triples hash
// alike, whatever order they were written in; a graph with one literal changed, or with a
// triple whose subject the dump does not have, does not.
func TestGraphHash(t *testing.T) {
	testkit.External(t, "Virtuoso")
	v, err := testkit.StartVirtuoso(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Stop()
	dump := filepath.Join(t.TempDir(), "coops.nt")
	var lines []string
	// The SHA-256 graphHash must give: the triples as term writes them, each batch of
	// hashBatch subjects (in subject order) sorted, the batches in order.
	const subjects = 2*hashQueries*hashBatch + 50 // more than two rounds of queries
	var batch []string
	want := sha256.New()
	for i := range subjects {
		s := fmt.Sprintf("<https://example.org/id/c%04d>", i)
		lines = append(lines,
			s+` <http://schema.org/name> "Co-op \"`+strconv.Itoa(i)+`\""@en .`,
			s+` <http://schema.org/foundingDate> "2019-0`+strconv.Itoa(1+i%9)+`-01"^^<http://www.w3.org/2001/XMLSchema#date> .`,
			s+` <http://schema.org/url> <https://c`+strconv.Itoa(i)+`.example/> .`)
		batch = append(batch,
			s+` <http://schema.org/name> "Co-op \"`+strconv.Itoa(i)+`\""@en`,
			s+` <http://schema.org/foundingDate> "2019-0`+strconv.Itoa(1+i%9)+`-01"^^<http://www.w3.org/2001/XMLSchema#date>`,
			s+` <http://schema.org/url> <https://c`+strconv.Itoa(i)+`.example/>`)
		if (i+1)%hashBatch == 0 || i == subjects-1 {
			slices.Sort(batch)
			for _, l := range batch {
				io.WriteString(want, l+"\n")
			}
			batch = batch[:0]
		}
	}
	wantHash := hex.EncodeToString(want.Sum(nil))[:16]
	if err := os.WriteFile(dump, []byte("# a comment\n"+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	insert := func(graph string, ls []string) {
		t.Helper()
		for len(ls) > 0 {
			n := min(200, len(ls))
			if out, err := v.ISQL("SPARQL INSERT DATA { GRAPH <" + graph + "> { " + strings.Join(ls[:n], "\n") + " } };"); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			ls = ls[n:]
		}
	}
	reversed := slices.Clone(lines)
	slices.Reverse(reversed)
	changed := slices.Clone(lines)
	changed[2*699] = strings.Replace(changed[2*699], "Co-op", "Coop", 1) // c0466's name
	if changed[2*699] == lines[2*699] {
		t.Fatal("the change changed nothing")
	}
	insert("urn:a", lines)
	insert("urn:b", reversed)
	insert("urn:c", changed)
	insert("urn:d", append(slices.Clone(lines), `<https://example.org/id/other> <http://schema.org/name> "x" .`))

	c := store.NewClient(&transport.Client{HTTP: &http.Client{Timeout: time.Minute}, Retry: transport.Retry{Attempts: 1}})
	ctx := context.Background()
	found, err := dumpSubjects(dump)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != subjects {
		t.Fatalf("dumpSubjects found %d subjects, want %d", len(found), subjects)
	}
	hash := func(graph string, count int64) (string, error) {
		return graphHash(ctx, c, v.URL("/sparql"), graph, found, count)
	}
	n := int64(len(lines))
	a, err := hash("urn:a", n)
	if err != nil {
		t.Fatal(err)
	}
	if a != fmt.Sprintf("%s (%d triples)", wantHash, n) {
		t.Errorf("the graph hashes to %s, want %s (%d triples)", a, wantHash, n)
	}
	if b, err := hash("urn:b", n); err != nil || b != a {
		t.Errorf("the same triples written in another order: %s (%v), want %s", b, err, a)
	}
	if h, err := hash("urn:c", n); err != nil || h == a {
		t.Errorf("one literal changed: %s (%v), want another hash than %s", h, err, a)
	}
	if h, err := hash("urn:d", n+1); err == nil {
		t.Errorf("a triple of a subject the dump lacks: hashed to %s", h)
	}
	if !strings.HasSuffix(a, fmt.Sprintf("(%d triples)", n)) {
		t.Errorf("hash %q does not say how many triples", a)
	}
}

// A PUT the store refused is printed as refused, with no ratio made of a zero time; a PUT that
// ran gets its ratio.
func TestWriteLoadTextRefusedPUT(t *testing.T) {
	rows := []LoadRow{
		{Records: 1000, Triples: 34000, Deleted: 20, Added: 20, Full: 10, Since: 0.2, PUT: 4, Count: 34000},
		{Records: 2000, Triples: 68000, Deleted: 40, Added: 40, Full: 20, Since: 0.5, PUTNote: "refused: curl: (22) The requested URL returned error: 500", Count: 68000},
	}
	var b strings.Builder
	if err := WriteLoadText(&b, rows); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"0.40 (≥0.80)", // 4 s of PUT over 10 s of load
		"0.020 (≤0.05)",
		"refused",
		"n/a",
		"2000 records: full load 3400 triples/s (0.0 s of it the MOVE), one GSP PUT refused: curl: (22)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Inf") || strings.Contains(out, "NaN") {
		t.Errorf("a ratio of a missing time printed:\n%s", out)
	}
}
