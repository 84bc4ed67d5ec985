package export_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/dataset"
	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
	krdf "github.com/knakk/rdf"
)

// TestVoIDDescribesEveryDataset exports the directory with two imported datasets and checks
// void.ttl: the publication <base>dataset with a void:subset for each, each with its figures
// recomputed from its own N-Triples dump by knakk/rdf (and its other dumps by rapper and
// json-gold), licence, attribution, source and the file imported, dumps and distributions with
// sizes and SHA-256 sums; void.nt and void.jsonld, as riot and jsonld.js read them, hold the same
// graph; each dataset's description documents hold its part of it; SHA256SUMS lists every dump
// and description, and sha256sum -c accepts it.
func TestVoIDDescribesEveryDataset(t *testing.T) {
	dir := t.TempDir()
	csv := []byte(fixtureCSV)
	ins := []dataset.Input{
		importDataset(t, dir, "example", csv, fixtureSource),
		importDataset(t, dir, "other", csv, "https://example.com/other-data"),
	}
	out := filepath.Join(dir, "exports")
	res, err := export.Run(export.Options{
		Inputs: []string{dataDir()}, Datasets: ins, Out: out, Base: vocab.DefaultBase,
		Formats: format.RDF(format.Defaults()), Record: record.Options{ThisYear: 2026},
	})
	if err != nil {
		t.Fatalf("export: %v\n%v", err, res.Diags)
	}
	want := map[string]subsetWant{vocab.DefaultBase + "dataset/directory": directoryWant}
	for _, in := range ins {
		name := filepath.Base(in.Dir)
		source := fixtureSource
		if name == "other" {
			source = "https://example.com/other-data"
		}
		want[vocab.DefaultBase+"dataset/"+name] = subsetWant{
			nt: "datasets/" + name + ".nt", space: vocab.DefaultBase + "id/" + name + "/", coop: vocab.CoopCooperative,
			license: fixtureLicense, source: source, attribution: "Contains test data",
			dists: []string{"datasets/" + name + ".jsonld", "datasets/" + name + ".nq", "datasets/" + name + ".nt", "datasets/" + name + ".ttl"},
		}
	}
	for _, p := range voidProblems(t, out, "", want) {
		t.Error(p)
	}

	// The file imported, with its sum, as the datasets' provenance.
	ts, err := testkit.KnakkTriples(strings.NewReader(string(read(t, filepath.Join(out, "void.ttl")))), krdf.Turtle)
	if err != nil {
		t.Fatal(err)
	}
	g := graph(ts)
	sum := sha256.Sum256(csv)
	for _, name := range []string{"example", "other"} {
		ds := vocab.DefaultBase + "dataset/" + name
		file := ds + "#source-file"
		if !slices.Contains(g.objects(ds, vocab.PROVWasDerivedFrom), rdf.NewIRI(file)) {
			t.Errorf("%s is not prov:wasDerivedFrom the file imported", ds)
		}
		if o, ok := g.object(file, vocab.DCTTitle); !ok || o.Value != name+".csv" {
			t.Errorf("%s: the file imported is %v, want %s.csv", ds, g.objects(file, vocab.DCTTitle), name)
		}
		cs, _ := g.object(file, vocab.SPDXChecksumP)
		if o, ok := g.object(cs.Value, vocab.SPDXChecksumValue); !ok || o.Value != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: the file imported has the sum %v, want %x", ds, g.objects(cs.Value, vocab.SPDXChecksumValue), sum)
		}
	}

	// void.nt and void.jsonld are void.ttl's graph; each description document is the part of it
	// about its dataset (its IRI and the nodes under it), and says it is part of the publication.
	whole := testkit.Rapper(t, filepath.Join(out, "void.ttl"))
	if d := testkit.Diff(whole, testkit.Riot(t, filepath.Join(out, "void.nt"))); d != "" {
		t.Errorf("riot reads void.nt as another graph than void.ttl:\n%s", d)
	}
	files := []string{filepath.Join(out, "void.jsonld")}
	parts := map[string]testkit.Graph{}
	for ds := range want {
		name := strings.TrimPrefix(ds, vocab.DefaultBase+"dataset/")
		part := testkit.Graph{}
		for _, tr := range ts {
			if tr.S.Value == ds || strings.HasPrefix(tr.S.Value, ds+"#") {
				if err := part.Add(tr); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := part.Add(rdf.Triple{S: rdf.NewIRI(ds), P: rdf.NewIRI(vocab.DCTIsPartOf), O: rdf.NewIRI(vocab.DefaultBase + "dataset")}); err != nil {
			t.Fatal(err)
		}
		if len(part) < 50 {
			t.Errorf("%s: only %d triples describe it", ds, len(part))
		}
		base := filepath.Join(out, "datasets", name+".void")
		parts[base+".jsonld"] = part
		files = append(files, base+".jsonld")
		for _, ext := range []string{".ttl", ".nt"} {
			if d := testkit.Diff(part, testkit.Rapper(t, base+ext)); d != "" {
				t.Errorf("%s%s is not %s's description:\n%s", base, ext, ds, d)
			}
		}
	}
	parts[filepath.Join(out, "void.jsonld")] = whole
	for f, got := range testkit.JSEach(t, files...) {
		if d := testkit.Diff(parts[f], got); d != "" {
			t.Errorf("jsonld.js reads %s as another graph:\n%s", f, d)
		}
	}

	// SHA256SUMS: every dump and description, checked by sha256sum.
	var listed []string
	for _, line := range strings.Split(strings.TrimSpace(string(read(t, filepath.Join(out, "SHA256SUMS")))), "\n") {
		listed = append(listed, line[66:])
	}
	wantListed := append(slices.Clone(distributionFiles), descriptionFiles...)
	for _, name := range []string{"example", "other"} {
		for _, ext := range []string{".jsonld", ".nq", ".nt", ".ttl", ".void.jsonld", ".void.nt", ".void.ttl"} {
			wantListed = append(wantListed, "datasets/"+name+ext)
		}
	}
	slices.Sort(wantListed)
	if !slices.Equal(listed, wantListed) {
		t.Errorf("SHA256SUMS lists %v, want %v", listed, wantListed)
	}
	cmd := exec.Command(testkit.Tool(t, "sha256sum"), "--strict", "-c", "SHA256SUMS")
	cmd.Dir = out
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c: %v\n%s", err, b)
	}
}
