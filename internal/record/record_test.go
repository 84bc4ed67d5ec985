package record

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/schema/gen"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/vocab"
)

const good = `id: stocksy-united
name: Stocksy United
type: produser-owned
status: operating
sectors: [photography]
description:
  en: A co-op.
  zh-Hant: 合作社
website: https://www.stocksy.com/
location:
  locality: Victoria
  country: CA
  latitude: 48.43
  longitude: -123.37
  geo_container: https://www.wikidata.org/wiki/Q2132
founded: 2013
members: [producer, worker, founder]
related: [resonate]
same_as: [http://www.wikidata.org/entity/Q42]
sources:
  - url: https://wiki.p2pfoundation.net/Platform_Cooperatives
    quote: Stocksy (stock photography),
updated: 2026-11-25
`

var validator = func() *schema.Validator {
	v, err := schema.New()
	if err != nil {
		panic(err)
	}
	return v
}()

func check(t *testing.T, file, src string, opt Options) (*Record, diag.List) {
	t.Helper()
	kind, err := source.KindOf(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, l := source.Parse(file, kind, []byte(src))
	if doc == nil {
		t.Fatalf("parse: %v", l)
	}
	return Check(doc, validator, opt)
}

func TestGood(t *testing.T) {
	r, l := check(t, "data/stocksy-united.yaml", good, Options{ThisYear: 2026})
	if len(l) > 0 || r == nil {
		t.Fatalf("diagnostics: %v", l)
	}
	got, _ := json.Marshal(r)
	want := `{"ID":"stocksy-united","Name":"Stocksy United","Identifier":"","Type":"produser-owned","Status":"operating","StatusAsOf":"","StatusSource":0,"Sectors":["photography"],` +
		`"Description":[{"Lang":"en","Value":"A co-op."},{"Lang":"zh-hant","Value":"合作社"}],"Website":"https://www.stocksy.com/",` +
		`"Location":{"Street":"","Locality":"Victoria","Region":"","Postcode":"","Country":"CA","Latitude":"48.43","Longitude":"-123.37","GeoContainer":"https://www.wikidata.org/wiki/Q2132"},` +
		`"ESSGlobal":{"OrgStructure":"","PrimaryActivity":"","Activities":null,"MembershipType":""},"Registration":{"CompaniesHouse":"","LegalForm":"","SICCode":"","SICSection":"","Sector":"","Ownership":""},"Founded":2013,"Members":["producer","worker","founder"],"Related":["resonate"],"SameAs":["http://www.wikidata.org/entity/Q42"],` +
		`"Sources":[{"URL":"https://wiki.p2pfoundation.net/Platform_Cooperatives","Quote":"Stocksy (stock photography),","Published":"","Accessed":""}],"Updated":"2026-11-25"}`
	if string(got) != want {
		t.Errorf("record:\n%s\nwant:\n%s", got, want)
	}
}

// TestChecks runs each rule the schema cannot express, and the way Check merges them with the
// schema's diagnostics.
func TestChecks(t *testing.T) {
	for _, c := range []struct {
		name       string
		file       string
		from, to   string
		opt        Options
		want       []string // diagnostics, as Error() gives them
		stillValid bool
	}{
		{"id differs from file name", "data/stocksy.yaml", "", "", Options{},
			[]string{`data/stocksy.yaml:1:5: id: id "stocksy-united" does not match the file name "stocksy"; rename the file to stocksy-united.yaml or change the id to "stocksy"`}, false},
		{"file name with capitals", "data/Stocksy-United.yaml", "", "", Options{},
			[]string{`data/Stocksy-United.yaml: file name "Stocksy-United.yaml" cannot be a record id: a record file is named after its id, which is lower-case letters and digits in words joined by single hyphens (at most 80 characters), like stocksy-united.yaml; rename the file to stocksy-united.yaml`}, false},
		{"file name with dots", "data/stocksy..united.json", "", "", Options{},
			[]string{`data/stocksy..united.json: file name "stocksy..united.json" cannot be a record id: a record file is named after its id, which is lower-case letters and digits in words joined by single hyphens (at most 80 characters), like stocksy-united.yaml; rename the file to stocksy-united.json`}, false},
		{"id with a slash", "data/stocksy-united.yaml", "id: stocksy-united", "id: ../stocksy/united", Options{},
			[]string{`data/stocksy-united.yaml:1:5: id: "../stocksy/united" does not match the pattern ^[a-z0-9]+(-[a-z0-9]+)*$ (the record's id: lower-case letters and digits in words joined by single hyphens, like "stocksy-united"; it equals the file name); did you mean "stocksy-united"?`}, false},
		{"language name", "data/stocksy-united.yaml", "  en: A co-op.", "  English: A co-op.", Options{},
			[]string{`data/stocksy-united.yaml:7:3: description.English: "English" is not a BCP 47 language tag: use a 2- or 3-letter language code, optionally with script or region, like "en", "de", "pt-BR" or "zh-Hant"; did you mean "en"?`}, false},
		{"language underscore", "data/stocksy-united.yaml", "  en: A co-op.", "  en_GB: A co-op.", Options{},
			[]string{`data/stocksy-united.yaml:7:3: description.en_GB: "en_GB" is not a BCP 47 language tag: use a 2- or 3-letter language code, optionally with script or region, like "en", "de", "pt-BR" or "zh-Hant"; did you mean "en-GB"?`}, false},
		{"language twice", "data/stocksy-united.yaml", "  en: A co-op.", "  en: A co-op.\n  EN: Again.", Options{},
			[]string{`data/stocksy-united.yaml:8:3: description.EN: language "EN" is given twice (also as "en")`}, false},
		{"website javascript", "data/stocksy-united.yaml", "website: https://www.stocksy.com/", "website: javascript:alert(1)", Options{},
			[]string{`data/stocksy-united.yaml:9:10: website: "javascript:alert(1)" is not a usable web address: scheme not allowed: "javascript" (only http and https)`}, false},
		{"website data", "data/stocksy-united.yaml", "website: https://www.stocksy.com/", "website: \"data:text/html,<b>x</b>\"", Options{},
			[]string{`data/stocksy-united.yaml:9:10: website: "data:text/html,<b>x</b>" is not a usable web address: scheme not allowed: "data" (only http and https)`}, false},
		{"website without scheme", "data/stocksy-united.yaml", "website: https://www.stocksy.com/", "website: www.stocksy.com", Options{},
			[]string{`data/stocksy-united.yaml:9:10: website: "www.stocksy.com" is not a usable web address: not an absolute IRI (no scheme); did you mean "https://www.stocksy.com"?`}, false},
		{"website with space", "data/stocksy-united.yaml", "website: https://www.stocksy.com/", "website: https://www.stocksy.com/a b", Options{},
			[]string{`data/stocksy-united.yaml:9:10: website: "https://www.stocksy.com/a b" is not a usable web address: path: character not allowed in an IRI: ' '`}, false},
		{"source with braces", "data/stocksy-united.yaml", "  - url: https://wiki.p2pfoundation.net/Platform_Cooperatives", "  - url: https://wiki.p2pfoundation.net/{x}", Options{},
			[]string{`data/stocksy-united.yaml:21:10: sources[0].url: "https://wiki.p2pfoundation.net/{x}" is not a usable web address: path: character not allowed in an IRI: '{'`}, false},
		{"geo container relative", "data/stocksy-united.yaml", "  geo_container: https://www.wikidata.org/wiki/Q2132", "  geo_container: /wiki/Q2132", Options{},
			[]string{`data/stocksy-united.yaml:15:18: location.geo_container: "/wiki/Q2132" is not a usable web address: not an absolute IRI (no scheme); write the whole address, starting with https://`}, false},
		{"same_as unknown authority", "data/stocksy-united.yaml", "same_as: [http://www.wikidata.org/entity/Q42]", "same_as: [https://example.net/q]", Options{},
			[]string{`data/stocksy-united.yaml:19:11: same_as[0]: "https://example.net/q" is not an IRI of a known authority; use one of: Wikidata (http://www.wikidata.org/entity/Q42); the Data Commons Co-op (https://lod.coop/coops-uk/R000001)`}, false},
		{"same_as not an IRI", "data/stocksy-united.yaml", "same_as: [http://www.wikidata.org/entity/Q42]", "same_as: [\"<Q42>\"]", Options{},
			[]string{`data/stocksy-united.yaml:19:11: same_as[0]: "<Q42>" is not an absolute IRI: not an absolute IRI (no scheme)`}, false},
		{"future year", "data/stocksy-united.yaml", "founded: 2013", "founded: 2031", Options{ThisYear: 2026},
			[]string{`data/stocksy-united.yaml:16:10: founded: year 2031 is in the future`}, false},
		{"this year", "data/stocksy-united.yaml", "founded: 2013", "founded: 2026", Options{ThisYear: 2026}, nil, true},
		{"schema and record problems at once", "data/stocksy-united.yaml", "sectors: [photography]", "sectors: [fotography]\nfounded: 3000", Options{ThisYear: 2026},
			[]string{
				`data/stocksy-united.yaml:5:11: sectors[0]: "fotography" is not a sector; did you mean "photography"? (allowed: accommodation, art, cooperatives, data, directories, film, finance, hosting, labor, media, music, photography, trade, transportation)`,
				`data/stocksy-united.yaml:6:10: founded: year 3000 is in the future`,
			}, false},
		{"placeholders refused", "data/stocksy-united.yaml", "status: operating", "status: operating # TODO: check", Options{},
			[]string{`data/stocksy-united.yaml:4:9: status: marked "# TODO": check the value against the sources, then delete the comment`}, false},
		{"placeholders allowed", "data/stocksy-united.yaml", "  - url: https://wiki.p2pfoundation.net/Platform_Cooperatives\n    quote: Stocksy (stock photography),",
			"  - url: https://example.org/TODO\n    quote: \"TODO: the passage\"", Options{AllowPlaceholders: true},
			[]string{
				`data/stocksy-united.yaml:21:10: warning: sources[0].url: "https://example.org/TODO" is a placeholder: give the real address; export refuses records with placeholders`,
				`data/stocksy-united.yaml:22:12: warning: sources[0].quote: placeholder text "TODO: the passage": write the real value; export refuses records with placeholders`,
			}, true},
		{"TODO website", "data/stocksy-united.yaml", "website: https://www.stocksy.com/", "website: https://stocksy.example/TODO", Options{},
			[]string{`data/stocksy-united.yaml:9:10: website: "https://stocksy.example/TODO" is a placeholder: give the real address`}, false},
		{"example website is fine", "data/stocksy-united.yaml", "website: https://www.stocksy.com/", "website: https://stocksy.example/", Options{}, nil, true},
		{"TODO inside text is fine", "data/stocksy-united.yaml", "  en: A co-op.", "  en: A co-op with a TODO list.", Options{}, nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := good
			if c.from != "" {
				src = strings.Replace(good, c.from, c.to, 1)
				if src == good {
					t.Fatal("the change did not apply")
				}
			}
			if c.name == "schema and record problems at once" {
				src = strings.Replace(src, "founded: 2013\n", "", 1)
			}
			if strings.HasSuffix(c.file, ".json") {
				doc, _ := source.Parse("x.yaml", source.YAML, []byte(src))
				b, _ := json.Marshal(doc.Root.Plain())
				src = string(b)
			}
			r, l := check(t, c.file, src, c.opt)
			var got []string
			for _, d := range l {
				got = append(got, d.Error())
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if (r != nil) != c.stillValid {
				t.Errorf("record returned: %v, want %v", r != nil, c.stillValid)
			}
		})
	}
}

func TestSchemaAndRecordTogether(t *testing.T) {
	src := strings.NewReplacer("sectors: [photography]", "sectors: [fotography]", "founded: 2013", "founded: 3000",
		"website: https://www.stocksy.com/", "website: javascript:x").Replace(good)
	_, l := check(t, "data/stocksy-united.yaml", src, Options{ThisYear: 2026})
	var codes []string
	for _, d := range l {
		codes = append(codes, d.Field+":"+d.Code)
	}
	if got := strings.Join(codes, " "); got != "sectors[0]:enum website:iri founded:future" {
		t.Errorf("got %s", got)
	}
}

func TestFoundedForms(t *testing.T) {
	for _, f := range []string{"2013", "2013.0", "2.013e3"} {
		src := strings.Replace(good, "founded: 2013", "founded: "+f, 1)
		src = strings.Replace(src, "id: stocksy-united", "id: x", 1)
		doc, _ := source.Parse("x.yaml", source.YAML, []byte(src))
		b, _ := json.Marshal(doc.Root.Plain())
		jsonSrc := strings.Replace(string(b), `"founded":2013`, `"founded":`+f, 1)
		r, l := check(t, "data/x.json", jsonSrc, Options{})
		if r == nil || r.Founded != 2013 {
			t.Errorf("founded: %s gives %v, %v", f, r, l)
		}
	}
}

func TestTooMany(t *testing.T) {
	var b strings.Builder
	b.WriteString(good)
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "extra%d: x\n", i)
	}
	_, l := check(t, "data/stocksy-united.yaml", b.String(), Options{})
	if len(l) != MaxDiagnostics {
		t.Fatalf("%d diagnostics", len(l))
	}
	last := l[len(l)-1]
	if last.Code != "too-many" || last.Message != "401 more problems in this file are not shown" {
		t.Errorf("last: %s", last.Error())
	}
}

func TestIDPatternIsTheSchemas(t *testing.T) {
	var s struct {
		Definitions struct {
			ID struct {
				Pattern   string
				MaxLength int
			}
		}
	}
	if err := json.Unmarshal(vocab.RecordSchema, &s); err != nil {
		t.Fatal(err)
	}
	if s.Definitions.ID.Pattern != IDPattern.String() || s.Definitions.ID.MaxLength != MaxIDLength {
		t.Errorf("schema id: %q max %d; record.IDPattern %q max %d", s.Definitions.ID.Pattern, s.Definitions.ID.MaxLength, IDPattern, MaxIDLength)
	}
	// File names are checked with schema.IsSlug, which is this pattern (TestKnownPatterns).
	if gen.KnownPatterns[IDPattern.String()] != "IsSlug" {
		t.Errorf("schema.IsSlug is not the pattern %s", IDPattern)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Some Co-op":                         "some-co-op",
		"Stocksy United":                     "stocksy-united",
		"Up & Go":                            "up-and-go",
		"Find.Coop":                          "find-coop",
		"Seoul's city-operated taxi hailing": "seouls-city-operated-taxi-hailing",
		"Fairmöndo Straße":                   "fairmondo-strasse",
		"Coopérative Ünïon":                  "cooperative-union",
		"Cafe\u0301":                         "cafe",
		"İstanbul":                           "istanbul",
		"  --Hello__World--  ":               "hello-world",
		"서울":                                 "",
		"Data Commons Cooperative (DCC)":     "data-commons-cooperative-dcc",
		"ÆBLE Ørsted Łódź":                   "aeble-orsted-lodz",
		"../../etc/passwd":                   "etc-passwd",
		strings.Repeat("word ", 30):          strings.TrimSuffix(strings.Repeat("word-", 16), "-"),
		strings.Repeat("x", 100):             strings.Repeat("x", 80),
	} {
		got := Slug(in)
		if got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
		if got != "" && (!IDPattern.MatchString(got) || len(got) > MaxIDLength) {
			t.Errorf("Slug(%q) = %q is not an id", in, got)
		}
	}
}
