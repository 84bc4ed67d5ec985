package record

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/geo"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

const dated = `id: stocksy-united
name: Stocksy United
status: operating
status_as_of: 2026-12-03
sectors: [photography]
description:
  en: A co-op.
location:
  locality: Victoria
  region: British Columbia
  country: CA
  latitude: 48.43294
  longitude: -123.3693
  geo_container: https://sws.geonames.org/6174041/
sources:
  - url: https://wiki.p2pfoundation.net/Platform_Cooperatives
    quote: Stocksy (stock photography),
    published: 2017
    accessed: 2026-12-03
  - url: https://www.stocksy.com/
    quote: A co-op.
    accessed: 2026-12-03
`

// TestDatedEvidence: sources' dates, the status's date and the source it rests on, the stale
// status warning and the GeoNames container check.
func TestDatedEvidence(t *testing.T) {
	for _, c := range []struct {
		name     string
		from, to string
		want     []string // diagnostics, as Error() gives them
		asOf     string
		source   int
	}{
		{"status as of the day a page without a date was read", "", "", nil, "2026-12-03", 2},
		{"stale status", "status_as_of: 2026-12-03", "status_as_of: 2017", []string{`data/stocksy-united.yaml:4:15: warning: status_as_of: status "operating" rests on evidence of 2017, more than 5 years old: check it against a newer source and update status_as_of`}, "2017", 1},
		{"a closure does not go stale", "status: operating\nstatus_as_of: 2026-12-03", "status: closed\nstatus_as_of: 2017", nil, "2017", 1},
		{"status date of no source", "status_as_of: 2026-12-03", "status_as_of: 2019-05", []string{`data/stocksy-united.yaml:4:15: status_as_of: 2019-05 is not the date of any source: a status is claimed as of the date of the source that supports it (its published date, or the day it was read where the page gives none); the sources' dates are 2017, 2026-12-03`}, "", 0},
		{"not a real month", "status_as_of: 2026-12-03", "status_as_of: 2017-13", []string{`data/stocksy-united.yaml:4:15: status_as_of: "2017-13" is not a real year, month or day (YYYY, YYYY-MM or YYYY-MM-DD, like 2017, 2017-02 or 2017-02-01)`}, "", 0},
		{"accessed in the future", "    accessed: 2026-12-03\n  - url: https://www.stocksy.com/", "    accessed: 2027-01-01\n  - url: https://www.stocksy.com/", []string{`data/stocksy-united.yaml:19:15: sources[0].accessed: date 2027-01-01 is in the future`}, "", 0},
		{"read before published", "    published: 2017", "    published: 2026-12-04", []string{`data/stocksy-united.yaml:19:15: sources[0].accessed: read on 2026-12-03, before the page's own date 2026-12-04`}, "", 0},
		{"coordinates not the place's", "  latitude: 48.43294", "  latitude: 48.5", []string{`data/stocksy-united.yaml:14:18: location.geo_container: latitude 48.5, longitude -123.3693 are not those of Victoria, British Columbia, CA (https://sws.geonames.org/6174041/): latitude 48.43294, longitude -123.3693`}, "", 0},
		{"container without coordinates", "  latitude: 48.43294\n  longitude: -123.3693\n", "", []string{`data/stocksy-united.yaml:12:18: location.geo_container: give the coordinates of Victoria, British Columbia, CA (https://sws.geonames.org/6174041/): latitude 48.43294, longitude -123.3693`}, "", 0},
		{"another place's name", "  locality: Victoria", "  locality: Vancouver", []string{`data/stocksy-united.yaml:14:18: location.geo_container: Victoria, British Columbia, CA (https://sws.geonames.org/6174041/) is not called "Vancouver"`}, "", 0},
		{"unknown GeoNames id", "6174041", "1", []string{`data/stocksy-united.yaml:14:18: warning: location.geo_container: GeoNames 1 is not in the shipped gazetteer (places of more than 15,000 people and capitals): its coordinates cannot be checked`}, "2026-12-03", 2},
		{"GeoNames page address", "https://sws.geonames.org/6174041/", "https://sws.geonames.org/6174041/victoria.html", []string{`data/stocksy-united.yaml:14:18: location.geo_container: "https://sws.geonames.org/6174041/victoria.html" is not a GeoNames IRI: write https://sws.geonames.org/<id>/, like https://sws.geonames.org/6174041/`}, "", 0},
		{"another authority's container is not checked", "https://sws.geonames.org/6174041/", "https://www.wikidata.org/wiki/Q2132", nil, "2026-12-03", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := dated
			if c.from != "" || c.to != "" {
				if !strings.Contains(src, c.from) {
					t.Fatalf("fixture lacks %q", c.from)
				}
				src = strings.Replace(src, c.from, c.to, 1)
			}
			r, l := check(t, "data/stocksy-united.yaml", src, Options{ThisYear: 2026})
			var got []string
			for _, d := range l {
				got = append(got, d.Error())
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if l.HasErrors() {
				return
			}
			if r.StatusAsOf != c.asOf || r.StatusSource != c.source {
				t.Errorf("status as of %q from source %d, want %q from %d", r.StatusAsOf, r.StatusSource, c.asOf, c.source)
			}
		})
	}
}

// TestDirectoryIsDated: every record of the directory dates its evidence (every source says
// when it was read, every status when it is claimed as of, resting on a source), and every
// position is a GeoNames place of the shipped gazetteer, at its coordinates.
func TestDirectoryIsDated(t *testing.T) {
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(testkit.Root(), "data", "coops", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no records (%v)", err)
	}
	placed := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc, l := source.Load(f)
			if doc == nil {
				t.Fatal(l)
			}
			r, l := Check(doc, v, Options{ThisYear: 2026})
			if r == nil {
				t.Fatal(l)
			}
			for _, d := range l {
				if d.Severity == diag.Warning && d.Code != "stale-status" {
					t.Errorf("warning: %v", d)
				}
			}
			for i, s := range r.Sources {
				if s.Accessed == "" {
					t.Errorf("sources[%d] (%s) does not say when it was read", i, s.URL)
				}
			}
			if r.Status == "" || r.StatusAsOf == "" || r.StatusSource == 0 {
				t.Errorf("status %q as of %q rests on source %d", r.Status, r.StatusAsOf, r.StatusSource)
			}
			if loc := r.Location; loc != nil && (loc.Latitude != "" || loc.GeoContainer != "") {
				p, err := geo.CheckContainer(loc.GeoContainer, loc.Latitude, loc.Longitude)
				if err != nil {
					t.Errorf("position: %v", err)
				} else if p.IRI() != loc.GeoContainer {
					t.Errorf("geo_container %s is not written as %s", loc.GeoContainer, p.IRI())
				}
				placed++
			}
		})
	}
	t.Logf("%d of %d records placed", placed, len(files))
}
