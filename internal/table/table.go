// Package table reads the tables directories keep (CSV, TSV, a JSON array of objects, a GeoJSON
// FeatureCollection) and turns each row into a record through a mapping file, which says for
// each field of the record which column holds it, how values map onto the record's enumerations
// ("Worker co-op" → members: [worker]), which columns hold the description in which language,
// whether a column holds country names to read as ISO codes, and how ids are made. A GeoJSON
// feature's point geometry gives the position unless the mapping names columns for it.
//
// Every record goes through the record reader, the schema and the record checks, as validate
// runs them; a row is rejected only when it has no usable name or id (or repeats an earlier
// row's id); a value that cannot be kept is left out with a warning at its cell.
package table

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/coopgraph/coopgraph/internal/countries"
	"github.com/coopgraph/coopgraph/internal/dcc"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/recwrite"
	"github.com/coopgraph/coopgraph/internal/schema"
)

// MaxFileSize is the largest table read.
const MaxFileSize = 256 << 20

// Comment heads every record file this importer writes.
const Comment = "Imported by coopgraph import table: correct the table or the mapping and re-import rather than edit this file."

// Options say how rows become records.
type Options struct {
	File   string // names the table in diagnostics
	Source string // the page the table was published at: every record's source
}

// Result is what a table gave.
type Result struct {
	Records []dcc.Record // sorted by id
	Diags   diag.List
	Rows    int
	// NotMapped are the columns with values that the mapping does not read, in table order.
	NotMapped []dcc.Column
}

// Validator is the schema every record is held to (the base profile of imported datasets).
var Validator = sync.OnceValues(func() (*schema.Validator, error) { return schema.NewProfile(schema.Dataset) })

// Convert maps every row of t.
func Convert(t *Table, m *Mapping, opt Options) (*Result, error) {
	if err := iri.CheckWeb(opt.Source); err != nil {
		return nil, fmt.Errorf("source %q is not a usable web address: %w", opt.Source, err)
	}
	v, err := Validator()
	if err != nil {
		return nil, err
	}
	res := &Result{Diags: append(diag.List{}, t.Diags...), Rows: len(t.Rows) + countRejected(t.Diags)}
	used := m.columns()
	counts := map[string]int{}
	taken := map[string]int{}
	for i := range t.Rows {
		row := &t.Rows[i]
		for c, cell := range row.Cells {
			if !used[c] && len(cell.Values()) > 0 {
				counts[c]++
			}
		}
		cv := &converter{file: opt.File, row: row, m: m}
		r := cv.convert()
		res.Diags = append(res.Diags, cv.diags...)
		if r == nil {
			continue
		}
		if first, dup := taken[r.ID]; dup {
			res.Diags.Errorf(opt.File, row.Pos, "id", "duplicate-id", "row %d rejected: its id %q is the id of row %d already (say how ids are made in the mapping: id: {template: …})", row.Num, r.ID, first)
			continue
		}
		r.Sources = []record.Source{{URL: opt.Source}}
		b := recwrite.Encode(nil, r, Comment)
		if why := dcc.Check(v, r.ID, b); why != "" {
			res.Diags.Errorf(opt.File, row.Pos, "", "invalid", "row %d rejected: the record would be invalid: %s", row.Num, why)
			continue
		}
		taken[r.ID] = row.Num
		res.Records = append(res.Records, dcc.Record{ID: r.ID, Line: row.Pos.Line, YAML: b})
	}
	for _, c := range t.Columns {
		if counts[c] > 0 {
			res.NotMapped = append(res.NotMapped, dcc.Column{Name: c, Values: counts[c], Why: "the mapping does not read it"})
		}
	}
	slices.SortFunc(res.Records, func(a, b dcc.Record) int { return strings.Compare(a.ID, b.ID) })
	res.Diags.Sort()
	return res, nil
}

func countRejected(l diag.List) int {
	n := 0
	for _, d := range l {
		if d.Severity == diag.Error {
			n++
		}
	}
	return n
}

type converter struct {
	file  string
	row   *Row
	m     *Mapping
	diags diag.List
}

// at is where field f's first column is in the row (the row's start when it has none).
func (c *converter) at(f *Field) diag.Position {
	if f != nil {
		for _, col := range f.From {
			if cell, ok := c.row.Cells[col]; ok {
				return cell.Pos
			}
		}
	}
	return c.row.Pos
}

func (c *converter) warn(field string, f *Field, code, format string, args ...any) {
	c.diags.Warnf(c.file, c.at(f), field, code, "row %d: "+format, append([]any{c.row.Num}, args...)...)
}

// raw returns field f's values as the table gives them, cleaned: one per column (or list item,
// or piece of a split), before any value map.
func (c *converter) raw(name string, f *Field, oneLine bool) []string {
	if f == nil {
		return nil
	}
	var vals []string
	if f.Template != "" {
		s := f.Template
		for _, col := range templateColumns(f.Template) {
			s = strings.ReplaceAll(s, "{"+col+"}", strings.Join(c.row.Cells[col].Values(), " "))
		}
		vals = []string{s}
	} else {
		for _, col := range f.From {
			vals = append(vals, c.row.Cells[col].Values()...)
		}
	}
	var out []string
	for _, v := range vals {
		parts := []string{v}
		if f.Split != "" {
			parts = strings.Split(v, f.Split)
		}
		for _, p := range parts {
			s, control, damaged := dcc.Clean(p, oneLine)
			if control {
				c.warn(name, f, "control-character", "control characters replaced by spaces in %q", s)
			}
			if damaged {
				c.warn(name, f, "damaged-text", "%q holds U+FFFD, a character lost before the table reached us; kept as it is", s)
			}
			if s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// values returns field f's values after its value map and prefix.
func (c *converter) values(name string, f *Field, oneLine bool) []string {
	raw := c.raw(name, f, oneLine)
	if f == nil || f.Values == nil {
		if f != nil && f.Prefix != "" {
			for i := range raw {
				raw[i] = f.Prefix + raw[i]
			}
		}
		return raw
	}
	var out []string
	for _, v := range raw {
		tos, ok := f.Values[key(v)]
		if !ok {
			c.warn(name, f, "unmapped-value", "%q has no entry in the mapping's values; left out", v)
			continue
		}
		for _, to := range tos {
			if !slices.Contains(out, f.Prefix+to) {
				out = append(out, f.Prefix+to)
			}
		}
	}
	return out
}

// one returns a one-line field: its values joined.
func (c *converter) one(name string, f *Field) string {
	vs := c.values(name, f, true)
	sep := ", "
	if f != nil {
		sep = f.Join
	}
	s := strings.Join(vs, sep)
	if n := len([]rune(s)); n > 500 {
		c.warn(name, f, "left-out", "%d characters, more than the 500 a record takes; left out", n)
		return ""
	}
	return s
}

func (c *converter) convert() *record.Record {
	m := c.m
	r := &record.Record{}
	r.Name = c.one("name", m.Name)
	if r.Name == "" {
		c.diags.Errorf(c.file, c.at(m.Name), "name", "rejected", "row %d rejected: the name is empty", c.row.Num)
		return nil
	}
	r.Identifier = c.one("identifier", m.Identifier)
	idf := m.ID
	if idf == nil {
		idf = m.Name
	}
	r.ID = dcc.Slug(strings.Join(c.raw("id", idf, true), " "))
	if len(r.ID) > 80 {
		r.ID = strings.TrimRight(r.ID[:80], "-")
	}
	if r.ID == "" {
		c.diags.Errorf(c.file, c.at(idf), "id", "rejected", "row %d rejected: no id can be made (no letters or digits in its id columns)", c.row.Num)
		return nil
	}
	if w := c.one("website", m.Website); w != "" {
		if err := iri.CheckWeb(w); err != nil {
			c.warn("website", m.Website, "left-out", "%q is not an absolute http or https IRI (%v); left out", w, err)
		} else {
			r.Website = w
		}
	}
	langs := make([]string, 0, len(m.Description))
	for l := range m.Description {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	for _, l := range langs {
		f := m.Description[l]
		if d := strings.Join(c.values("description."+l, f, false), "\n"); d != "" {
			r.Description = append(r.Description, record.Text{Lang: l, Value: d})
		}
	}
	r.Status = c.one("status", m.Status)
	r.Type = c.one("type", m.Type)
	r.Sectors = c.values("sectors", m.Sectors, true)
	r.Members = c.values("members", m.Members, true)
	for _, s := range c.values("same_as", m.SameAs, true) {
		if err := record.CheckSameAs(s); err != nil {
			c.warn("same_as", m.SameAs, "left-out", "%v; left out", err)
			continue
		}
		r.SameAs = append(r.SameAs, s)
	}
	if y := c.one("founded", m.Founded); y != "" {
		if n, err := strconv.Atoi(y[:min(len(y), 4)]); err == nil && len(y) >= 4 && n >= 1800 && n <= 9999 {
			r.Founded = n // a year, or a date starting with one
		} else {
			c.warn("founded", m.Founded, "left-out", "%q is not a year; left out", y)
		}
	}
	r.Location = c.location()
	return r
}

func (c *converter) location() *record.Location {
	lm := c.m.Location
	loc := &record.Location{}
	if f := lm["street"]; f != nil {
		s := strings.Join(c.values("location.street", f, false), "\n")
		if len([]rune(s)) > 500 {
			c.warn("location.street", f, "left-out", "more than the 500 characters a record takes; left out")
		} else {
			loc.Street = s
		}
	}
	loc.Locality = c.one("location.locality", lm["locality"])
	loc.Region = c.one("location.region", lm["region"])
	loc.Postcode = c.one("location.postcode", lm["postcode"])
	if f := lm["country"]; f != nil {
		if s := c.one("location.country", f); s != "" {
			switch code, ok := countries.Code(s); {
			case f.Countries && ok:
				loc.Country = code
			case !f.Countries && len(s) == 2 && ok && strings.EqualFold(code, s):
				loc.Country = code
			case !f.Countries && ok:
				c.warn("location.country", f, "left-out", "%q is a country name, not an ISO code: say countries: true in the mapping; left out", s)
			default:
				c.warn("location.country", f, "left-out", "%q is no country known here; left out", s)
			}
		}
	}
	lat, lon := c.one("location.latitude", lm["latitude"]), c.one("location.longitude", lm["longitude"])
	if lat == "" && lon == "" && lm["latitude"] == nil {
		lat, lon = c.row.Lat, c.row.Lon // the feature's point
	}
	if lat != "" || lon != "" {
		la, ok1 := dcc.Decimal(lat)
		lo, ok2 := dcc.Decimal(lon)
		fa, _ := strconv.ParseFloat(la, 64)
		fo, _ := strconv.ParseFloat(lo, 64)
		switch {
		case !ok1 || !ok2:
			c.warn("location.latitude", lm["latitude"], "left-out", "%q, %q is not a position in decimal degrees; left out", lat, lon)
		case fa < -90 || fa > 90 || fo < -180 || fo > 180:
			c.warn("location.latitude", lm["latitude"], "left-out", "%s, %s is outside -90…90, -180…180; left out", la, lo)
		default:
			loc.Latitude, loc.Longitude = la, lo
		}
	}
	if why := dcc.Place(loc); why != "" {
		c.warn("location.locality", lm["locality"], "not-placed", "no position: %s", why)
	}
	if *loc == (record.Location{}) {
		return nil
	}
	return loc
}
