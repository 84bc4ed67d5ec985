package table

import (
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
)

// Field says where one field of a record comes from.
type Field struct {
	// From are the columns read; several are joined with Join (", " unless given).
	From []string
	Join string
	// Values maps the table's values (compared without regard to case or surrounding spaces)
	// to the record's; a value with no entry is left out with a warning. A value mapped to an
	// empty list is left out silently.
	Values map[string][]string
	// Split cuts a text into several values (for lists: sectors, members, same_as).
	Split string
	// Prefix is put before each value (a website or same_as IRI made of an identifier).
	Prefix string
	// Countries reads country names ("Deutschland", "United Kingdom") as ISO codes.
	Countries bool
	// Template makes a value of several columns: "{Name} {Town}" (for the id).
	Template string
	Pos      diag.Position
}

// Mapping is a mapping file: where each field of a record comes from.
type Mapping struct {
	ID, Identifier, Name, Website  *Field
	Status, Type, Sectors, Members *Field
	Founded, SameAs                *Field
	Description                    map[string]*Field // language tag → field
	Location                       map[string]*Field // street, locality, region, postcode, country, latitude, longitude
	fields                         map[string]bool   // the record fields mapped, for the starter mapping
}

var (
	fieldKeys    = []string{"from", "join", "values", "split", "prefix", "countries", "template"}
	topKeys      = []string{"id", "identifier", "name", "website", "description", "status", "type", "sectors", "members", "founded", "same_as", "location"}
	locationKeys = []string{"street", "locality", "region", "postcode", "country", "latitude", "longitude"}
	// enumFields are the fields whose values must be among the schema's.
	enumFields = map[string]string{"status": "status", "type": "type", "sectors": "sectors[]", "members": "members[]"}
)

// ParseMapping reads a mapping file. Every problem is reported at its line and column.
func ParseMapping(file string, src []byte, v *schema.Validator) (*Mapping, diag.List) {
	doc, l := source.Parse(file, source.YAML, src)
	if doc == nil || l.HasErrors() {
		return nil, l
	}
	if doc.Root.Kind != source.Map {
		l.Errorf(file, doc.Root.Pos, "", "mapping", "a mapping file is a YAML mapping of record fields (name: COLUMN, …)")
		return nil, l
	}
	p := &parser{file: file, v: v}
	m := &Mapping{fields: map[string]bool{}}
	root := doc.Root
	for i, k := range root.Keys {
		n := root.Items[i]
		if n.Kind == source.Scalar && n.Value == nil {
			continue // "field:" with nothing: not mapped
		}
		if !slices.Contains(topKeys, k) {
			p.errf(root.KeyPos[i], k, "%q is not a field a table can fill (want one of %s)", k, strings.Join(topKeys, ", "))
			continue
		}
		m.fields[k] = true
		switch k {
		case "description":
			m.Description = p.description(n)
		case "location":
			if n.Kind != source.Map {
				p.errf(n.Pos, k, "location maps its parts: street, locality, region, postcode, country, latitude, longitude")
				continue
			}
			m.Location = map[string]*Field{}
			for j, lk := range n.Keys {
				if v := n.Items[j]; v.Kind == source.Scalar && v.Value == nil {
					continue
				}
				if !slices.Contains(locationKeys, lk) {
					p.errf(n.KeyPos[j], "location."+lk, "%q is not a part of a location (want one of %s)", lk, strings.Join(locationKeys, ", "))
					continue
				}
				m.Location[lk] = p.field("location."+lk, n.Items[j])
			}
		default:
			f := p.field(k, n)
			if f == nil {
				continue
			}
			if e, ok := enumFields[k]; ok && f.Values != nil {
				allowed := v.Enum(e)
				for from, tos := range f.Values {
					for _, to := range tos {
						if !slices.Contains(allowed, to) {
							p.errf(f.Pos, k, "values: %q → %q: %q is not one of %s", from, to, to, strings.Join(allowed, ", "))
						}
					}
				}
			}
			*map[string]**Field{"id": &m.ID, "identifier": &m.Identifier, "name": &m.Name, "website": &m.Website,
				"status": &m.Status, "type": &m.Type, "sectors": &m.Sectors, "members": &m.Members,
				"founded": &m.Founded, "same_as": &m.SameAs}[k] = f
		}
	}
	if m.Name == nil && !p.l.HasErrors() {
		p.errf(diag.Position{Line: 1, Col: 1}, "name", "the mapping must say which column holds the name (name: COLUMN)")
	}
	l = append(l, p.l...)
	if l.HasErrors() {
		return nil, l
	}
	return m, l
}

type parser struct {
	file string
	v    *schema.Validator
	l    diag.List
}

func (p *parser) errf(pos diag.Position, field, format string, args ...any) {
	p.l.Errorf(p.file, pos, field, "mapping", format, args...)
}

// description reads "description: COLUMN" (English), a field, or "description: {de: COLUMN, …}".
func (p *parser) description(n *source.Node) map[string]*Field {
	out := map[string]*Field{}
	if n.Kind == source.Map && !slices.ContainsFunc(n.Keys, func(k string) bool { return slices.Contains(fieldKeys, k) }) {
		for i, k := range n.Keys {
			if err := iri.CheckLang(k); err != nil {
				p.errf(n.KeyPos[i], "description."+k, "%q is not a BCP 47 language tag (like en, de, pt-BR)", k)
				continue
			}
			if f := p.field("description."+k, n.Items[i]); f != nil {
				out[strings.ToLower(k)] = f
			}
		}
		return out
	}
	if f := p.field("description", n); f != nil {
		out["en"] = f
	}
	return out
}

// field reads "COLUMN", "[COLUMN, …]" or {from: …, values: …, …}.
func (p *parser) field(name string, n *source.Node) *Field {
	f := &Field{Pos: n.Pos, Join: ", "}
	switch n.Kind {
	case source.Scalar:
		s, ok := n.Value.(string)
		if !ok || s == "" {
			p.errf(n.Pos, name, "give the column's name as text")
			return nil
		}
		f.From = []string{s}
		return f
	case source.Seq:
		f.From = p.strings(name, n)
		return f
	}
	for i, k := range n.Keys {
		v := n.Items[i]
		switch k {
		case "from":
			if v.Kind == source.Seq {
				f.From = p.strings(name+".from", v)
			} else if s, ok := v.Value.(string); ok && s != "" {
				f.From = []string{s}
			} else {
				p.errf(v.Pos, name+".from", "give a column's name, or a list of them")
			}
		case "join", "split", "prefix", "template":
			s, ok := v.Value.(string)
			if !ok {
				p.errf(v.Pos, name+"."+k, "give text")
				continue
			}
			switch k {
			case "join":
				f.Join = s
			case "split":
				f.Split = s
			case "prefix":
				f.Prefix = s
			case "template":
				f.Template = s
			}
		case "countries":
			b, ok := v.Value.(bool)
			if !ok {
				p.errf(v.Pos, name+".countries", "give true or false")
			}
			f.Countries = b
		case "values":
			if v.Kind != source.Map {
				p.errf(v.Pos, name+".values", "give a mapping of the table's values to the record's (\"Worker co-op\": [worker])")
				continue
			}
			f.Values = map[string][]string{}
			for j, from := range v.Keys {
				to := v.Items[j]
				var tos []string
				switch {
				case to.Kind == source.Seq:
					tos = p.strings(name+".values."+from, to)
				case to.Value == nil:
				default:
					s, ok := to.Value.(string)
					if !ok {
						p.errf(to.Pos, name+".values."+from, "give the record's value as text")
						continue
					}
					if s != "" {
						tos = []string{s}
					}
				}
				if tos == nil {
					tos = []string{}
				}
				f.Values[key(from)] = tos
			}
		default:
			p.errf(n.KeyPos[i], name+"."+k, "%q is not a key of a field (want one of %s)", k, strings.Join(fieldKeys, ", "))
		}
	}
	if len(f.From) == 0 && f.Template == "" {
		p.errf(n.Pos, name, "say which column holds it (from: COLUMN) or how to make it (template: \"{COLUMN} …\")")
		return nil
	}
	return f
}

func (p *parser) strings(name string, n *source.Node) []string {
	var out []string
	for _, it := range n.Items {
		s, ok := it.Value.(string)
		if !ok || s == "" {
			p.errf(it.Pos, name, "give text")
			continue
		}
		out = append(out, s)
	}
	return out
}

// key is how table values are compared with a value map's keys.
func key(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// columns returns every column the mapping reads.
func (m *Mapping) columns() map[string]bool {
	out := map[string]bool{}
	add := func(f *Field) {
		if f == nil {
			return
		}
		for _, c := range f.From {
			out[c] = true
		}
		for _, c := range templateColumns(f.Template) {
			out[c] = true
		}
	}
	for _, f := range []*Field{m.ID, m.Identifier, m.Name, m.Website, m.Status, m.Type, m.Sectors, m.Members, m.Founded, m.SameAs} {
		add(f)
	}
	for _, f := range m.Description {
		add(f)
	}
	for _, f := range m.Location {
		add(f)
	}
	return out
}

// templateColumns are the {COLUMN}s of a template.
func templateColumns(t string) []string {
	var out []string
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, t[i+1:i+j])
		t = t[i+j+1:]
	}
}
