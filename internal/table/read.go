package table

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/coopgraph/coopgraph/internal/dcc"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/source"
)

// Kinds of table.
const (
	CSV     = "csv"
	TSV     = "tsv"
	JSON    = "json"    // an array of objects
	GeoJSON = "geojson" // a FeatureCollection
)

// Row is one row of a table: its cells by column, each with its place in the file.
type Row struct {
	Num   int // 1-based among the rows
	Pos   diag.Position
	Cells map[string]Cell
	// Point is the row's point geometry (GeoJSON), as decimal texts; "" when none.
	Lat, Lon string
}

// Cell is one value: text, or a list of texts (a JSON array of scalars).
type Cell struct {
	Text string
	List []string
	Pos  diag.Position
}

// Values returns the cell's texts: its list, or its text as one item ("" gives none).
func (c Cell) Values() []string {
	if c.List != nil {
		return c.List
	}
	if strings.TrimSpace(c.Text) == "" {
		return nil
	}
	return []string{c.Text}
}

// Table is what a file holds.
type Table struct {
	Kind    string
	Columns []string // in the order first seen
	Rows    []Row
	Diags   diag.List // rows that could not be read
}

// KindOf says how to read file: by its extension, and for .json by what it holds.
func KindOf(file string, src []byte) string {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".tsv", ".tab":
		return TSV
	case ".geojson":
		return GeoJSON
	case ".json":
		if strings.Contains(string(src[:min(len(src), 4096)]), `"FeatureCollection"`) {
			return GeoJSON
		}
		return JSON
	}
	return CSV
}

// Read reads a table of the given kind. An error means the file as a whole cannot be read; it
// is a diag.Diagnostic.
func Read(file, kind string, src []byte) (*Table, error) {
	switch kind {
	case CSV, TSV:
		return readCSV(file, kind, src)
	case JSON, GeoJSON:
		return readJSON(file, kind, src)
	}
	return nil, fmt.Errorf("unknown kind of table %q", kind)
}

func fail(file string, pos diag.Position, format string, args ...any) error {
	return diag.Diagnostic{Severity: diag.Error, File: file, Pos: pos, Code: "table", Message: fmt.Sprintf(format, args...)}
}

func readCSV(file, kind string, src []byte) (*Table, error) {
	text, _ := dcc.DecodeText(src)
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	if kind == TSV {
		cr.Comma = '\t'
		cr.LazyQuotes = true
	}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fail(file, diag.Position{Line: 1, Col: 1}, "the file is empty; a table starts with a header row")
	}
	if err != nil {
		return nil, fail(file, diag.Position{Line: 1, Col: 1}, "cannot read the header: %v", err)
	}
	t := &Table{Kind: kind}
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		if h == "" {
			h = fmt.Sprintf("column %d", i+1)
		}
		if seen[h] {
			return nil, fail(file, diag.Position{Line: 1, Col: 1}, "column %q appears twice in the header", h)
		}
		seen[h] = true
		header[i] = h
		t.Columns = append(t.Columns, h)
	}
	n := 0
	for {
		cells, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			n++
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			t.Diags.Errorf(file, diag.Position{Line: line, Col: 1}, "", "csv", "row %d rejected: malformed: %v", n, err)
			continue
		}
		if len(cells) == 1 && strings.TrimSpace(cells[0]) == "" {
			continue
		}
		n++
		line, col := cr.FieldPos(0)
		r := Row{Num: n, Pos: diag.Position{Line: line, Col: col}, Cells: map[string]Cell{}}
		if len(cells) > len(header) {
			t.Diags.Errorf(file, r.Pos, "", "fields", "row %d rejected: it has %d fields, the header has %d", n, len(cells), len(header))
			continue
		}
		for i, v := range cells {
			l, c := cr.FieldPos(i)
			r.Cells[header[i]] = Cell{Text: v, Pos: diag.Position{Line: l, Col: c}}
		}
		t.Rows = append(t.Rows, r)
	}
	return t, nil
}

func readJSON(file, kind string, src []byte) (*Table, error) {
	root, err := parseJSONTree(file, src)
	if err != nil {
		return nil, err
	}
	doc := &source.Document{File: file, Root: root}
	t := &Table{Kind: kind}
	seen := map[string]bool{}
	add := func(r *Row, name string, c Cell) {
		if !seen[name] {
			seen[name] = true
			t.Columns = append(t.Columns, name)
		}
		r.Cells[name] = c
	}
	var items []*source.Node
	switch kind {
	case JSON:
		if doc.Root.Kind != source.Seq {
			return nil, fail(file, doc.Root.Pos, "a JSON table is an array of objects")
		}
		items = doc.Root.Items
	case GeoJSON:
		if str(doc.Root.Get("type")) != "FeatureCollection" || doc.Root.Get("features") == nil || doc.Root.Get("features").Kind != source.Seq {
			return nil, fail(file, doc.Root.Pos, `a GeoJSON table is a FeatureCollection: {"type": "FeatureCollection", "features": [...]}`)
		}
		items = doc.Root.Get("features").Items
	}
	for i, it := range items {
		r := Row{Num: i + 1, Pos: it.Pos, Cells: map[string]Cell{}}
		obj := it
		if kind == GeoJSON {
			if it.Kind != source.Map || str(it.Get("type")) != "Feature" {
				t.Diags.Errorf(file, it.Pos, "", "feature", "feature %d rejected: not a GeoJSON Feature", i+1)
				continue
			}
			obj = it.Get("properties")
			if g := it.Get("geometry"); g != nil && g.Kind == source.Map {
				if str(g.Get("type")) == "Point" {
					if cs := g.Get("coordinates"); cs != nil && cs.Kind == source.Seq && len(cs.Items) >= 2 {
						r.Lon, r.Lat = scalar(cs.Items[0]), scalar(cs.Items[1])
					}
				}
			}
			if id := it.Get("id"); id != nil && id.Kind == source.Scalar {
				add(&r, "@id", Cell{Text: scalar(id), Pos: id.Pos})
			}
		}
		if obj == nil || obj.Kind != source.Map {
			if kind == JSON {
				t.Diags.Errorf(file, it.Pos, "", "row", "item %d rejected: not a JSON object", i+1)
				continue
			}
			t.Rows = append(t.Rows, r)
			continue
		}
		flatten(obj, "", func(name string, c Cell) { add(&r, name, c) })
		t.Rows = append(t.Rows, r)
	}
	return t, nil
}

// flatten gives the scalars of an object as columns: nested objects as "a.b", arrays of
// scalars as lists.
func flatten(n *source.Node, prefix string, f func(string, Cell)) {
	for i, k := range n.Keys {
		v := n.Items[i]
		name := prefix + k
		switch v.Kind {
		case source.Map:
			flatten(v, name+".", f)
		case source.Seq:
			list := []string{}
			for _, it := range v.Items {
				if it.Kind == source.Scalar && it.Value != nil {
					list = append(list, scalar(it))
				}
			}
			f(name, Cell{List: list, Pos: v.Pos})
		default:
			if v.Value != nil {
				f(name, Cell{Text: scalar(v), Pos: v.Pos})
			}
		}
	}
}

func str(n *source.Node) string {
	if n == nil {
		return ""
	}
	s, _ := n.Value.(string)
	return s
}

// scalar is a scalar's text: strings as they are, numbers as written, booleans as true/false.
func scalar(n *source.Node) string {
	switch v := n.Value.(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}
