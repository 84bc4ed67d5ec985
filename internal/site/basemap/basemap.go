// Package basemap turns the country outlines of Natural Earth, as the npm package world-atlas
// ships them (TopoJSON, quantized, in degrees), into the SVG path the site's map draws under its
// points. The path is made once, by `make basemap`, and committed (world.path): the export
// embeds it, so that the map needs no tile server and no request leaves the page.
//
// The projection is equirectangular (plate carrée): x = (longitude + 180) × Scale,
// y = (90 − latitude) × Scale, so that the pages place a co-op with the same two sums.
package basemap

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Scale is the number of SVG units per degree; the map is Width × Height units.
const (
	Scale  = 10
	Width  = 360 * Scale
	Height = 180 * Scale
)

// Path is the committed outline of every country (world.path), one SVG path.
//
//go:embed world.path
var Path string

// Source says where Path comes from, for DATA-LICENSE.md and the pages.
const Source = "Natural Earth 1:110m Admin 0 country boundaries (public domain), from the npm package world-atlas 2.0.2 (countries-110m.json, ISC licence)"

type topology struct {
	Type      string                `json:"type"`
	Transform *transform            `json:"transform"`
	Arcs      [][][2]float64        `json:"arcs"`
	Objects   map[string]collection `json:"objects"`
}

type transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

type collection struct {
	Type       string     `json:"type"`
	Geometries []geometry `json:"geometries"`
}

type geometry struct {
	Type string          `json:"type"`
	Arcs json.RawMessage `json:"arcs"`
	ID   string          `json:"id"`
}

// Convert reads a world-atlas TopoJSON file and returns the SVG path of its "countries"
// object: one subpath per ring, in the file's order, with whole-unit coordinates, relative
// moves between points and repeated points left out. The same input gives the same bytes.
func Convert(topoJSON []byte) (string, error) {
	var t topology
	if err := json.Unmarshal(topoJSON, &t); err != nil {
		return "", fmt.Errorf("basemap: %w", err)
	}
	if t.Type != "Topology" || t.Transform == nil {
		return "", errors.New("basemap: not a quantized TopoJSON topology")
	}
	countries, ok := t.Objects["countries"]
	if !ok {
		return "", errors.New(`basemap: no "countries" object`)
	}
	arcs := make([][][2]int, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y float64
		for _, p := range a {
			x += p[0]
			y += p[1]
			lon := x*t.Transform.Scale[0] + t.Transform.Translate[0]
			lat := y*t.Transform.Scale[1] + t.Transform.Translate[1]
			arcs[i] = append(arcs[i], [2]int{int(math.Round((lon + 180) * Scale)), int(math.Round((90 - lat) * Scale))})
		}
	}
	var b strings.Builder
	ring := func(idx []int) error {
		var pts [][2]int
		for k, i := range idx {
			rev := i < 0
			if rev {
				i = ^i
			}
			if i >= len(arcs) {
				return fmt.Errorf("basemap: arc %d of %d", i, len(arcs))
			}
			a := arcs[i]
			for j := range a {
				p := a[j]
				if rev {
					p = a[len(a)-1-j]
				}
				if k > 0 && j == 0 {
					continue // the previous arc ended here
				}
				if n := len(pts); n > 0 && pts[n-1] == p {
					continue
				}
				pts = append(pts, p)
			}
		}
		if len(pts) < 3 {
			return nil // too small to see at this scale
		}
		// A ring that crosses the antimeridian (Fiji, Russia) is unwrapped into one
		// continuous ring reaching past an edge, and drawn again a world's width over.
		minX, maxX := pts[0][0], pts[0][0]
		for j := 1; j < len(pts); j++ {
			for pts[j][0]-pts[j-1][0] > Width/2 {
				pts[j][0] -= Width
			}
			for pts[j-1][0]-pts[j][0] > Width/2 {
				pts[j][0] += Width
			}
			minX, maxX = min(minX, pts[j][0]), max(maxX, pts[j][0])
		}
		shifts := []int{0}
		if minX < 0 {
			shifts = append(shifts, Width)
		}
		if maxX > Width {
			shifts = append(shifts, -Width)
		}
		for _, s := range shifts {
			fmt.Fprintf(&b, "M%d %d", pts[0][0]+s, pts[0][1])
			for j := 1; j < len(pts); j++ {
				b.WriteString("l")
				b.WriteString(strconv.Itoa(pts[j][0] - pts[j-1][0]))
				d := pts[j][1] - pts[j-1][1]
				if d >= 0 {
					b.WriteString(" ")
				}
				b.WriteString(strconv.Itoa(d))
			}
			b.WriteString("z")
		}
		return nil
	}
	for _, g := range countries.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return "", fmt.Errorf("basemap: country %s: %w", g.ID, err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return "", fmt.Errorf("basemap: country %s: %w", g.ID, err)
			}
		default:
			continue
		}
		for _, p := range polys {
			for _, r := range p {
				if err := ring(r); err != nil {
					return "", err
				}
			}
		}
	}
	return b.String(), nil
}

// X and Y place a position on the map, in its units (as the pages' script does).
func X(lon float64) float64 { return (lon + 180) * Scale }

// Y places a latitude on the map.
func Y(lat float64) float64 { return (90 - lat) * Scale }
