package schema

import (
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/source"
)

func validator(t *testing.T) *Validator {
	t.Helper()
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

const valid = `id: stocksy-united
name: Stocksy United
type: produser-owned
status: operating
sectors: [photography]
description:
  en: A co-op.
sources:
  - url: https://example.org/
    quote: q
`

// TestMessages checks what a maintainer reads for each kind of schema error: the field, the
// line and column of the offending value, and a message that says what to write instead.
func TestMessages(t *testing.T) {
	v := validator(t)
	for _, c := range []struct {
		name, from, to string
		want           string // the diagnostic, as file:line:col: field: message
		code           string
	}{
		{"enum with suggestion", "sectors: [photography]", "sectors: [photography, musik]",
			`r.yaml:5:24: sectors[1]: "musik" is not a sector; did you mean "music"? (allowed: accommodation, art, cooperatives, data, directories, film, finance, hosting, labor, media, music, photography, trade, transportation)`, "enum"},
		{"enum without suggestion", "status: operating", "status: thriving",
			`r.yaml:4:9: status: "thriving" is not a status (allowed: operating, proposed, closed)`, "enum"},
		{"enum article", "type: produser-owned", "type: produser-owend",
			`r.yaml:3:7: type: "produser-owend" is not a platform type; did you mean "produser-owned"? (allowed: labor-brokerage, produser-owned, city-owned, union-backed)`, "enum"},
		{"enum of a number", "status: operating", "status: 3",
			`r.yaml:4:9: status: 3 is not a status (allowed: operating, proposed, closed)`, "enum"},
		{"required with enum", "status: operating\n", "",
			`r.yaml:1:1: status: required field is missing (whether the platform operates, is only proposed, or has closed; one of: operating, proposed, closed)`, "required"},
		{"required list", "sectors: [photography]\n", "",
			`r.yaml:1:1: sectors: required field is missing (the sectors the platform works in; from: accommodation, art, cooperatives, data, directories, film, finance, hosting, labor, media, music, photography, trade, transportation)`, "required"},
		{"required nested", "    quote: q\n", "",
			`r.yaml:9:5: sources[0].quote: required field is missing (the passage of that page that supports the record)`, "required"},
		{"unknown field with suggestion", "status: operating", "status: operating\nwebsit: https://example.org/",
			`r.yaml:5:1: websit: unknown field "websit"; did you mean "website"?`, "unknown-field"},
		{"unknown field listing", "status: operating", "status: operating\nlocation:\n  planet: earth",
			`r.yaml:6:3: location.planet: unknown field "planet"; fields here are country, geo_container, latitude, locality, longitude, postcode, region, street`, "unknown-field"},
		{"id pattern", "id: stocksy-united", "id: Stocksy_United",
			`r.yaml:1:5: id: "Stocksy_United" does not match the pattern ^[a-z0-9]+(-[a-z0-9]+)*$ (the record's id: lower-case letters and digits in words joined by single hyphens, like "stocksy-united"; it equals the file name)`, "pattern"},
		{"country pattern", "status: operating", "status: operating\nlocation: {country: de}",
			`r.yaml:5:21: location.country: "de" does not match the pattern ^[A-Z]{2}$ (the country as an ISO 3166-1 alpha-2 code in capitals, like "DE")`, "pattern"},
		{"language key", "  en: A co-op.", "  en_GB: A co-op.",
			`r.yaml:7:3: description.en_GB: "en_GB" is not a BCP 47 language tag like "en", "de" or "zh-Hant"`, "key"},
		{"type", "status: operating", "status: operating\nfounded: \"2013\"",
			`r.yaml:5:10: founded: expected a whole number, found a string (the year it was founded, like 2013)`, "type"},
		{"type list", "sectors: [photography]", "sectors: photography",
			`r.yaml:5:10: sectors: expected a list, found a string (the sectors the platform works in)`, "type"},
		{"blank", "name: Stocksy United", "name: \"   \"",
			`r.yaml:2:7: name: must not be blank`, "length"},
		{"empty once", "name: Stocksy United", "name: \"\"",
			`r.yaml:2:7: name: must not be empty`, "length"},
		{"min items", "sectors: [photography]", "sectors: []",
			`r.yaml:5:10: sectors: needs at least 1 item (the sectors the platform works in)`, "length"},
		{"min entries", "description:\n  en: A co-op.", "description: {}",
			`r.yaml:6:14: description: needs at least 1 entry (what the platform is, per language, like "en: …")`, "length"},
		{"unique", "sectors: [photography]", "sectors: [photography, art, photography]",
			`r.yaml:5:29: sectors[2]: "photography" is listed twice (also item 0)`, "duplicate"},
		{"range", "status: operating", "status: operating\nfounded: 1066",
			`r.yaml:5:10: founded: 1066 is less than 1800`, "range"},
		{"dependency", "status: operating", "status: operating\nlocation: {latitude: 50.1}",
			`r.yaml:5:12: location.latitude: latitude is given, so longitude is required too`, "required"},
		{"too long", "name: Stocksy United", "name: " + strings.Repeat("n", 501),
			`r.yaml:2:7: name: is longer than 500 characters`, "length"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(valid, c.from, c.to, 1)
			if src == valid {
				t.Fatal("the change did not apply")
			}
			doc, pl := source.Parse("r.yaml", source.YAML, []byte(src))
			if len(pl) > 0 {
				t.Fatal(pl)
			}
			l := v.Validate(doc)
			if len(l) != 1 {
				t.Fatalf("want one diagnostic, got:\n%v", l)
			}
			if got := l[0].Error(); got != c.want || l[0].Code != c.code {
				t.Errorf("got  %s [%s]\nwant %s [%s]", got, l[0].Code, c.want, c.code)
			}
		})
	}
}

func TestValid(t *testing.T) {
	doc, _ := source.Parse("r.yaml", source.YAML, []byte(valid))
	if l := validator(t).Validate(doc); len(l) > 0 {
		t.Errorf("a valid record gets %v", l)
	}
}

// TestEveryProblem shows that one run reports all the schema's complaints, sorted.
func TestEveryProblem(t *testing.T) {
	src := "id: X\nname: \"\"\nstatus: maybe\nsectors: [musik, art, art]\ndescription: {en: \"\"}\nextra: 1\n"
	doc, _ := source.Parse("r.yaml", source.YAML, []byte(src))
	l := validator(t).Validate(doc)
	var got []string
	for _, d := range l {
		got = append(got, d.Field+" "+d.Code)
	}
	want := "sources required,id pattern,name length,status enum,sectors[0] enum,sectors[2] duplicate,description.en length,extra unknown-field"
	if strings.Join(got, ",") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, ","), want)
	}
}

func TestEnum(t *testing.T) {
	v := validator(t)
	if got := strings.Join(v.Enum("status"), ","); got != "operating,proposed,closed" {
		t.Errorf("Enum(status) = %s", got)
	}
	if got := v.Enum("members[]"); len(got) != 8 || got[0] != "founder" {
		t.Errorf("Enum(members[]) = %v", got)
	}
	if v.Enum("name") != nil || v.Enum("nowhere") != nil {
		t.Error("Enum of a field without one")
	}
}

// TestFields checks the field list "coopgraph new" writes its skeleton from: the schema's
// order, requiredness, descriptions and enumerations.
func TestFields(t *testing.T) {
	fields := validator(t).Fields()
	var names []string
	for _, f := range fields {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "id,name,identifier,type,status,status_as_of,sectors,description,website,location,essglobal,registration,founded,members,related,same_as,updated,sources" {
		t.Errorf("fields: %s", got)
	}
	byName := map[string]Field{}
	for _, f := range fields {
		byName[f.Name] = f
	}
	if f := byName["status"]; !f.Required || strings.Join(f.Enum, ",") != "operating,proposed,closed" || f.Description == "" {
		t.Errorf("status: %+v", f)
	}
	if f := byName["type"]; f.Required || len(f.Enum) != 4 {
		t.Errorf("type: %+v", f)
	}
	if f := byName["sectors"]; f.Type != "array" || len(f.Enum) != 14 {
		t.Errorf("sectors: %+v", f)
	}
	if f := byName["id"]; f.Type != "string" || !strings.Contains(f.Description, "file name") {
		t.Errorf("id: %+v", f)
	}
	if f := byName["sources"]; f.ItemType != "object" || len(f.Fields) != 4 || f.Fields[0].Name != "url" || !f.Fields[1].Required {
		t.Errorf("sources: %+v", f)
	}
	if f := byName["location"]; len(f.Fields) != 8 || f.Fields[0].Name != "street" || f.Fields[4].Name != "country" {
		t.Errorf("location: %+v", f)
	}
	if byName["website"].Def != "webIRI" || byName["related"].Def != "id" || byName["description"].Def != "text" || byName["sources"].Fields[0].Def != "webIRI" {
		t.Errorf("definitions: website %q, related %q, description %q", byName["website"].Def, byName["related"].Def, byName["description"].Def)
	}
	if f := byName["founded"]; f.Type != "integer" {
		t.Errorf("founded: %+v", f)
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"music", "media", "art", "labor", "transportation", "photography"}
	for in, want := range map[string]string{
		"musik":          "music",
		"Music":          "music",
		"mdeia":          "media",
		"photograhpy":    "photography",
		"transport":      "",
		"arts":           "art",
		"xyz":            "",
		"music":          "",
		"labour":         "labor",
		"transportaiton": "transportation",
		"":               "",
	} {
		if got := Suggest(in, cands); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}
