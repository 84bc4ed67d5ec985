package site

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// chartBars is the most bars a chart draws; the rest are summed in one bar ("42 others"). The
// table beside it lists every value.
const chartBars = 12

// The geometry of a chart, in SVG units.
const (
	chartLabelW = 256 // the labels' column
	chartBarW   = 320 // the longest bar
	chartRowH   = 24
)

// chartView is one chart: an SVG bar chart with a title and a description, and the table of
// its counts as its text alternative.
type chartView struct {
	ID, Title, Desc string
	Height          int
	Bars            []barView
	Counts          []count
	Total           int // co-ops counted
	Without         int // co-ops with no value
}

type barView struct {
	Y, TextY, W int
	LabelX, X   int // where the label ends and the bar starts
	NX          int // where the count starts
	Label       string
	Full        string
	N           int
}

// makeChart draws the counts of facet f over the sets' co-ops, or returns nil when no co-op has
// a value of it.
func makeChart(sets []*set, f *facet, ont *Ontology, idPrefix string) *chartView {
	cs := counts(sets, f, ont)
	if len(cs) == 0 {
		return nil
	}
	total, with := 0, 0
	for _, s := range sets {
		total += len(s.rows)
		for i := range s.rows {
			if len(f.values(s, &s.rows[i])) > 0 {
				with++
			}
		}
	}
	v := &chartView{ID: idPrefix + f.Key, Title: f.Chart, Counts: cs, Total: total, Without: total - with}
	bars := cs
	others := 0
	if len(cs) > chartBars {
		bars = cs[:chartBars-1]
		for _, c := range cs[chartBars-1:] {
			others += c.N
		}
	}
	maxN := bars[0].N
	if others > maxN {
		maxN = others
	}
	add := func(label string, n int) {
		y := 8 + len(v.Bars)*chartRowH
		w := n * chartBarW / maxN
		if w < 1 {
			w = 1
		}
		v.Bars = append(v.Bars, barView{Y: y, TextY: y + 14, W: w, LabelX: chartLabelW - 6, X: chartLabelW, NX: chartLabelW + w + 6, Label: shorten(label, 36), Full: label, N: n})
	}
	for _, c := range bars {
		add(c.Label, c.N)
	}
	if others > 0 {
		add(strconv.Itoa(len(cs)-len(bars))+" others", others)
	}
	v.Height = 16 + len(v.Bars)*chartRowH
	var d strings.Builder
	fmt.Fprintf(&d, "Horizontal bar chart of %d co-ops", total)
	if f.Multi {
		d.WriteString(" (a co-op may count under several values)")
	}
	d.WriteString(": ")
	for i, b := range v.Bars {
		if i > 0 {
			d.WriteString("; ")
		}
		fmt.Fprintf(&d, "%s %d", b.Full, b.N)
	}
	if v.Without > 0 {
		fmt.Fprintf(&d, "; %d co-ops have none", v.Without)
	}
	d.WriteString(".")
	v.Desc = d.String()
	return v
}

// shorten cuts s to at most n characters, ending with "…" when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// charts draws a chart of each facet that some co-op of the sets has.
func charts(sets []*set, facets []*facet, ont *Ontology, idPrefix string) []*chartView {
	var out []*chartView
	for _, f := range facets {
		if c := makeChart(sets, f, ont, idPrefix); c != nil {
			out = append(out, c)
		}
	}
	return out
}
