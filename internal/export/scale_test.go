package export_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/record/recordtest"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/synth"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
	krdf "github.com/knakk/rdf"
)

// synthDir writes n synthetic records to a temporary folder.
func synthDir(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "records")
	writeSynth(t, dir, n)
	return dir
}

func writeSynth(t testing.TB, dir string, n int) {
	t.Helper()
	if _, err := synth.Write(context.Background(), dir, synth.Options{N: n, Seed: 1}, 0); err != nil {
		t.Fatal(err)
	}
}

func exportWorkers(t *testing.T, in string, workers int) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "exports")
	res, err := export.Run(export.Options{
		Inputs: []string{in}, Out: out, Base: vocab.DefaultBase, Formats: format.RDF(format.Defaults()),
		Record: record.Options{ThisYear: 2026}, Workers: workers, NoSite: true,
	})
	if err != nil {
		t.Fatalf("export: %v\n%v", err, res.Diags)
	}
	return out
}

// reference builds the dumps the simple way: every record read, validated and mapped one after
// another, all triples held in memory and sorted as a whole, each dump written by one encoder
// from the sorted triples. The streaming export (records in parallel, rendered by the
// workers, spliced in id order, never all triples at once) must give exactly these bytes.
func reference(t *testing.T, in string) map[string][]byte {
	t.Helper()
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	m := mapping.New(vocab.DefaultBase)
	files, err := filepath.Glob(filepath.Join(in, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	all := export.DirectoryDescription(m)
	for _, f := range files {
		doc, l := source.Load(f)
		if doc == nil {
			t.Fatal(l)
		}
		rec, l := record.Check(doc, v, record.Options{ThisYear: 2026})
		if rec == nil {
			t.Fatal(l)
		}
		all = m.Map(all, rec)
	}
	slices.SortFunc(all, rdf.CompareTriples)
	all = slices.CompactFunc(all, func(a, b rdf.Triple) bool { return rdf.CompareTriples(a, b) == 0 })
	out := map[string][]byte{}
	for _, f := range format.RDF(format.Defaults()) {
		var b bytes.Buffer
		e := f.New(&b, format.EncoderOptions{Header: export.Header})
		for _, tr := range all {
			if err := e.Encode(tr); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		out[export.DumpName+f.Ext] = b.Bytes()
	}
	return out
}

// TestStreamingEqualsReference: a 1,000-record export, done by the streaming pipeline with one
// worker and with eight, gives byte for byte the dumps of the all-in-memory reference; the
// gzip dump holds the N-Triples dump; the other files do not depend on the number of workers.
func TestStreamingEqualsReference(t *testing.T) {
	in := synthDir(t, 1000)
	want := reference(t, in)
	one := exportWorkers(t, in, 1)
	eight := exportWorkers(t, in, 8)
	for name, w := range want {
		for _, out := range []string{one, eight} {
			if got := read(t, filepath.Join(out, name)); !bytes.Equal(got, w) {
				t.Errorf("%s of %s differs from the reference (%d bytes, want %d)", name, out, len(got), len(w))
			}
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(read(t, filepath.Join(eight, "coops.nt.gz"))))
	if err != nil {
		t.Fatal(err)
	}
	if nt, err := io.ReadAll(zr); err != nil || !bytes.Equal(nt, want["coops.nt"]) {
		t.Errorf("coops.nt.gz does not hold coops.nt (%v)", err)
	}
	entries, err := os.ReadDir(one)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if !bytes.Equal(read(t, filepath.Join(one, e.Name())), read(t, filepath.Join(eight, e.Name()))) {
			t.Errorf("%s differs between 1 and 8 workers", e.Name())
		}
	}
}

// TestSyntheticJSONLDExpands: the streaming JSON-LD writer's dump of synthetic records (every
// field, several languages, hostile strings) expands, under json-gold and jsonld.js, to exactly
// the triples of the N-Triples dump (read by rapper). json-gold leaves out the triples whose
// web addresses its URL pattern refuses (recordtest.GoldReads); they are compared without them.
func TestSyntheticJSONLDExpands(t *testing.T) {
	out := exportWorkers(t, synthDir(t, 1000), 0)
	want := testkit.Rapper(t, filepath.Join(out, "coops.nt"))
	if want.Len() < 20_000 {
		t.Fatalf("only %d triples", want.Len())
	}
	if got := testkit.JS(t, filepath.Join(out, "coops.jsonld")); testkit.Diff(want, got) != "" {
		t.Errorf("jsonld.js reads another graph:\n%s", testkit.Diff(want, got))
	}
	ts, err := testkit.KnakkTriples(bytes.NewReader(read(t, filepath.Join(out, "coops.nt"))), krdf.NTriples)
	if err != nil {
		t.Fatal(err)
	}
	var goldable []rdf.Triple
	for _, tr := range ts {
		if recordtest.GoldReads(tr) {
			goldable = append(goldable, tr)
		}
	}
	goldWant, err := testkit.FromTriples(goldable)
	if err != nil {
		t.Fatal(err)
	}
	got, err := testkit.JSONGold(read(t, filepath.Join(out, "coops.jsonld")))
	if err != nil {
		t.Fatal(err)
	}
	if d := testkit.Diff(goldWant, got); d != "" {
		t.Errorf("json-gold reads another graph:\n%s", d)
	}
}
