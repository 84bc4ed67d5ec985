package murmurations_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/murmurations"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
	"github.com/xeipuuv/gojsonschema"
)

// Where the organisations schema's "$ref"s lead: "../fields/name.json" against its $id.
const fieldsBase = "https://library.murmurations.network/v2/fields/"

// orgSchema compiles the Murmurations organisations schema from ../shared/refs, offline: every
// field file is registered under the IRI the schema's references resolve to, so nothing is
// fetched (a missing one would be, and fail, as this machine has no network).
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
		if err := sl.AddSchema(fieldsBase+filepath.Base(f), gojsonschema.NewBytesLoader(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "schemas", murmurations.Schema+".json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := sl.Compile(gojsonschema.NewBytesLoader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t testing.TB, s *gojsonschema.Schema, doc []byte) []string {
	t.Helper()
	res, err := s.Validate(gojsonschema.NewBytesLoader(doc))
	if err != nil {
		t.Fatalf("validating: %v\n%s", err, doc)
	}
	var out []string
	for _, e := range res.Errors() {
		out = append(out, e.String())
	}
	return out
}

// directoryProfiles builds the profile of every record of data/coops.
func directoryProfiles(t testing.TB) map[string][]byte {
	t.Helper()
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	m := mapping.New(vocab.DefaultBase)
	set, _ := pipeline.Scan([]string{filepath.Join(testkit.Root(), "data", "coops")})
	out := map[string][]byte{}
	diags, _, err := pipeline.Run(set, v, pipeline.Options{Record: record.Options{ThisYear: 2026}}, func(it *pipeline.Item) error {
		if it.Record == nil {
			return nil
		}
		p, err := murmurations.FromRecord(it.Record, m)
		if err != nil {
			return err
		}
		b, err := p.Marshal()
		out[it.Record.ID] = b
		return err
	})
	if err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags)
	}
	return out
}

// TestDirectoryProfilesValidate: the profile of every co-op of the directory is valid against
// the real Murmurations organisations schema.
func TestDirectoryProfilesValidate(t *testing.T) {
	s := orgSchema(t)
	profiles := directoryProfiles(t)
	if len(profiles) < 20 {
		t.Fatalf("only %d profiles", len(profiles))
	}
	for id, b := range profiles {
		if errs := validate(t, s, b); len(errs) > 0 {
			t.Errorf("%s: %s\n%s", id, strings.Join(errs, "; "), b)
		}
	}
}

// TestBrokenProfilesAreCaught shows the schema check above can fail.
func TestBrokenProfilesAreCaught(t *testing.T) {
	s := orgSchema(t)
	good := `{"linked_schemas": ["organizations_schema-v1.0.0"], "name": "X", "primary_url": "https://example.org/", "tags": ["a"], "country_iso_3166": "GB", "geolocation": {"lat": 1, "lon": 2}}`
	if errs := validate(t, s, []byte(good)); len(errs) > 0 {
		t.Fatalf("the valid profile is refused: %v", errs)
	}
	for _, c := range [][2]string{
		{`"name": "X", `, ``},
		{`["organizations_schema-v1.0.0"]`, `[]`},
		{`"GB"`, `"UK"`},
		{`"lon": 2`, `"lon": 200`},
		{`"https://example.org/"`, `"ftp://example.org/"`},
		{`["a"]`, `[]`},
		{`"name": "X"`, `"name": "` + strings.Repeat("x", 201) + `"`},
	} {
		bad := strings.Replace(good, c[0], c[1], 1)
		if bad == good {
			t.Fatalf("%q did not apply", c[0])
		}
		if errs := validate(t, s, []byte(bad)); len(errs) == 0 {
			t.Errorf("accepted: %s", bad)
		}
	}
}

// TestCommittedProfiles: exports/murmurations holds exactly the profiles the records give now.
func TestCommittedProfiles(t *testing.T) {
	profiles := directoryProfiles(t)
	dir := filepath.Join(testkit.Root(), "exports", "murmurations")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	var want []string
	for id, b := range profiles {
		want = append(want, id+".json")
		if c, err := os.ReadFile(filepath.Join(dir, id+".json")); err != nil || !bytes.Equal(c, b) {
			t.Errorf("exports/murmurations/%s.json is not what the record gives now: run make export", id)
		}
	}
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Errorf("exports/murmurations holds %v, want %v", files, want)
	}
}

// TestFromRecord maps every field a profile takes.
func TestFromRecord(t *testing.T) {
	r := &record.Record{
		ID: "example-coop", Name: "Example Co-op", Type: "labor-brokerage", Status: "proposed",
		Sectors:     []string{"labor", "data"},
		Description: []record.Text{{Lang: "de", Value: "Beispiel"}, {Lang: "en", Value: "An example."}},
		Website:     "https://example.org/",
		Location:    &record.Location{Street: "1 Example Street\nUnit 2", Locality: "Exampletown", Postcode: "EX1", Region: "Exampleshire", Country: "GB", Latitude: "50.70", Longitude: "-3.5"},
		Founded:     1969,
		Related:     []string{"other-coop"},
		SameAs:      []string{"http://www.wikidata.org/entity/Q1"},
	}
	p, err := murmurations.FromRecord(r, mapping.New("https://example.org/base/"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"linked_schemas":   []any{"organizations_schema-v1.0.0"},
		"name":             "Example Co-op",
		"primary_url":      "https://example.org/",
		"tags":             []any{"platform cooperative", "labor-brokerage", "labor", "data"},
		"description":      "An example.",
		"status":           "in_planning",
		"full_address":     "1 Example Street, Unit 2, Exampletown, EX1, Exampleshire",
		"country_iso_3166": "GB",
		"geolocation":      map[string]any{"lat": 50.7, "lon": -3.5},
		"relationships": []any{
			map[string]any{"predicate_url": vocab.CoopRelated, "object_url": "https://example.org/base/id/other-coop"},
			map[string]any{"predicate_url": vocab.SchemaSameAs, "object_url": "http://www.wikidata.org/entity/Q1"},
		},
		"starts_at": -31536000.0, // 1 January 1969, 00:00 UTC
		"unique_id": "https://example.org/base/id/example-coop",
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if !bytes.Equal(gj, wj) {
		t.Errorf("profile:\n%s\nwant\n%s", gj, wj)
	}
	if !bytes.HasSuffix(b, []byte("}\n")) {
		t.Error("no final newline")
	}
	r.Status = "closed"
	r.Name = strings.Repeat("n", 201)
	if _, err := murmurations.FromRecord(r, mapping.New(vocab.DefaultBase)); err == nil {
		t.Error("a name longer than the schema allows was accepted")
	}
	r.Name = "X"
	if p, _ := murmurations.FromRecord(r, mapping.New(vocab.DefaultBase)); p.Status != "" {
		t.Errorf("closed became %q", p.Status)
	}
}
