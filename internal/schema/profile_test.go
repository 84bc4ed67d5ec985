package schema_test

import (
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
)

func check(t *testing.T, p schema.Profile, yaml string) []string {
	t.Helper()
	v, err := schema.NewProfile(p)
	if err != nil {
		t.Fatal(err)
	}
	doc, l := source.Parse("x.yaml", source.YAML, []byte(yaml))
	if doc == nil {
		t.Fatal(l)
	}
	var out []string
	for _, d := range v.Validate(doc) {
		out = append(out, d.Field+": "+d.Message)
	}
	return out
}

const imported = `id: x
name: Example Co-op
identifier: X1
essglobal:
  organisational_structure: https://lod.coop/essglobal/2.1/standard/organisational-structure/OS60
  primary_activity: https://lod.coop/essglobal/2.1/standard/activities-modified/AM60
  activities: [https://lod.coop/essglobal/2.1/standard/activities-ica/ICA260]
  membership_type: https://lod.coop/essglobal/2.1/standard/base-membership-type/BMT10
sources:
  - url: https://example.org/open-data
`

// TestProfiles: what the dataset profile takes, the directory profile refuses, with messages
// that name each missing field and what it is.
func TestProfiles(t *testing.T) {
	if errs := check(t, schema.Dataset, imported); len(errs) > 0 {
		t.Errorf("dataset profile: %v", errs)
	}
	errs := check(t, schema.Directory, imported)
	got := strings.Join(errs, "\n")
	for _, want := range []string{
		"status: required field is missing (whether the platform operates",
		"sectors: required field is missing (the sectors",
		"description: required field is missing (what the platform is",
		"sources[0].quote: required field is missing (the passage",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("directory profile lacks %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "allOf") || len(errs) != 4 {
		t.Errorf("want exactly the four missing fields:\n%s", got)
	}
	// Enumerations keep their list of allowed values in a profile.
	errs = check(t, schema.Directory, imported+"status: sleeping\n")
	if !strings.Contains(strings.Join(errs, "\n"), `status: "sleeping" is not a status (allowed: operating, proposed, closed)`) {
		t.Errorf("enum message: %v", errs)
	}
}

func TestESSGlobalConceptsAreChecked(t *testing.T) {
	for _, bad := range []string{
		"https://dev.lod.coop/essglobal/2.1/standard/organisational-structure/OS60",
		"http://purl.org/essglobal/standard/organisational-structure/OS60",
		"https://lod.coop/essglobal/2.1/standard/base-membership-type/BMT10",
		"'https://lod.coop/essglobal/2.1/standard/organisational-structure/OS60 '",
	} {
		y := strings.Replace(imported, "https://lod.coop/essglobal/2.1/standard/organisational-structure/OS60", bad, 1)
		if errs := check(t, schema.Dataset, y); len(errs) != 1 || !strings.HasPrefix(errs[0], "essglobal.organisational_structure:") {
			t.Errorf("%q: %v", bad, errs)
		}
	}
	if errs := check(t, schema.Dataset, strings.Replace(imported, "identifier: X1", "identifier: ' X1'", 1)); len(errs) != 1 {
		t.Errorf("an identifier with a leading space: %v", errs)
	}
}
