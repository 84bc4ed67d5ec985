package recwrite_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/recwrite"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
)

// tricky are strings a YAML writer is apt to let a reader take for something else.
var tricky = []string{
	"0", "-0", "-0.0", "0.000000", "52", "1e5", "1E-7", "-1.5e+300", ".5", "5.", "0x1F", "0o17", "017", "1_000",
	"+12", ".inf", "-.Inf", ".NaN", "NaN", "nan", "Infinity", "3.14159265358979323846264338327950288",
	"true", "False", "YES", "no", "on", "Off", "y", "N", "null", "Null", "~", "", "2024-01-01", "2001-12-14t21:59:43.10-05:00",
	"12:30", "1:20:30", "R000001", "04518100", "47110",
	"- item", "? key", ": value", "key: value", "a #comment", "#hash", "&anchor", "*alias", "!tag", "!!str x", "%YAML",
	"@at", "`tick", "|", ">", "'single'", "\"double\"", "{a: 1}", "[1, 2]", "a, b", "x,y",
	" leading", "trailing ", "two  spaces", "tab\there", "line\nbreak", "line\n  indented", "\nleading break",
	"trailing break\n", "Ünïcødé – “quotes” ‘and’ …", "日本語の名前", "emoji 🐝", "back\\slash", "damaged \uFFFD text",
	"ls\u2028x", "bom\uFEFFx", "https://example.org/a?b=c#d",
	"Café: the co-op", "Co-op: 1", "-", "--", "---", "...", "=", "<<", "a\r\nb",
}

// numbers are decimal texts coordinates are kept as.
var numbers = []string{"0", "-0", "-0.0", "0.000000", "52", "-3", "0.5", "-0.000001", "51.4769", "89.999999999999", "-89.123456789012345", "90", "-90", "1.0"}

var validator = func() *schema.Validator {
	v, err := schema.NewProfile(schema.Dataset)
	if err != nil {
		panic(err)
	}
	return v
}()

// readBack reads a record file as validate reads it.
func readBack(t *testing.T, id string, b []byte) record.Record {
	t.Helper()
	doc, l := source.Parse("records/"+id+".yaml", source.YAML, b)
	if doc != nil {
		l = append(l, validator.Validate(doc)...)
	}
	if doc == nil || l.HasErrors() {
		t.Fatalf("the file written does not read back:\n%s\n%s", b, render(l))
	}
	r, rl := record.From(doc, record.Options{})
	if rl.HasErrors() {
		t.Fatalf("the file written does not read back:\n%s\n%s", b, render(rl))
	}
	return r
}

func render(l diag.List) string {
	var sb strings.Builder
	for _, d := range l {
		sb.WriteString(d.Error() + "\n")
	}
	return sb.String()
}

// valid reports whether s is a value the schema takes for a one-line field.
func line(s string) bool {
	return strings.TrimSpace(s) != "" && !strings.Contains(s, "\n") && len([]rune(s)) <= 500
}

// TestEveryValueReadsBack writes each tricky string into every kind of string field, and each
// number into the coordinates, and reads the file back through the record reader: the record
// must come back unchanged.
func TestEveryValueReadsBack(t *testing.T) {
	for i, s := range tricky {
		t.Run(strconv.Quote(s), func(t *testing.T) {
			r := base(fmt.Sprintf("r%d", i))
			if line(s) {
				r.Name = s
				r.Identifier = strings.TrimSpace(s)
				if r.Identifier == "" || r.Identifier != s {
					r.Identifier = "X" + strconv.Itoa(i)
				}
				r.Location.Locality = s
				r.Location.Postcode = s
				r.Registration.LegalForm = s
				r.Registration.Sector = s
			}
			if strings.TrimSpace(s) != "" {
				r.Description = []record.Text{{Lang: "en", Value: s}, {Lang: "no", Value: s + "!"}}
				r.Location.Street = s
				r.Sources[0].Quote = s
			}
			check(t, &r)
		})
	}
	for _, lat := range numbers {
		for _, lon := range numbers {
			t.Run(lat+","+lon, func(t *testing.T) {
				r := base("coords")
				r.Location.Latitude, r.Location.Longitude = lat, lon
				check(t, &r)
			})
		}
	}
}

// TestDatesReadBack: a status's date and a source's dates, in each form the schema takes, come
// back as written.
func TestDatesReadBack(t *testing.T) {
	for _, d := range []string{"2017", "2017-02", "2017-02-01", "1999-12-31"} {
		t.Run(d, func(t *testing.T) {
			r := base("dated")
			r.Status = "operating"
			r.StatusAsOf = d
			r.StatusSource = 1 // the reader ties the status to the source of that date
			r.Sources[0].Published = d
			r.Sources[0].Accessed = "2026-12-03"
			check(t, &r)
		})
	}
}

// TestGeneratedValuesReadBack does the same with random strings drawn from the characters
// that matter to YAML, and random decimal numbers.
func TestGeneratedValuesReadBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	// Control characters are left out: the record reader refuses them in text, and the
	// importers replace them (with a warning) before writing.
	alphabet := []rune("aZ09 -.,:;#&*!|>'\"%@`?{}[]\\/\t\n~+_=eE\u00e9\u2028\uFFFD\uFEFF")
	n := 2000
	if testing.Short() {
		n = 300
	}
	for i := range n {
		k := 1 + rng.IntN(12)
		rs := make([]rune, k)
		for j := range rs {
			rs[j] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(rs)
		r := base("gen")
		if line(s) {
			r.Name = s
			r.Location.Region = s
		}
		if strings.TrimSpace(s) != "" {
			r.Description = []record.Text{{Lang: "de", Value: s}}
		}
		lat := strconv.FormatFloat(rng.Float64()*180-90, 'f', rng.IntN(15), 64)
		lon := strconv.FormatFloat(float64(rng.IntN(361)-180), 'f', -1, 64)
		r.Location.Latitude, r.Location.Longitude = lat, lon
		t.Run(strconv.Itoa(i), func(t *testing.T) { check(t, &r) })
	}
}

func base(id string) record.Record {
	return record.Record{
		ID: id, Name: "Example Co-op", Identifier: "X1",
		Website:      "https://example.org/",
		Location:     &record.Location{Country: "GB"},
		Registration: record.Registration{CompaniesHouse: "04518100", SICCode: "47110"},
		ESSGlobal:    record.ESSGlobal{OrgStructure: "https://lod.coop/essglobal/2.1/standard/organisational-structure/OS60", Activities: []string{"https://lod.coop/essglobal/2.1/standard/activities-ica/ICA10"}},
		SameAs:       []string{"http://www.wikidata.org/entity/Q42"},
		Sources:      []record.Source{{URL: "https://example.org/open-data"}},
	}
}

func check(t *testing.T, r *record.Record) {
	t.Helper()
	b := recwrite.Encode(nil, r, "Imported: a comment\nof two lines")
	got := readBack(t, r.ID, b)
	// The reader keeps descriptions sorted by language.
	want := *r
	if want.Location != nil && want.Location.Latitude != "" {
		// Numbers read back as the same number (their text may differ only in form).
		for _, p := range [][2]string{{want.Location.Latitude, got.Location.Latitude}, {want.Location.Longitude, got.Location.Longitude}} {
			a, _ := strconv.ParseFloat(p[0], 64)
			z, err := strconv.ParseFloat(p[1], 64)
			if err != nil || a != z {
				t.Fatalf("coordinate %q read back as %q\n%s", p[0], p[1], b)
			}
		}
		loc := *want.Location
		loc.Latitude, loc.Longitude = got.Location.Latitude, got.Location.Longitude
		want.Location = &loc
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read back:\n%#v\nwant:\n%#v\nfile:\n%s", got, want, b)
	}
}
