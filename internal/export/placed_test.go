package export_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/geo"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
)

// TestDirectoryOnTheDCCMap runs the Data Commons Co-op's map query (dcc-map-placed.rq) with
// Apache Jena ARQ over the committed exports/coops.ttl: every co-op of the directory placed at
// a GeoNames locality is a pin at that place's coordinates in the shipped gazetteer, and no
// other co-op is.
func TestDirectoryOnTheDCCMap(t *testing.T) {
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(testkit.Root(), "data", "coops", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no records (%v)", err)
	}
	want := map[string]geo.Place{}
	for _, f := range files {
		doc, l := source.Load(f)
		if doc == nil {
			t.Fatal(l)
		}
		r, l := record.Check(doc, v, record.Options{})
		if r == nil {
			t.Fatal(l)
		}
		if r.Location == nil || r.Location.GeoContainer == "" {
			continue
		}
		id, ok := geo.ParseIRI(r.Location.GeoContainer)
		if !ok {
			t.Fatalf("%s: %s is not a GeoNames IRI", r.ID, r.Location.GeoContainer)
		}
		p, ok := geo.Lookup(id)
		if !ok {
			t.Fatalf("%s: GeoNames %d is not in the gazetteer", r.ID, id)
		}
		want["<"+vocab.DefaultBase+"id/"+r.ID+">"] = p
	}
	if len(want) == 0 {
		t.Fatal("no record of the directory is placed")
	}
	rows := arqMap(t, filepath.Join(testkit.Root(), "exports", "coops.ttl"))
	if len(rows) != len(want) {
		t.Errorf("%d pins on the map, want %d", len(rows), len(want))
	}
	for _, row := range rows {
		p, ok := want[row.initiative]
		if !ok {
			t.Errorf("%s is on the map but not placed", row.initiative)
			continue
		}
		if row.lat != tsvDecimal(p.Latitude) || row.long != tsvDecimal(p.Longitude) {
			t.Errorf("%s at %s, %s; want %s's %s, %s", row.initiative, row.lat, row.long, p, p.Latitude, p.Longitude)
		}
		if !strings.HasPrefix(row.name, `"`) {
			t.Errorf("%s: name %s", row.initiative, row.name)
		}
	}
}

// TestSHACLDatedEvidence: the shapes hold the directory's evidence to its dates, with Apache
// Jena's shacl and with rdf-validate-shacl: a co-op whose status has no date or no source, a
// citation without the day it was read, a published date that is not a year, month or day.
func TestSHACLDatedEvidence(t *testing.T) {
	out := filepath.Join(testkit.Root(), "exports")
	shapes := filepath.Join(testkit.Root(), "vocab", "shapes.ttl")
	id := func(s string) string { return vocab.DefaultBase + "id/" + s }
	nt := string(read(t, filepath.Join(out, "coops.nt")))
	defects := []struct {
		focus, path, old, new string
	}{
		{id("loconomics"), vocab.CoopStatusAsOf, "<" + id("loconomics") + "> <" + vocab.CoopStatusAsOf + "> \"2026-12-03\"^^<" + vocab.XSDDate + "> .\n", ""},
		{id("partago"), vocab.CoopStatusSource, "<" + id("partago") + "> <" + vocab.CoopStatusSource + "> <" + id("partago") + "#source-2> .\n", ""},
		{id("mayfirst") + "#source-2", vocab.CoopAccessed, "<" + id("mayfirst") + "#source-2> <" + vocab.CoopAccessed + "> \"2026-12-03\"^^<" + vocab.XSDDate + "> .", "<" + id("mayfirst") + "#source-2> <" + vocab.CoopAccessed + "> \"3 December 2026\" ."},
		{id("stocksy-united") + "#source-4", vocab.SchemaDatePublished, "<" + id("stocksy-united") + "#source-4> <" + vocab.SchemaDatePublished + "> \"2019-01-11\"^^<" + vocab.XSDDate + "> .", "<" + id("stocksy-united") + "#source-4> <" + vocab.SchemaDatePublished + "> \"January 2019\" ."},
		{id("find-coop"), "", "<" + id("find-coop") + "#source-2> <" + vocab.CoopAccessed + "> \"2026-12-03\"^^<" + vocab.XSDDate + "> .\n", ""},
	}
	broken := nt
	for _, d := range defects {
		if !strings.Contains(broken, d.old) {
			t.Fatalf("the dump has no %q to break", d.old)
		}
		broken = strings.Replace(broken, d.old, d.new, 1)
	}
	brokenFile := filepath.Join(t.TempDir(), "broken.nt")
	if err := os.WriteFile(brokenFile, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	engines := map[string]func(testing.TB, string, string) testkit.SHACLReport{
		"jena": testkit.JenaSHACL, "rdf-validate-shacl": testkit.JSSHACL,
	}
	for name, validate := range engines {
		t.Run(name, func(t *testing.T) {
			r := validate(t, shapes, brokenFile)
			if r.Conforms {
				t.Fatalf("the broken graph conforms")
			}
			for _, d := range defects {
				if d.path == "" {
					if !strings.Contains(r.Raw, d.focus) {
						t.Errorf("no violation at %s:\n%s", d.focus, r.Raw)
					}
					continue
				}
				if !r.Has(d.focus, d.path) {
					t.Errorf("no violation of %s at %s:\n%s", d.path, d.focus, r.Raw)
				}
			}
		})
	}
}
