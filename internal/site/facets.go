package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/vocab"
)

// row is a co-op as the lists, the search, the map and the charts need it, and no more, since
// the site keeps one per record until it finishes.
type row struct {
	ID, Name, Identifier string
	Type                 string   // platform type slug, "" when none
	Status               string   // status slug, or ""
	Sectors, Members     []string // slugs
	Country              string   // ISO 3166-1 alpha-2, or ""
	Lat, Lon             float64
	Placed               bool // Lat and Lon are known
	// ESSGLOBAL concepts (IRIs), for imported datasets.
	Structure, Activity, Membership string
}

func rowOf(r *record.Record) row {
	w := row{ID: r.ID, Name: r.Name, Identifier: r.Identifier, Type: r.Type, Status: r.Status,
		Sectors: slices.Clone(r.Sectors), Members: slices.Clone(r.Members),
		Structure: r.ESSGlobal.OrgStructure, Activity: r.ESSGlobal.PrimaryActivity, Membership: r.ESSGlobal.MembershipType}
	if loc := r.Location; loc != nil {
		w.Country = loc.Country
		lat, err1 := strconv.ParseFloat(loc.Latitude, 64)
		lon, err2 := strconv.ParseFloat(loc.Longitude, 64)
		if err1 == nil && err2 == nil && math.Abs(lat) <= 90 && math.Abs(lon) <= 180 {
			// Four decimals place a point within 11 m: more than a map of the world shows.
			w.Lat, w.Lon, w.Placed = math.Round(lat*1e4)/1e4, math.Round(lon*1e4)/1e4, true
		}
	}
	return w
}

// noType is the value of the platform type of the directory's co-ops outside the typology.
const noType = "none"

// hasValues reports whether some co-op of s has a value of f.
func hasValues(s *set, f *facet) bool {
	for i := range s.rows {
		if len(f.values(s, &s.rows[i])) > 0 {
			return true
		}
	}
	return false
}

// facet is a property of the co-ops the pages filter and chart by.
type facet struct {
	Key   string // the name of its filter and of its URL parameter
	Label string // what it is called in the pages
	Chart string // the title of its chart
	Multi bool   // a co-op may have several values
	// values returns a co-op's values (slugs, codes or IRIs).
	values func(set *set, r *row) []string
	// label names a value for people.
	label func(ont *Ontology, v string) string
}

func one(v string) []string {
	if v == "" {
		return nil
	}
	return []string{v}
}

// conceptLabel names a concept of the coopgraph ontology under namespace ns.
func conceptLabel(ns string) func(ont *Ontology, v string) string {
	return func(ont *Ontology, v string) string {
		if v == noType {
			return "not in the typology"
		}
		if t := ont.Term(ns + v); t != nil {
			return t.Label
		}
		return v
	}
}

// essLabel names an ESSGLOBAL concept by its scheme and code ("organisational-structure
// OS60"): the concept schemes' labels are not part of the ontology the export ships.
func essLabel(_ *Ontology, v string) string {
	rest := strings.TrimPrefix(v, vocab.ESSGlobalStandard)
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		return rest[i+1:] + " (" + rest[:i] + ")"
	}
	return rest
}

func plain(_ *Ontology, v string) string { return v }

// The facets, in the order of the filters and charts.
var (
	facetDataset = &facet{Key: "dataset", Label: "Dataset", Chart: "Co-ops by dataset",
		values: func(s *set, _ *row) []string { return []string{s.key()} }}
	facetType = &facet{Key: "type", Label: "Platform type", Chart: "Co-ops by platform type",
		values: func(s *set, r *row) []string {
			if r.Type == "" && s.ds == nil {
				return []string{noType} // the directory's co-ops outside the typology
			}
			return one(r.Type)
		}, label: conceptLabel(vocab.PlatformTypeNamespace)}
	facetSector = &facet{Key: "sector", Label: "Sector", Chart: "Co-ops by sector", Multi: true,
		values: func(_ *set, r *row) []string { return r.Sectors }, label: conceptLabel(vocab.SectorNamespace)}
	facetStatus = &facet{Key: "status", Label: "Status", Chart: "Co-ops by status",
		values: func(_ *set, r *row) []string { return one(r.Status) }, label: conceptLabel(vocab.StatusNamespace)}
	facetMember = &facet{Key: "member", Label: "Member class", Chart: "Co-ops by member class", Multi: true,
		values: func(_ *set, r *row) []string { return r.Members }, label: conceptLabel(vocab.MemberClassNamespace)}
	facetCountry = &facet{Key: "country", Label: "Country", Chart: "Co-ops by country",
		values: func(_ *set, r *row) []string { return one(r.Country) }, label: plain}
	facetStructure = &facet{Key: "structure", Label: "Organisational structure", Chart: "Co-ops by organisational structure (ESSGLOBAL)",
		values: func(_ *set, r *row) []string { return one(r.Structure) }, label: essLabel}
	facetActivity = &facet{Key: "activity", Label: "Primary activity", Chart: "Co-ops by primary activity (ESSGLOBAL)",
		values: func(_ *set, r *row) []string { return one(r.Activity) }, label: essLabel}
	facetMembership = &facet{Key: "membership", Label: "Membership type", Chart: "Co-ops by membership type (ESSGLOBAL)",
		values: func(_ *set, r *row) []string { return one(r.Membership) }, label: essLabel}

	// indexFacets are the properties every set's index file carries, in this order.
	indexFacets = []*facet{facetDataset, facetType, facetSector, facetStatus, facetMember, facetCountry, facetStructure, facetActivity, facetMembership}
)

// count is a value of a facet with the number of co-ops that have it.
type count struct {
	Value, Label string
	N            int
}

// counts counts the values of f over the sets' co-ops: most first, then by label. order, when
// given, is the values' order instead (a concept scheme's).
func counts(sets []*set, f *facet, ont *Ontology) []count {
	byValue := map[string]int{}
	for _, s := range sets {
		for i := range s.rows {
			for _, v := range f.values(s, &s.rows[i]) {
				byValue[v]++
			}
		}
	}
	out := make([]count, 0, len(byValue))
	for v, n := range byValue {
		out = append(out, count{Value: v, Label: labelOf(sets, f, ont, v), N: n})
	}
	slices.SortFunc(out, func(a, b count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		if c := strings.Compare(a.Label, b.Label); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

func labelOf(sets []*set, f *facet, ont *Ontology, v string) string {
	if f == facetDataset {
		for _, s := range sets {
			if s.key() == v {
				return s.title()
			}
		}
	}
	if f.label == nil {
		return v
	}
	return f.label(ont, v)
}

// indexData is the index file of a set: what the lists, the search and the map need.
type indexData struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Page  string `json:"page"`
	IDs   string `json:"ids"` // where the co-ops' pages are, relative to the exports folder
	// Facets are the facets' values: Facets[k] lists [value, label] pairs for indexFacets[k].
	Facets [][][2]string `json:"facets"`
	// Rows are [id, name, identifier, latitude or null, longitude or null, v0, v1, …] where vk
	// is the index of the co-op's value in Facets[k] (-1 for none), or a list of them.
	Rows [][]any `json:"rows"`
}

// writeIndexFile writes site/<key>.js: one statement that adds the set's index to
// window.coopgraph, which the pages' script reads. A script, not JSON, so that pages opened
// from file:// can load it.
func writeIndexFile(b *bytes.Buffer, s *set, ont *Ontology) error {
	d := indexData{Key: s.key(), Title: s.title(), Page: s.page(), IDs: s.idFolder(), Facets: make([][][2]string, len(indexFacets)), Rows: make([][]any, 0, len(s.rows))}
	pos := make([]map[string]int, len(indexFacets))
	for k, f := range indexFacets {
		pos[k] = map[string]int{}
		d.Facets[k] = [][2]string{}
		for _, c := range counts([]*set{s}, f, ont) {
			pos[k][c.Value] = len(d.Facets[k])
			d.Facets[k] = append(d.Facets[k], [2]string{c.Value, c.Label})
		}
	}
	for i := range s.rows {
		r := &s.rows[i]
		cells := []any{r.ID, r.Name, r.Identifier, nil, nil}
		if r.Placed {
			cells[3], cells[4] = r.Lat, r.Lon
		}
		for k, f := range indexFacets {
			vs := f.values(s, r)
			switch {
			case f.Multi:
				ix := make([]int, len(vs))
				for j, v := range vs {
					ix[j] = pos[k][v]
				}
				cells = append(cells, ix)
			case len(vs) == 0:
				cells = append(cells, -1)
			default:
				cells = append(cells, pos[k][vs[0]])
			}
		}
		d.Rows = append(d.Rows, cells)
	}
	js, err := json.Marshal(d)
	if err != nil {
		return err
	}
	b.WriteString("(window.coopgraph = window.coopgraph || []).push(")
	b.Write(js)
	b.WriteString(");\n")
	return nil
}

// IndexLimit is the most co-ops index.html searches and maps at once. Past it, index.html
// loads the directory's index only and each imported dataset is searched and mapped on its
// own page (each page loads its own index, whatever its size); export says so.
const IndexLimit = 25000

// indexPlan says which sets index.html loads.
type indexPlan struct {
	sets  []*set // the sets whose index files index.html loads
	total int    // co-ops of every set
	shown int    // co-ops of the sets loaded
	notes []string
}

func planIndex(sets []*set) indexPlan {
	p := indexPlan{}
	for _, s := range sets {
		p.total += len(s.rows)
	}
	for _, s := range sets {
		if p.total <= IndexLimit || s.ds == nil {
			p.sets = append(p.sets, s)
			p.shown += len(s.rows)
		}
	}
	if p.total > IndexLimit {
		p.notes = append(p.notes, fmt.Sprintf("site: %d co-ops are more than index.html searches and maps at once (%d): it covers the directory's %d, and each imported dataset is searched and mapped on its own page, datasets/<name>.html; past about 100,000 co-ops, consider export --site=false",
			p.total, IndexLimit, p.shown))
	}
	return p
}
