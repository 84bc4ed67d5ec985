package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewPlaces: new places a record from --locality, --region and --country at the locality's
// GeoNames position, which validate accepts; a name that fits several places, or none, is
// refused with the candidates and no file is written.
func TestNewPlaces(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		code int
		want []string // in the record (code 0) or on stderr
	}{
		{"victoria-bc", []string{"--locality", "Victoria", "--region", "British Columbia", "--country", "CA"}, 0,
			[]string{"  locality: Victoria\n  region: British Columbia\n  country: CA\n", "  latitude: 48.43294\n  longitude: -123.3693\n  geo_container: https://sws.geonames.org/6174041/\n", "not the office's"}},
		{"ghent", []string{"--locality", "Ghent"}, 0,
			[]string{"  locality: Ghent\n  country: BE\n", "geo_container: https://sws.geonames.org/2797656/\n"}},
		{"country-only", []string{"--country", "DE"}, 0, []string{"location:\n  country: DE\n"}},
		{"victoria", []string{"--locality", "Victoria"}, 2,
			[]string{"more than one place has that name", "Victoria, British Columbia, CA (https://sws.geonames.org/6174041/)", "Victoria, Texas, US (https://sws.geonames.org/4739157/)"}},
		{"san-jose-cr", []string{"--locality", "San José", "--country", "CR"}, 2,
			[]string{"https://sws.geonames.org/3621849/", "https://sws.geonames.org/3621841/"}},
		{"nowhere", []string{"--locality", "Nowhere-on-Sea", "--country", "GB"}, 2, []string{"not in the gazetteer"}},
		{"bad-country", []string{"--locality", "Ghent", "--country", "be"}, 2, []string{"ISO 3166-1 alpha-2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"new", "--dir", "."}, c.args...)
			r := run(t, dir, append(args, "Placed Co-op")...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d: %s", r.code, c.code, r.stderr)
			}
			path := filepath.Join(dir, "placed-co-op.yaml")
			if c.code != 0 {
				for _, w := range c.want {
					if !strings.Contains(r.stderr, w) {
						t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
					}
				}
				if _, err := os.Stat(path); !os.IsNotExist(err) {
					t.Error("a record was written")
				}
				return
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("record lacks %q:\n%s", w, b)
				}
			}
			v := run(t, dir, "validate", "--format", "json", ".")
			var doc struct{ Errors, Warnings int }
			if err := json.Unmarshal([]byte(v.stdout), &doc); err != nil || v.code != 0 || doc.Errors != 0 || doc.Warnings == 0 {
				t.Errorf("validate: exit %d, %v\n%s", v.code, err, v.stdout)
			}
		})
	}
}
