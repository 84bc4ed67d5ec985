package profiles_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/dcc"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/profiles"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/xeipuuv/gojsonschema"
)

const src = "https://example.org/profiles"

func readDir(t *testing.T, dir string) *profiles.Result {
	t.Helper()
	files, err := profiles.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := profiles.Read(files, os.ReadFile, profiles.Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func recordOf(t *testing.T, r dcc.Record) record.Record {
	t.Helper()
	doc, l := source.Parse("records/"+r.ID+".yaml", source.YAML, r.YAML)
	if doc == nil || l.HasErrors() {
		t.Fatalf("%s: %v", r.ID, l)
	}
	rec, rl := record.From(doc, record.Options{})
	if rl.HasErrors() {
		t.Fatalf("%s: %v", r.ID, rl)
	}
	return rec
}

// TestFixtures: the good profiles become records with what maps, the bad ones are rejected at
// the line of their problem, and values with no place are left out with a warning.
func TestFixtures(t *testing.T) {
	res := readDir(t, filepath.Join("testdata", "profiles"))
	var ids []string
	for _, r := range res.Records {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, ",") != "good-bakery,good-minimal" || res.Read != 7 {
		t.Fatalf("records %v of %d profiles:\n%v", ids, res.Read, res.Diags)
	}
	rejected := map[string]string{}
	var warnings []string
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			rejected[filepath.Base(d.File)] = d.Error()
		} else {
			warnings = append(warnings, d.Field+": "+d.Message)
		}
	}
	for _, f := range []string{"bad-no-name.json", "bad-status.json", "bad-url.json", "bad-latitude.json", "bad-linked-schemas.json"} {
		if !strings.Contains(rejected[f], "profile rejected") {
			t.Errorf("%s not rejected: %q", f, rejected[f])
		}
	}
	if !strings.Contains(rejected["bad-latitude.json"], "bad-latitude.json:1:") || !strings.Contains(rejected["bad-latitude.json"], "geolocation.lat") {
		t.Errorf("the latitude is not named: %s", rejected["bad-latitude.json"])
	}
	want := []string{
		`relationships: relationships[1]: the predicate "https://schema.org/member" has no place in a record; left out`,
		`status: "on_hold" has no counterpart among the record's statuses; left out`,
		`tags: tag "bread" is no platform type or sector of the directory's schemes; left out`,
	}
	slices.Sort(warnings)
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings:\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
	got := recordOf(t, res.Records[0])
	exp := record.Record{
		ID: "good-bakery", Name: "Example Bakery Co-operative", Identifier: "urn:example:bakery", Type: "labor-brokerage",
		Sectors: []string{"music"}, Description: []record.Text{{Lang: "en", Value: "A made-up bakery owned by its bakers."}},
		Website:  "https://bakery.example/",
		Location: &record.Location{Street: "1 Example Street, Exampletown", Country: "GB", Latitude: "52", Longitude: "0"},
		Founded:  2010, SameAs: []string{"http://www.wikidata.org/entity/Q42"}, Sources: []record.Source{{URL: src}},
		Members: []string{}, Related: []string{},
	}
	norm(&got)
	norm(&exp)
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("record:\n%+v\nwant\n%+v", got, exp)
	}
	if res.NotImported["mission"] != 1 || res.NotImported["image"] != 1 {
		t.Errorf("fields not imported: %v", res.NotImported)
	}
}

func norm(r *record.Record) {
	if len(r.Members) == 0 {
		r.Members = nil
	}
	if len(r.Related) == 0 {
		r.Related = nil
	}
}

// TestAgreesWithTheMurmurationsSchema: every fixture and every profile of the directory's
// export is accepted by the import exactly when the real organisations schema (from
// ../shared/refs) finds it valid.
func TestAgreesWithTheMurmurationsSchema(t *testing.T) {
	real := orgSchema(t)
	files, _ := filepath.Glob(filepath.Join("testdata", "profiles", "*.json"))
	exported, _ := filepath.Glob(filepath.Join(testkit.Root(), "exports", "murmurations", "*.json"))
	if len(exported) < 20 {
		t.Fatalf("only %d exported profiles", len(exported))
	}
	for _, f := range append(files, exported...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		vr, err := real.Validate(gojsonschema.NewBytesLoader(b))
		if err != nil {
			t.Fatal(err)
		}
		res, err := profiles.Read([]string{f}, os.ReadFile, profiles.Options{Source: src})
		if err != nil {
			t.Fatal(err)
		}
		accepted := len(res.Records) == 1
		if accepted != vr.Valid() {
			t.Errorf("%s: accepted %v, valid against organizations_schema-v1.0.0 %v (%v; %v)", filepath.Base(f), accepted, vr.Valid(), vr.Errors(), res.Diags)
		}
	}
}

// orgSchema compiles the Murmurations organisations schema from ../shared/refs, offline.
func orgSchema(t testing.TB) *gojsonschema.Schema {
	t.Helper()
	dir := filepath.Join(testkit.SharedRefs(t), "murmurations")
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft7
	sl.AutoDetect = false
	fields, err := filepath.Glob(filepath.Join(dir, "fields", "*.json"))
	if err != nil || len(fields) == 0 {
		t.Fatalf("no field files in %s: %v", dir, err)
	}
	for _, f := range fields {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := sl.AddSchema("https://library.murmurations.network/v2/fields/"+filepath.Base(f), gojsonschema.NewBytesLoader(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "schemas", "organizations_schema-v1.0.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := sl.Compile(gojsonschema.NewBytesLoader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestOwnExportImportsBack imports exports/murmurations (the directory's profiles) and compares
// each record with the directory's: every fact a profile carries comes back (name, website,
// English description, status, platform type, sectors, country, position, founding year,
// related co-ops, same_as); the address comes back as one line, as the profile gives it.
func TestOwnExportImportsBack(t *testing.T) {
	res := readDir(t, filepath.Join(testkit.Root(), "exports", "murmurations"))
	if res.Diags.HasErrors() {
		t.Fatalf("%v", res.Diags)
	}
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	set, _ := pipeline.Scan([]string{filepath.Join(testkit.Root(), "data", "coops")})
	defer set.Close()
	dir := map[string]*record.Record{}
	_, _, err = pipeline.Run(set, v, pipeline.Options{}, func(it *pipeline.Item) error {
		if it.Record != nil {
			r := *it.Record
			dir[r.ID] = &r
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != len(dir) || len(dir) < 20 {
		t.Fatalf("%d records imported, the directory has %d", len(res.Records), len(dir))
	}
	for _, rf := range res.Records {
		got := recordOf(t, rf)
		d := dir[got.ID]
		if d == nil {
			t.Errorf("%s is not a record of the directory", got.ID)
			continue
		}
		want := record.Record{ID: d.ID, Name: d.Name, Identifier: "https://w3id.org/coopgraph/id/" + d.ID, Type: d.Type, Sectors: d.Sectors,
			Website: d.Website, Founded: d.Founded, Related: d.Related, SameAs: d.SameAs, Sources: []record.Source{{URL: src}}}
		if d.Status != "closed" {
			want.Status = d.Status
		}
		for _, t := range d.Description {
			if t.Lang == "en" {
				want.Description = []record.Text{t}
			}
		}
		if l := d.Location; l != nil {
			var parts []string
			for _, s := range []string{l.Street, l.Locality, l.Postcode, l.Region} {
				if s != "" {
					parts = append(parts, strings.ReplaceAll(s, "\n", ", "))
				}
			}
			want.Location = &record.Location{Street: strings.Join(parts, ", "), Country: l.Country}
			if l.Latitude != "" {
				want.Location.Latitude, _ = dcc.Decimal(l.Latitude)
				want.Location.Longitude, _ = dcc.Decimal(l.Longitude)
			}
		}
		norm(&got)
		norm(&want)
		slices.Sort(got.Related)
		slices.Sort(want.Related)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", got.ID, got, want)
		}
	}
}
