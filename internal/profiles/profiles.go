// Package profiles reads Murmurations organisation profiles (JSON documents linked to
// organizations_schema-v1.0.0) and turns each into a record of an imported dataset. Each
// profile is first validated against vocab.MurmurationsProfileSchema, which states the
// constraints organizations_schema-v1.0.0 gives the fields mapped here (the Murmurations schema
// itself is GPL-3.0 and is not carried; the tests check agreement with it). A profile that fails
// is rejected with every problem at its line and column; a value with no place in a record is
// left out with a warning, and the profile is kept.
//
// What maps: name; primary_url (website); description (in Options.Lang); status (active →
// operating, in_planning → proposed, completed and cancelled → closed; on_hold has no
// counterpart); tags that are a platform type or a sector of the directory's schemes; the
// address (full_address, as one line: the street line of the location), country_iso_3166 and
// geolocation; starts_at (its year, UTC, as founded); relationships whose predicate is
// coop:related to a co-op of the same base (related), or schema:sameAs (http or https) or
// owl:sameAs to a known
// authority (same_as). unique_id is kept as the identifier.
package profiles

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coopgraph/coopgraph/internal/dcc"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/murmurations"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/recwrite"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/vocab"
)

// MaxFileSize is the largest profile read.
const MaxFileSize = 4 << 20

// Comment heads every record file this importer writes.
const Comment = "Imported by coopgraph import murmurations: correct the profile and re-import rather than edit this file."

// Options say how profiles become records.
type Options struct {
	// Source is the page the profiles were published at: every record's source.
	Source string
	// Lang is the language of the descriptions ("" means "en").
	Lang string
	// Base is the base IRI whose co-op IRIs (Base + "id/" + id) unique_id and relationships
	// may name, as coopgraph's own profiles do ("" means vocab.DefaultBase).
	Base string
}

// Result is what the profiles gave.
type Result struct {
	Records []dcc.Record // sorted by id
	Diags   diag.List
	Read    int // profiles read
	// NotImported counts the fields with no place in a record, by name.
	NotImported map[string]int
}

var (
	profileSchema = sync.OnceValues(func() (*schema.Validator, error) {
		return schema.CompileProfile(vocab.MurmurationsProfileSchema, nil)
	})
	recordSchema = sync.OnceValues(func() (*schema.Validator, error) { return schema.NewProfile(schema.Dataset) })
)

// Files lists the profiles of path: the file itself, or every *.json in the folder (not below),
// sorted.
func Files(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	files, err := filepath.Glob(filepath.Join(path, "*.json"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	return files, nil
}

// Read converts the profiles of files (name → content; shown names in diagnostics).
func Read(files []string, read func(string) ([]byte, error), opt Options) (*Result, error) {
	if opt.Lang == "" {
		opt.Lang = "en"
	}
	if opt.Base == "" {
		opt.Base = vocab.DefaultBase
	}
	if err := iri.CheckWeb(opt.Source); err != nil {
		return nil, fmt.Errorf("source %q is not a usable web address: %w", opt.Source, err)
	}
	pv, err := profileSchema()
	if err != nil {
		return nil, err
	}
	rv, err := recordSchema()
	if err != nil {
		return nil, err
	}
	res := &Result{NotImported: map[string]int{}}
	enums := enums{types: rv.Enum("type"), sectors: rv.Enum("sectors[]")}
	type made struct {
		r    *record.Record
		file string
		rel  []*source.Node // the relationship of each related id
	}
	var all []made
	taken := map[string]string{}
	for _, f := range files {
		res.Read++
		src, err := read(f)
		if err != nil {
			res.Diags.Errorf(f, diag.Position{}, "", "read", "profile rejected: %v", err)
			continue
		}
		doc, l := source.Parse(f, source.JSON, src)
		if doc != nil && doc.Root.Kind != source.Map {
			l.Errorf(f, doc.Root.Pos, "", "profile", "a profile is a JSON object")
		}
		if doc != nil && !l.HasErrors() {
			l = append(l, pv.Validate(doc)...)
		}
		if doc == nil || l.HasErrors() {
			for _, d := range l {
				if d.Severity == diag.Error {
					d.Message = "profile rejected: " + d.Message
				}
				res.Diags = append(res.Diags, d)
			}
			continue
		}
		c := &converter{file: f, doc: doc, opt: &opt, notImported: res.NotImported, enums: enums}
		r := c.convert()
		res.Diags = append(res.Diags, c.diags...)
		if r == nil {
			continue
		}
		if first, dup := taken[r.ID]; dup {
			res.Diags.Errorf(f, diag.Position{Line: 1, Col: 1}, "", "duplicate-id", "profile rejected: it gives the id %q, which %s already has", r.ID, first)
			continue
		}
		taken[r.ID] = f
		all = append(all, made{r: r, file: f, rel: c.relNodes})
	}
	for _, m := range all {
		r := m.r
		// A related co-op must be a record of the dataset.
		kept := r.Related[:0]
		for i, id := range r.Related {
			if _, ok := taken[id]; ok {
				kept = append(kept, id)
				continue
			}
			res.Diags.Warnf(m.file, m.rel[i].Pos, "relationships", "left-out", "the related co-op %s is not among the profiles imported; left out", id)
		}
		r.Related = kept
		b := recwrite.Encode(nil, r, Comment)
		if why := dcc.Check(rv, r.ID, b); why != "" {
			res.Diags.Errorf(m.file, diag.Position{Line: 1, Col: 1}, "", "invalid", "profile rejected: the record would be invalid: %s", why)
			continue
		}
		res.Records = append(res.Records, dcc.Record{ID: r.ID, Line: 1, YAML: b})
	}
	slices.SortFunc(res.Records, func(a, b dcc.Record) int { return strings.Compare(a.ID, b.ID) })
	res.Diags.Sort()
	return res, nil
}

type converter struct {
	file        string
	doc         *source.Document
	opt         *Options
	diags       diag.List
	notImported map[string]int
	enums       enums
	relNodes    []*source.Node // the relationship of each of the record's related ids
}

// enums are the directory's schemes a tag may name.
type enums struct{ types, sectors []string }

func (c *converter) str(key string) string {
	if n := c.doc.Root.Get(key); n != nil {
		if s, ok := n.Value.(string); ok {
			return s
		}
	}
	return ""
}

func (c *converter) drop(key string, n *source.Node, format string, args ...any) {
	pos := c.doc.Lookup(key)
	if n != nil {
		pos = n.Pos
	}
	c.diags.Warnf(c.file, pos, key, "left-out", format+"; left out", args...)
}

// text cleans a value as the CSV importer does, warning about what it replaced.
func (c *converter) text(key, s string, oneLine bool) string {
	out, control, damaged := dcc.Clean(s, oneLine)
	if control {
		c.diags.Warnf(c.file, c.doc.Lookup(key), key, "control-character", "control characters replaced by spaces in %q", out)
	}
	if damaged {
		c.diags.Warnf(c.file, c.doc.Lookup(key), key, "damaged-text", "%q holds U+FFFD, a character lost before the profile reached us; kept as it is", out)
	}
	return out
}

var statuses = map[string]string{"active": "operating", "in_planning": "proposed", "completed": "closed", "cancelled": "closed"}

// mapped are the fields this importer reads.
var mapped = []string{"linked_schemas", "name", "primary_url", "tags", "description", "status", "full_address",
	"country_iso_3166", "geolocation", "starts_at", "unique_id", "relationships"}

func (c *converter) convert() *record.Record {
	root := c.doc.Root
	for _, k := range root.Keys {
		if !slices.Contains(mapped, k) {
			c.notImported[k]++
		}
	}
	name := c.text("name", c.str("name"), true)
	if name == "" {
		c.diags.Errorf(c.file, c.doc.Lookup("name"), "name", "rejected", "profile rejected: the name is empty")
		return nil
	}
	ident := c.text("unique_id", c.str("unique_id"), true)
	r := &record.Record{Name: name}
	r.ID = c.id(ident, name)
	if r.ID == "" {
		c.diags.Errorf(c.file, diag.Position{Line: 1, Col: 1}, "", "rejected", "profile rejected: no id can be made of its unique_id, file name or name")
		return nil
	}
	if ident != "" {
		if len([]rune(ident)) > 200 {
			c.drop("unique_id", nil, "longer than 200 characters")
		} else {
			r.Identifier = ident
		}
	}
	if w := c.str("primary_url"); w != "" {
		if err := iri.CheckWeb(w); err != nil {
			c.drop("primary_url", nil, "%q is not an absolute http or https IRI (%v)", w, err)
		} else {
			r.Website = w
		}
	}
	if d := c.text("description", c.str("description"), false); d != "" {
		r.Description = []record.Text{{Lang: strings.ToLower(c.opt.Lang), Value: d}}
	}
	if s := c.str("status"); s != "" {
		if st, ok := statuses[s]; ok {
			r.Status = st
		} else {
			c.drop("status", nil, "%q has no counterpart among the record's statuses", s)
		}
	}
	c.tags(r)
	loc := &record.Location{}
	if a := c.text("full_address", c.str("full_address"), true); a != "" {
		if len([]rune(a)) > 500 {
			c.drop("full_address", nil, "longer than 500 characters")
		} else {
			loc.Street = a
		}
	}
	loc.Country = c.str("country_iso_3166")
	if g := root.Get("geolocation"); g != nil {
		lat, ok1 := number(g.Get("lat"))
		lon, ok2 := number(g.Get("lon"))
		if ok1 && ok2 {
			loc.Latitude, loc.Longitude = lat, lon
		}
	}
	if *loc != (record.Location{}) {
		r.Location = loc
	}
	if n := root.Get("starts_at"); n != nil {
		if v, ok := n.Value.(json.Number); ok {
			if f, err := v.Float64(); err == nil && !math.IsInf(f, 0) && math.Abs(f) < 1e12 {
				y := time.Unix(int64(f), 0).UTC().Year()
				if y >= 1800 && y <= time.Now().UTC().Year() {
					r.Founded = y
				} else {
					c.drop("starts_at", n, "%s is in the year %d", v, y)
				}
			}
		}
	}
	c.relationships(r)
	r.Sources = []record.Source{{URL: c.opt.Source}}
	return r
}

// id is the record's id: the last segment of unique_id when it is a co-op IRI of Options.Base,
// else the profile's file name, else its name, as the CSV importer makes ids.
func (c *converter) id(ident, name string) string {
	if rest, ok := strings.CutPrefix(ident, c.opt.Base+"id/"); ok && !strings.Contains(rest, "/") {
		if s := dcc.Slug(rest); s == rest && len(s) <= 80 {
			return s
		}
	}
	if s := dcc.Slug(strings.TrimSuffix(filepath.Base(c.file), filepath.Ext(c.file))); s != "" && len(s) <= 80 {
		return s
	}
	if s := dcc.Slug(name); s != "" && len(s) <= 80 {
		return s
	}
	return ""
}

// number returns a JSON number as the decimal text a record keeps.
func number(n *source.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	v, ok := n.Value.(json.Number)
	if !ok {
		return "", false
	}
	return dcc.Decimal(v.String())
}

// tags keeps the tags that name a platform type or a sector of the directory's schemes.
func (c *converter) tags(r *record.Record) {
	n := c.doc.Root.Get("tags")
	if n == nil {
		return
	}
	for _, it := range n.Items {
		t, _ := it.Value.(string)
		switch {
		case t == murmurations.PlatformTag:
			// coopgraph's own profiles say what the directory is about; the record's class says it.
		case slices.Contains(c.enums.types, t) && r.Type == "":
			r.Type = t
		case slices.Contains(c.enums.sectors, t):
			if !slices.Contains(r.Sectors, t) {
				r.Sectors = append(r.Sectors, t)
			}
		default:
			c.drop("tags", it, "tag %q is no platform type or sector of the directory's schemes", t)
		}
	}
}

// relationships keeps coop:related links to co-ops of the same base, and sameAs links to known
// authorities.
func (c *converter) relationships(r *record.Record) {
	n := c.doc.Root.Get("relationships")
	if n == nil {
		return
	}
	for i, it := range n.Items {
		p, _ := it.Get("predicate_url").Value.(string)
		o, _ := it.Get("object_url").Value.(string)
		switch p {
		case vocab.CoopRelated:
			rest, ok := strings.CutPrefix(o, c.opt.Base+"id/")
			if ok && dcc.Slug(rest) == rest && rest != "" {
				if !slices.Contains(r.Related, rest) {
					r.Related = append(r.Related, rest)
					c.relNodes = append(c.relNodes, it)
				}
				continue
			}
			c.drop("relationships", it, "relationships[%d]: %s is not a co-op of %s", i, o, c.opt.Base)
		case vocab.SchemaSameAs, "https://schema.org/sameAs", vocab.OWLSameAs:
			if err := record.CheckSameAs(o); err != nil {
				c.drop("relationships", it, "relationships[%d]: %v", i, err)
				continue
			}
			if !slices.Contains(r.SameAs, o) {
				r.SameAs = append(r.SameAs, o)
			}
		default:
			c.drop("relationships", it, "relationships[%d]: the predicate %s has no place in a record", i, strconv.Quote(p))
		}
	}
}
