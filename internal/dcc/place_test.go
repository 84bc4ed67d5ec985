package dcc_test

import (
	"strings"
	"testing"
)

// TestReadPlacesTownsWithoutCoordinates: a row with a town and no coordinates gets its town's
// GeoNames position; a town of several places in its country, or of none, stays unplaced; a
// row's own coordinates or geo container are never replaced.
func TestReadPlacesTownsWithoutCoordinates(t *testing.T) {
	const csv = "Identifier,Name,Locality,Region,Country ID,Latitude,Longitude,Geo Container\n" +
		"p1,Ghent Co-op,Gent,,BE,,,\n" +
		"p2,Victoria Co-op,Victoria,British Columbia,CA,,,\n" +
		"p3,Richmond Co-op,Richmond,,US,,,\n" +
		"p4,Exampletown Co-op,Exampletown,,GB,,,\n" +
		"p5,Own Position Co-op,Gent,,BE,51.1,3.7,\n" +
		"p6,Own Container Co-op,Gent,,BE,,,http://data.ordnancesurvey.co.uk/id/postcodeunit/AB11AA\n"
	res := read(t, []byte(csv))
	for _, c := range []struct {
		id, want, not string
	}{
		{"p1", "  latitude: 51.05\n  longitude: 3.71667\n  geo_container: https://sws.geonames.org/2797656/\n", ""},
		{"p2", "  latitude: 48.43294\n  longitude: -123.3693\n  geo_container: https://sws.geonames.org/6174041/\n", ""},
		{"p3", "  country: US\n", "latitude"},
		{"p4", "  country: GB\n", "latitude"},
		{"p5", "  latitude: 51.1\n  longitude: 3.7\n", "geonames"},
		{"p6", "  geo_container: http://data.ordnancesurvey.co.uk/id/postcodeunit/AB11AA\n", "latitude"},
	} {
		t.Run(c.id, func(t *testing.T) {
			y := record(t, res, c.id)
			if !strings.Contains(y, c.want) || c.not != "" && strings.Contains(y, c.not) {
				t.Errorf("record:\n%s\nwant %q and no %q", y, c.want, c.not)
			}
		})
	}
	// The towns left without a position are said, each once: p3 (ambiguous) and p4 (unknown).
	if n, lines := countWarnings(res.Diags, "not-placed"); n != 2 || len(res.Diags) != 2 || lines[0] != 4 || lines[1] != 5 {
		t.Errorf("diagnostics: %v", res.Diags)
	}
}
