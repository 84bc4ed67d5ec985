package recordtest

import (
	"strings"
	"testing"
)

// TestNastyAreValid makes sure the nasty strings and IRIs pass validation in every field, so
// that the tests and fuzz seeds built on them exercise the writers, not just the checks.
func TestNastyAreValid(t *testing.T) {
	for i, s := range Nasty {
		f := Fields{Name: s, Lang: "zh-Hant-TW", Description: s, Website: NastyIRIs[i%len(NastyIRIs)], Street: s, Locality: s, Postcode: s, URL: NastyIRIs[(i+1)%len(NastyIRIs)], Quote: s}
		rec, triples, l := Map("nasty.json", JSON("nasty", f))
		if rec == nil || len(l) > 0 {
			t.Errorf("%q: %v", s, l)
			continue
		}
		if rec.Name != s || rec.Description[0].Value != s || rec.Sources[0].Quote != s || rec.Location.Street != s {
			t.Errorf("%q read as %+v", s, rec)
		}
		if len(triples) < 20 {
			t.Errorf("%q: %d triples", s, len(triples))
		}
	}
	if l := Long(100_000); len(l) < 99_000 || len(l) > 100_001 || !strings.Contains(l, `"""`) {
		t.Errorf("Long(100000) has %d bytes", len(l))
	}
	rec, _, l := Map("long.json", JSON("long", Fields{Description: Long(100_000)}))
	if rec == nil {
		t.Errorf("a 100 kB description is refused: %v", l)
	}
}

// TestRefusedStrings shows that what must not pass gets an error, not a record.
func TestRefusedStrings(t *testing.T) {
	for _, f := range []Fields{
		{Name: "a\x00b"},
		{Name: "\xff"},
		{Lang: "english"},
		{Website: "javascript:alert(1)"},
		{Website: "https://a b/"},
		{URL: "data:,x"},
		{Quote: "   "},
		{Street: "bell\a"},
		{Website: "https://nasty.test/\U0001F600"},
		{Website: "HTTPS://NASTY.TEST/"},
		{URL: "http://nasty.test:80/"},
		{Website: "http://\U0001F600/"},
	} {
		if rec, _, l := Map("refused.json", JSON("refused", f)); rec != nil || !l.HasErrors() {
			t.Errorf("%+v: accepted", f)
		}
	}
}
