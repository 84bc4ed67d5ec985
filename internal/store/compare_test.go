package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/ntread"
)

// TestCompare: the change between two sorted dumps, plain or gzip, is the triples only in the
// old (deleted) and only in the new (inserted), whatever the files' comment lines and line
// ends; a dump out of order is refused with ErrNotSorted and a bad line with its position.
func TestCompare(t *testing.T) {
	const (
		a = "<http://a.example/a> <http://a.example/p> \"1\" .\n"
		b = "<http://a.example/b> <http://a.example/p> \"2\"@en .\n"
		c = "<http://a.example/c> <http://a.example/p> <http://a.example/o> .\n"
		d = "<http://a.example/d> <http://a.example/p> _:x .\n"
	)
	tests := []struct {
		name        string
		old, new    string
		gz          bool
		del, ins    string
		nOld, nNew  int64
		err         error
		errContains string
	}{
		{"same", a + b + c, a + b + c, false, "", "", 3, 3, nil, ""},
		{"one changed", a + b + c, a + "<http://a.example/b> <http://a.example/p> \"2\"@de .\n" + c, true, b, "<http://a.example/b> <http://a.example/p> \"2\"@de .\n", 3, 3, nil, ""},
		{"added and removed at the ends", b + c, a + b, false, c, a, 2, 2, nil, ""},
		{"comments and CRLF", "# x\n" + a + b, strings.ReplaceAll(a+b+c, "\n", "\r\n"), false, "", c, 2, 3, nil, ""},
		{"written differently", a, "<http://a.example/a>  <http://a.example/p> \"\\u0031\" .\n", false, "", "", 1, 1, nil, ""},
		{"empty old", "", a + d, false, "", a + "<http://a.example/d> <http://a.example/p> <https://a.example/.well-known/genid/", 0, 2, nil, ""},
		{"unsorted", a + c + b, a + b, false, "", "", 0, 0, ErrNotSorted, ""},
		{"bad line", a + b, a + "<b> <http://a.example/p> \"2\" .\n", false, "", "", 0, 0, ntread.ErrSyntax, "new.nt:2:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			o := writeFile(t, dir, "old.nt", tc.old, tc.gz)
			n := writeFile(t, dir, "new.nt", tc.new, tc.gz)
			ch, err := Compare(context.Background(), []string{o}, []string{n}, "https://a.example/g", dir)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.errContains) {
					t.Fatalf("want %v, got %v", tc.err, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer ch.Remove()
			del, _ := os.ReadFile(ch.DeleteFile)
			ins, _ := os.ReadFile(ch.InsertFile)
			if string(del) != tc.del || !strings.HasPrefix(string(ins), tc.ins) || ch.Old != tc.nOld || ch.New != tc.nNew {
				t.Errorf("deletes %q, inserts %q, %d → %d triples", del, ins, ch.Old, ch.New)
			}
			if ch.Deletes != int64(strings.Count(string(del), "\n")) || ch.Inserts != int64(strings.Count(string(ins), "\n")) {
				t.Errorf("counts %d/%d for %q/%q", ch.Deletes, ch.Inserts, del, ins)
			}
			if int64(len(ch.Sample)) < min(ch.Old, 1) {
				t.Errorf("no sample of the old dump")
			}
		})
	}
}

// TestCompareLong: dumps of 20,000 lines with a few changes far apart go through the block
// skipping of equal stretches: the change, the counts and the sample are those line by line.
func TestCompareLong(t *testing.T) {
	var old, new, del, ins strings.Builder
	for i := 0; i < 20000; i++ {
		l := fmt.Sprintf("<http://a.example/s%06d> <http://a.example/p> \"value %d\" .\n", i, i)
		switch {
		case i%5000 == 1234:
			del.WriteString(l)
			m := fmt.Sprintf("<http://a.example/s%06d> <http://a.example/p> \"value %d changed\" .\n", i, i)
			ins.WriteString(m)
			old.WriteString(l)
			new.WriteString(m)
		case i == 17777:
			del.WriteString(l)
			old.WriteString(l)
		default:
			old.WriteString(l)
			new.WriteString(l)
		}
	}
	dir := t.TempDir()
	o := writeFile(t, dir, "old.nt", old.String(), false)
	n := writeFile(t, dir, "new.nt", new.String(), false)
	ch, err := Compare(context.Background(), []string{o}, []string{n}, "https://a.example/g", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Remove()
	gotDel, _ := os.ReadFile(ch.DeleteFile)
	gotIns, _ := os.ReadFile(ch.InsertFile)
	if string(gotDel) != del.String() || string(gotIns) != ins.String() || ch.Old != 20000 || ch.New != 19999 {
		t.Fatalf("deletes %q\ninserts %q\n%d → %d", gotDel, gotIns, ch.Old, ch.New)
	}
	if len(ch.Sample) < sampleSize {
		t.Errorf("%d triples sampled", len(ch.Sample))
	}
	for _, tr := range ch.Sample {
		b, _ := ntriples.AppendTriple(nil, tr)
		if !strings.Contains(old.String(), string(b)) {
			t.Errorf("sampled %q is not in the old dump", b)
		}
	}
}
