package basemap_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/site/basemap"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

// TestCommittedPath: world.path is what Convert makes of the npm package world-atlas's
// countries-110m.json (installed in .ci/node by .ci/deps.sh): run make basemap after changing
// either.
func TestCommittedPath(t *testing.T) {
	src := filepath.Join(testkit.Root(), ".ci", "node", "node_modules", "world-atlas", "countries-110m.json")
	b, err := os.ReadFile(src)
	if err != nil {
		testkit.Missing(t, "world-atlas is not installed in .ci/node (run .ci/deps.sh)")
	}
	p, err := basemap.Convert(b)
	if err != nil {
		t.Fatal(err)
	}
	if p != basemap.Path {
		t.Fatalf("world.path (%d bytes) is not what %s gives (%d bytes): run make basemap", len(basemap.Path), src, len(p))
	}
}

// TestPath: the committed path is SVG path data, inside the map (up to one world's width past
// its edges, for the rings drawn again across the antimeridian), with many rings.
func TestPath(t *testing.T) {
	if !regexp.MustCompile(`^(M-?[0-9]+ -?[0-9]+(l-?[0-9]+ ?-?[0-9]+)+z)+$`).MatchString(basemap.Path) {
		t.Fatalf("world.path is not a path of moves, relative lines and closes: %.200s", basemap.Path)
	}
	if n := strings.Count(basemap.Path, "M"); n < 200 {
		t.Errorf("%d rings", n)
	}
	if x, y := basemap.X(-180), basemap.Y(90); x != 0 || y != 0 {
		t.Errorf("(-180, 90) at (%v, %v)", x, y)
	}
	if x, y := basemap.X(180), basemap.Y(-90); x != basemap.Width || y != basemap.Height {
		t.Errorf("(180, -90) at (%v, %v)", x, y)
	}
}

// TestConvertErrors: what is not a world-atlas topology is refused.
func TestConvertErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not JSON":     "{",
		"no transform": `{"type":"Topology","arcs":[],"objects":{"countries":{"type":"GeometryCollection","geometries":[]}}}`,
		"no countries": `{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},"arcs":[],"objects":{}}`,
		"bad arc":      `{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},"arcs":[],"objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[5]]}]}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := basemap.Convert([]byte(in)); err == nil {
				t.Error("accepted")
			}
		})
	}
}
