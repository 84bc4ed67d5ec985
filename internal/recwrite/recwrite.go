// Package recwrite writes a record.Record as the YAML file the record reader reads back to the
// same Record: the importers' one way of writing records. Strings are written plain when no YAML
// reader could take them for anything else, as a literal block when they have several clean
// lines, and double-quoted with escapes otherwise, so that "true", "1e5", "0x1F", "2024-01-01",
// "null" or " padded " stay the strings they are; numbers are written as the decimal text they
// hold, with no tag (a tag such as !!float is refused by the record reader).
//
// Encode writes what it is given: it does not validate. Run the result through the record
// reader (source.Parse, the schema, record.From) before keeping it.
package recwrite

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/record"
)

// Encode appends the YAML file of r to dst: the fields in the schema's order, comment (when not
// "") as a comment on the first lines, and a final newline.
func Encode(dst []byte, r *record.Record, comment string) []byte {
	w := writer{b: dst}
	if comment != "" {
		for _, l := range strings.Split(comment, "\n") {
			w.b = append(w.b, "# "...)
			w.b = append(w.b, l...)
			w.b = append(w.b, '\n')
		}
	}
	w.str(0, "id", r.ID)
	w.str(0, "name", r.Name)
	w.str(0, "identifier", r.Identifier)
	w.str(0, "type", r.Type)
	w.str(0, "status", r.Status)
	// Dates are written plain, as a person writes them (2017, 2017-02, 2017-02-01): the schema
	// has already held them to those forms, which the reader takes back as they were.
	w.num(0, "status_as_of", r.StatusAsOf)
	w.list(0, "sectors", r.Sectors)
	if len(r.Description) > 0 {
		w.block("description")
		for _, d := range r.Description {
			w.str(1, d.Lang, d.Value)
		}
	}
	w.str(0, "website", r.Website)
	if l := r.Location; l != nil && *l != (record.Location{}) {
		w.block("location")
		w.str(1, "street", l.Street)
		w.str(1, "locality", l.Locality)
		w.str(1, "region", l.Region)
		w.str(1, "postcode", l.Postcode)
		w.str(1, "country", l.Country)
		w.num(1, "latitude", l.Latitude)
		w.num(1, "longitude", l.Longitude)
		w.str(1, "geo_container", l.GeoContainer)
	}
	if e := r.ESSGlobal; !e.IsZero() {
		w.block("essglobal")
		w.str(1, "organisational_structure", e.OrgStructure)
		w.str(1, "primary_activity", e.PrimaryActivity)
		w.list(1, "activities", e.Activities)
		w.str(1, "membership_type", e.MembershipType)
	}
	if g := r.Registration; !g.IsZero() {
		w.block("registration")
		w.str(1, "companies_house", g.CompaniesHouse)
		w.str(1, "legal_form", g.LegalForm)
		w.str(1, "sic_code", g.SICCode)
		w.str(1, "sic_section", g.SICSection)
		w.str(1, "sector", g.Sector)
		w.str(1, "ownership", g.Ownership)
	}
	if r.Founded != 0 {
		w.num(0, "founded", strconv.Itoa(r.Founded))
	}
	w.list(0, "members", r.Members)
	w.list(0, "related", r.Related)
	w.list(0, "same_as", r.SameAs)
	w.str(0, "updated", r.Updated)
	if len(r.Sources) > 0 {
		w.block("sources")
		for _, s := range r.Sources {
			w.b = append(w.b, "  - url:"...)
			w.scalar(2, s.URL)
			w.num(2, "published", s.Published)
			w.num(2, "accessed", s.Accessed)
			if s.Quote != "" {
				w.str(2, "quote", s.Quote)
			}
		}
	}
	return w.b
}

type writer struct{ b []byte }

func (w *writer) key(depth int, k string) {
	for range depth {
		w.b = append(w.b, "  "...)
	}
	if plain(k) {
		w.b = append(w.b, k...)
	} else {
		w.b = quoted(w.b, k)
	}
	w.b = append(w.b, ':')
}

// block starts the top-level mapping or list k: "k:" on a line of its own.
func (w *writer) block(k string) {
	w.key(0, k)
	w.b = append(w.b, '\n')
}

// str writes "k: v" at depth, nothing when v is "".
func (w *writer) str(depth int, k, v string) {
	if v == "" {
		return
	}
	w.key(depth, k)
	w.scalar(depth+1, v)
}

// num writes a number as its decimal text, nothing when v is "".
func (w *writer) num(depth int, k, v string) {
	if v == "" {
		return
	}
	w.key(depth, k)
	w.b = append(w.b, ' ')
	w.b = append(w.b, v...)
	w.b = append(w.b, '\n')
}

func (w *writer) list(depth int, k string, vs []string) {
	if len(vs) == 0 {
		return
	}
	w.key(depth, k)
	w.b = append(w.b, '\n')
	for _, v := range vs {
		for range depth + 1 {
			w.b = append(w.b, "  "...)
		}
		w.b = append(w.b, '-')
		w.scalar(depth+2, v)
	}
}

// scalar writes " v\n" (or a literal block indented to depth) after a key or dash.
func (w *writer) scalar(depth int, v string) {
	switch {
	case plain(v):
		w.b = append(w.b, ' ')
		w.b = append(w.b, v...)
		w.b = append(w.b, '\n')
	case literal(v):
		w.b = append(w.b, " |-\n"...)
		for l := range strings.SplitSeq(v, "\n") {
			for range depth {
				w.b = append(w.b, "  "...)
			}
			w.b = append(w.b, l...)
			w.b = append(w.b, '\n')
		}
	default:
		w.b = append(w.b, ' ')
		w.b = quoted(w.b, v)
		w.b = append(w.b, '\n')
	}
}

// words that some YAML reader (1.1 or 1.2) takes for something other than a string.
var special = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true, "y": true, "n": true,
	"null": true, "nan": true, "inf": true,
}

// plain reports whether s may be written as a plain scalar: it starts with a letter, holds only
// letters, digits, marks, spaces and punctuation that means nothing in a plain scalar, has no
// ": " or trailing space or colon, and is no word a YAML reader gives a meaning.
func plain(s string) bool {
	if s == "" || len(s) > 500 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(first) {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= 0x80 {
			return plainRunes(s[i:]) && plainEnd(s)
		}
		if !plainASCII[b] || b == ' ' && (prev == ' ' || prev == ':') {
			return false
		}
		prev = b
	}
	return plainEnd(s)
}

func plainEnd(s string) bool {
	if strings.Contains(s, ": ") || strings.HasSuffix(s, " ") || strings.HasSuffix(s, ":") || strings.Contains(s, "  ") {
		return false
	}
	return len(s) > 5 || !special[strings.ToLower(s)]
}

func plainRunes(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x80:
			if !plainASCII[r] {
				return false
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		default:
			return false
		}
	}
	return true
}

// plainASCII are the ASCII characters a plain scalar may hold past its first.
var plainASCII = func() (t [128]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range " -.,'()/_+;@&=~!?%*$:" {
		t[c] = true
	}
	return t
}()

// literal reports whether s, of several lines, may be written as a literal block: every line
// non-empty, without surrounding spaces, of printable characters only.
func literal(s string) bool {
	if !strings.Contains(s, "\n") {
		return false
	}
	for l := range strings.SplitSeq(s, "\n") {
		if l == "" || l != strings.TrimSpace(l) {
			return false
		}
		for _, r := range l {
			if !printable(r) {
				return false
			}
		}
	}
	return true
}

// printable: what YAML allows unescaped and no reader takes for a line break or a mark.
func printable(r rune) bool {
	switch {
	case r == utf8.RuneError, r == '\uFEFF', r == '\u0085', r == '\u2028', r == '\u2029':
		return false
	case r < 0x20, r == 0x7F, r >= 0x80 && r < 0xA0:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}

const hex = "0123456789ABCDEF"

// quoted appends s as a YAML double-quoted scalar.
func quoted(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"':
			b = append(b, `\"`...)
		case r == '\\':
			b = append(b, `\\`...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\t':
			b = append(b, `\t`...)
		case printable(r) && !(r == utf8.RuneError):
			b = utf8.AppendRune(b, r)
		case r <= 0xFF:
			b = append(b, '\\', 'x', hex[r>>4], hex[r&15])
		case r <= 0xFFFF:
			b = append(b, '\\', 'u', hex[r>>12], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		default:
			b = append(b, '\\', 'U')
			for i := 28; i >= 0; i -= 4 {
				b = append(b, hex[r>>uint(i)&15])
			}
		}
	}
	return append(b, '"')
}
