// Package record is the typed form of a source record, built from a parsed file once the schema
// has accepted it, together with the checks JSON Schema cannot express: absolute IRIs, BCP 47
// language tags, the id matching the file name, real dates, years not in the future.
package record

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/source"
)

// Record is one co-op as its maintainers describe it.
type Record struct {
	ID   string
	Name string
	// Identifier is the organisation's identifier in the dataset the record was imported from
	// ("R000001"), or "".
	Identifier string
	Type       string // platform type slug, or "" when the record has none
	Status     string // status slug, or "" (records of imported datasets may have none)
	// StatusAsOf is the date the status is claimed as of (YYYY, YYYY-MM or YYYY-MM-DD): the date
	// of the source that supports it, or "".
	StatusAsOf string
	// StatusSource is the 1-based index in Sources of the source StatusAsOf is the date of (the
	// first whose date it is), or 0.
	StatusSource int
	Sectors      []string
	Description  []Text // sorted by language
	Website      string
	Location     *Location
	ESSGlobal    ESSGlobal
	// Registration is what a register of organisations says of it (imported datasets).
	Registration Registration
	Founded      int // 0 when unknown
	Members      []string
	Related      []string
	SameAs       []string
	Sources      []Source
	// Updated is the day the record was last checked against its sources (YYYY-MM-DD), or "".
	// It dates the dataset (dct:modified, dct:issued); it is not a statement about the co-op.
	Updated string
}

// Text is a string in one language.
type Text struct {
	Lang  string // lower case
	Value string
}

// Location is where a co-op is based.
type Location struct {
	Street, Locality, Region, Postcode, Country string
	// Latitude and Longitude keep the decimal text as written; both or neither are set.
	Latitude, Longitude string
	GeoContainer        string
}

// ESSGlobal holds concepts of the ESSGLOBAL schemes, as IRIs under vocab.ESSGlobalStandard;
// empty strings and a nil slice where the record gives none.
type ESSGlobal struct {
	OrgStructure    string
	PrimaryActivity string
	Activities      []string
	MembershipType  string
}

// Registration is what a register of organisations gives: the UK Companies House number and
// the register's own free-text classifications; empty strings where it gives none.
type Registration struct {
	CompaniesHouse string
	LegalForm      string
	SICCode        string
	SICSection     string
	Sector         string
	Ownership      string
}

// IsZero reports whether nothing is given.
func (g Registration) IsZero() bool { return g == Registration{} }

// IsZero reports whether no concept is given.
func (e ESSGlobal) IsZero() bool {
	return e.OrgStructure == "" && e.PrimaryActivity == "" && len(e.Activities) == 0 && e.MembershipType == ""
}

// Source is a page or dataset the record's facts come from and, for a page, the passage that
// supports them (Quote is "" for a dataset).
type Source struct {
	URL   string
	Quote string
	// Published is when the page says it was published or last updated (YYYY, YYYY-MM or
	// YYYY-MM-DD), or "" when it does not say.
	Published string
	// Accessed is the day the page was read (YYYY-MM-DD), or "".
	Accessed string
}

// Date is the date a source's claims are made as of: its Published date, or, for a page that
// gives none, the day it was read.
func (s Source) Date() string {
	if s.Published != "" {
		return s.Published
	}
	return s.Accessed
}

// Options tune the checks of From and Check.
type Options struct {
	// ThisYear is the latest year accepted for "founded"; 0 turns the check off.
	ThisYear int
	// AllowPlaceholders makes the placeholders of a new record's skeleton ("TODO" text,
	// values marked "# TODO", example.org addresses) warnings instead of errors: validate
	// allows them, export (which publishes) does not.
	AllowPlaceholders bool
}

// From builds the Record of a document the schema has accepted, and reports what the schema
// cannot check: a file name that is not the id, language keys that are not BCP 47 tags, web
// addresses that are not absolute http(s) IRIs, same_as IRIs of unknown authorities, years in
// the future, placeholders. It never panics on a document the schema rejected; it just
// returns less. Check runs the schema and From together.
func From(doc *source.Document, opt Options) (Record, diag.List) {
	var l diag.List
	root := doc.Root
	r := Record{
		ID:         str(root.Get("id")),
		Name:       str(root.Get("name")),
		Identifier: str(root.Get("identifier")),
		Type:       str(root.Get("type")),
		Status:     str(root.Get("status")),
		StatusAsOf: str(root.Get("status_as_of")),
		Sectors:    strs(root.Get("sectors")),
		Website:    str(root.Get("website")),
		Members:    strs(root.Get("members")),
		Related:    strs(root.Get("related")),
		SameAs:     strs(root.Get("same_as")),
		Updated:    str(root.Get("updated")),
	}
	errf := func(n *source.Node, field, code, format string, args ...any) {
		pos := doc.Root.Pos
		if n != nil {
			pos = n.Pos
		}
		l.Errorf(doc.File, pos, field, code, format, args...)
	}

	if checkFileName(doc, r.ID, &l) {
		if idNode := root.Get("id"); idNode != nil && r.ID != "" && r.ID != doc.Name {
			errf(idNode, "id", "id-file", "id %q does not match the file name %q; rename the file to %s%s or change the id to %q", r.ID, doc.Name, r.ID, ext(doc.File), doc.Name)
		}
	}
	checkPlaceholders(doc, opt, &l)
	if d := root.Get("description"); d != nil && d.Kind == source.Map {
		// The languages seen so far, lower-cased, and as written: a record has a few.
		var seen, written []string
		for i, k := range d.Keys {
			lk := strings.ToLower(k)
			field := func() string { return "description." + k }
			if err := iri.CheckLang(k); err != nil {
				msg := fmt.Sprintf("%s is not a BCP 47 language tag: use a 2- or 3-letter language code, optionally with script or region, like \"en\", \"de\", \"pt-BR\" or \"zh-Hant\"", strconv.Quote(k))
				if s := suggestLang(k); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
				l.Errorf(doc.File, d.KeyPos[i], field(), "language", "%s", msg)
				continue
			}
			if j := slices.Index(seen, lk); j >= 0 {
				l.Errorf(doc.File, d.KeyPos[i], field(), "language", "language %q is given twice (also as %q)", k, written[j])
				continue
			}
			seen, written = append(seen, lk), append(written, k)
			r.Description = append(r.Description, Text{Lang: lk, Value: str(d.Items[i])})
		}
		sort.Slice(r.Description, func(i, j int) bool { return r.Description[i].Lang < r.Description[j].Lang })
	}
	// field builds the name of the field: only for a diagnostic.
	checkWeb := func(n *source.Node, field func() string) {
		s, ok := n.Value.(string)
		if !ok {
			return
		}
		if err := iri.CheckWeb(s); err != nil {
			errf(n, field(), "iri", "%s", webProblem(s, err))
		}
	}
	if n := root.Get("website"); n != nil {
		checkWeb(n, func() string { return "website" })
	}
	if n := root.Get("same_as"); n != nil && n.Kind == source.Seq {
		for i, it := range n.Items {
			s, ok := it.Value.(string)
			if !ok {
				continue
			}
			if err := CheckSameAs(s); err != nil {
				errf(it, "same_as["+strconv.Itoa(i)+"]", "same-as", "%v", err)
			}
		}
	}
	if n := root.Get("sources"); n != nil && n.Kind == source.Seq {
		for i, it := range n.Items {
			field := func() string { return "sources[" + strconv.Itoa(i) + "]" }
			if u := it.Get("url"); u != nil {
				checkWeb(u, func() string { return field() + ".url" })
			}
			src := Source{URL: str(it.Get("url")), Quote: str(it.Get("quote"))}
			if d := it.Get("published"); d != nil {
				src.Published = checkDate(doc, d, field()+".published", false, opt, &l)
			}
			if d := it.Get("accessed"); d != nil {
				src.Accessed = checkDate(doc, d, field()+".accessed", true, opt, &l)
				if src.Published != "" && src.Accessed != "" && src.Accessed < src.Published {
					errf(d, field()+".accessed", "date", "read on %s, before the page's own date %s", src.Accessed, src.Published)
				}
			}
			r.Sources = append(r.Sources, src)
		}
	}
	if n := root.Get("status_as_of"); n != nil {
		r.StatusAsOf = checkDate(doc, n, "status_as_of", false, opt, &l)
		checkStatusDate(doc, n, &r, opt, &l)
	}
	if n := root.Get("location"); n != nil && n.Kind == source.Map {
		loc := &Location{
			Street:       str(n.Get("street")),
			Locality:     str(n.Get("locality")),
			Region:       str(n.Get("region")),
			Postcode:     str(n.Get("postcode")),
			Country:      str(n.Get("country")),
			Latitude:     num(n.Get("latitude")),
			Longitude:    num(n.Get("longitude")),
			GeoContainer: str(n.Get("geo_container")),
		}
		if g := n.Get("geo_container"); g != nil {
			checkWeb(g, func() string { return "location.geo_container" })
			checkGeoContainer(doc, g, loc, &l)
		}
		r.Location = loc
	}
	if n := root.Get("essglobal"); n != nil && n.Kind == source.Map {
		// The schema's patterns fix the form of each IRI; they are absolute by construction.
		r.ESSGlobal = ESSGlobal{
			OrgStructure:    str(n.Get("organisational_structure")),
			PrimaryActivity: str(n.Get("primary_activity")),
			Activities:      strs(n.Get("activities")),
			MembershipType:  str(n.Get("membership_type")),
		}
	}
	if n := root.Get("registration"); n != nil && n.Kind == source.Map {
		r.Registration = Registration{
			CompaniesHouse: str(n.Get("companies_house")),
			LegalForm:      str(n.Get("legal_form")),
			SICCode:        str(n.Get("sic_code")),
			SICSection:     str(n.Get("sic_section")),
			Sector:         str(n.Get("sector")),
			Ownership:      str(n.Get("ownership")),
		}
	}
	if n := root.Get("founded"); n != nil {
		if y, ok := year(num(n)); ok {
			r.Founded = y
			if opt.ThisYear > 0 && y > opt.ThisYear {
				errf(n, "founded", "future", "year %d is in the future", y)
			}
		}
	}
	if n := root.Get("updated"); n != nil && r.Updated != "" {
		if d, err := time.Parse(time.DateOnly, r.Updated); err != nil {
			errf(n, "updated", "date", "%q is not a real date (want YYYY-MM-DD, like 2026-11-25)", r.Updated)
			r.Updated = ""
		} else if opt.ThisYear > 0 && d.Year() > opt.ThisYear {
			errf(n, "updated", "future", "date %s is in the future", r.Updated)
		}
	}
	return r, l
}

// year reads a whole number written as JSON allows ("2013", "2013.0", "2.013e3").
func year(s string) (int, bool) {
	if y, err := strconv.Atoi(s); err == nil {
		return y, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		return 0, false
	}
	return int(f), true
}

// languageNames are the tags of languages people may write out by name.
var languageNames = map[string]string{
	"english": "en", "german": "de", "deutsch": "de", "french": "fr", "francais": "fr", "français": "fr",
	"spanish": "es", "espanol": "es", "español": "es", "italian": "it", "italiano": "it",
	"portuguese": "pt", "dutch": "nl", "nederlands": "nl", "korean": "ko", "japanese": "ja",
	"chinese": "zh", "catalan": "ca", "catala": "ca", "català": "ca", "greek": "el", "polish": "pl",
	"swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi", "russian": "ru", "arabic": "ar",
	"hebrew": "he", "turkish": "tr", "hindi": "hi",
}

// suggestLang guesses the tag meant by a malformed language key: "en_US" → "en-US",
// "English" → "en".
func suggestLang(k string) string {
	if t, ok := languageNames[strings.ToLower(k)]; ok {
		return t
	}
	if s := strings.ReplaceAll(k, "_", "-"); s != k && iri.CheckLang(s) == nil {
		return s
	}
	return ""
}

func str(n *source.Node) string {
	if n == nil {
		return ""
	}
	s, _ := n.Value.(string)
	return s
}

func num(n *source.Node) string {
	if n == nil {
		return ""
	}
	if v, ok := n.Value.(json.Number); ok {
		return v.String()
	}
	return ""
}

func strs(n *source.Node) []string {
	if n == nil || n.Kind != source.Seq {
		return nil
	}
	out := make([]string, 0, len(n.Items))
	for _, it := range n.Items {
		if s, ok := it.Value.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
