package synth_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/synth"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func check(t *testing.T, v *schema.Validator, file string, src []byte) (*record.Record, diag.List) {
	t.Helper()
	doc, l := source.Parse(file, source.YAML, src)
	if doc == nil {
		return nil, l
	}
	rec, rl := record.Check(doc, v, record.Options{ThisYear: 2026})
	return rec, append(l, rl...)
}

// TestRecordsAreValid: every record of a set passes the directory's profile with no error and
// no warning, and the set is what its description says: every field of the schema appears,
// ids are unique and sorted, related ids name records of the set, nasty strings and other
// languages occur.
func TestRecordsAreValid(t *testing.T) {
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	const n = 3000
	g := synth.New(synth.Options{N: n, Seed: 7})
	ids := map[string]bool{}
	var prev string
	fields := map[string]int{}
	langs := map[string]int{}
	nasty, long := 0, 0
	var related [][]string
	for i := 0; i < n; i++ {
		id := g.ID(i)
		if id <= prev {
			t.Fatalf("ids out of order: %q after %q", id, prev)
		}
		prev = id
		ids[id] = true
		src := g.Record(nil, i)
		rec, l := check(t, v, g.FileName(i), src)
		if rec == nil || len(l) > 0 {
			t.Fatalf("record %d is not clean:\n%s\n%v", i, src, l)
		}
		doc, _ := source.Parse(g.FileName(i), source.YAML, src)
		for _, k := range doc.Root.Keys {
			fields[k]++
		}
		if loc := doc.Root.Get("location"); loc != nil {
			for _, k := range loc.Keys {
				fields["location."+k]++
			}
		}
		for _, d := range rec.Description {
			langs[d.Lang]++
			if len(d.Value) > 100_000 {
				long++
			}
		}
		for _, s := range synth.Nasty {
			if bytes.Contains(src, []byte(s)) || strings.Contains(rec.Name, s) || strings.Contains(rec.Description[len(rec.Description)-1].Value, s) {
				nasty++
				break
			}
		}
		related = append(related, rec.Related)
	}
	for _, rel := range related {
		for _, id := range rel {
			if !ids[id] {
				t.Errorf("related id %q has no record", id)
			}
		}
	}
	for _, f := range v.Fields() {
		if f.Name == "identifier" || f.Name == "essglobal" || f.Name == "registration" {
			continue // fields of imported datasets, not of the directory
		}
		if fields[f.Name] == 0 {
			t.Errorf("no record has the field %q", f.Name)
		}
	}
	for _, f := range []string{"street", "locality", "region", "postcode", "country", "latitude", "longitude", "geo_container"} {
		if fields["location."+f] == 0 {
			t.Errorf("no record has location.%s", f)
		}
	}
	if len(langs) < 6 {
		t.Errorf("descriptions in %d languages, want several: %v", len(langs), langs)
	}
	if nasty < n/30 || long == 0 {
		t.Errorf("%d records with nasty strings, %d with a 100 kB description", nasty, long)
	}
	if fields["related"] < n/5 {
		t.Errorf("only %d records with related links", fields["related"])
	}
}

// TestDeterministic: the same count and seed give the same bytes, record by record and in any
// order; another seed gives other records; a record does not depend on the count beyond its
// ids' width and its related links.
func TestDeterministic(t *testing.T) {
	a := synth.New(synth.Options{N: 500, Seed: 3})
	b := synth.New(synth.Options{N: 500, Seed: 3})
	c := synth.New(synth.Options{N: 500, Seed: 4})
	same := 0
	for i := 499; i >= 0; i-- {
		ra, rb := a.Record(nil, i), b.Record(nil, i)
		if !bytes.Equal(ra, rb) {
			t.Fatalf("record %d differs between two generators of one seed", i)
		}
		if bytes.Equal(ra, c.Record(nil, i)) {
			same++
		}
	}
	if same > 5 {
		t.Errorf("%d of 500 records are the same under another seed", same)
	}
}

// TestGolden pins the generator: a change to the records (of the word lists, of the random
// streams, of math/rand/v2's PCG) shows here, since benchmarks compare runs on these records.
func TestGolden(t *testing.T) {
	g := synth.New(synth.Options{N: 1000, Seed: 1})
	var b []byte
	for _, i := range []int{0, 1, 5} {
		b = append(b, "--- "+g.FileName(i)+"\n"...)
		b = g.Record(b, i)
	}
	golden := filepath.Join("testdata", "records.golden")
	if *update {
		if err := os.WriteFile(golden, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("records differ from %s (run go test -update to accept):\n%s", golden, b)
	}
}

// TestWrite: Write makes one file per record, replaces a set it wrote before (no file of the
// larger set is left), and refuses a folder holding anything else, deleting nothing.
func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "synth")
	if _, err := synth.Write(context.Background(), dir, synth.Options{N: 50, Seed: 1}, 3); err != nil {
		t.Fatal(err)
	}
	names := func() []string {
		es, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			out = append(out, e.Name())
		}
		return out
	}
	got := names()
	g := synth.New(synth.Options{N: 50, Seed: 1})
	for i := 0; i < 50; i++ {
		if !slices.Contains(got, g.FileName(i)) {
			t.Fatalf("%s missing", g.FileName(i))
		}
		data, _ := os.ReadFile(filepath.Join(dir, g.FileName(i)))
		if !bytes.Equal(data, g.Record(nil, i)) {
			t.Fatalf("%s holds other bytes than the generator's", g.FileName(i))
		}
	}
	if len(got) != 51 || !slices.Contains(got, synth.Marker) {
		t.Fatalf("%d files: %v", len(got), got)
	}
	if _, err := synth.Write(context.Background(), dir, synth.Options{N: 10, Seed: 1}, 1); err != nil {
		t.Fatal(err)
	}
	if got := names(); len(got) != 11 {
		t.Errorf("after a smaller rewrite: %d files", len(got))
	}

	hand := t.TempDir()
	keep := filepath.Join(hand, "stocksy-united.yaml")
	os.WriteFile(keep, []byte("id: stocksy-united\n"), 0o644)
	if _, err := synth.Write(context.Background(), hand, synth.Options{N: 5, Seed: 1}, 1); !errors.Is(err, synth.ErrNotSynthetic) {
		t.Errorf("a folder of hand-written records: err = %v, want ErrNotSynthetic", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("the hand-written record is gone: %v", err)
	}
	if es, _ := os.ReadDir(hand); len(es) != 1 {
		t.Errorf("synth wrote into a refused folder: %d files", len(es))
	}
}
