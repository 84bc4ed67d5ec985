package record

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/geo"
	"github.com/coopgraph/coopgraph/internal/source"
)

// StaleYears is how old, in years, the evidence for a status may be before validate warns: a
// status of a co-op claimed as of a date more than StaleYears before this year may no longer
// hold. A closure does not go stale.
const StaleYears = 5

var partialDate = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)

// checkDate returns the date at n (YYYY-MM-DD, or, unless day is set, YYYY or YYYY-MM) when it
// is a real one not in the future, and reports it otherwise.
func checkDate(doc *source.Document, n *source.Node, field string, day bool, opt Options, l *diag.List) string {
	s, ok := n.Value.(string)
	if !ok {
		if v := num(n); v != "" && !day {
			s = v // an unquoted year, 2017
		} else {
			return "" // the schema reports the type
		}
	}
	var err error
	var year int
	switch {
	case day || len(s) == 10:
		var t time.Time
		t, err = time.Parse(time.DateOnly, s)
		year = t.Year()
	case len(s) == 7 && partialDate.MatchString(s):
		var t time.Time
		t, err = time.Parse("2006-01", s)
		year = t.Year()
	case len(s) == 4 && partialDate.MatchString(s):
		year, err = strconv.Atoi(s)
	default:
		return "" // the schema's pattern reports the form
	}
	want := "a real date (YYYY-MM-DD, like 2026-12-03)"
	if !day {
		want = "a real year, month or day (YYYY, YYYY-MM or YYYY-MM-DD, like 2017, 2017-02 or 2017-02-01)"
	}
	if err != nil {
		l.Errorf(doc.File, n.Pos, field, "date", "%q is not %s", s, want)
		return ""
	}
	if opt.ThisYear > 0 && year > opt.ThisYear {
		l.Errorf(doc.File, n.Pos, field, "future", "date %s is in the future", s)
		return ""
	}
	return s
}

// checkStatusDate ties status_as_of to the source it is the date of, and warns of a status
// whose evidence is older than StaleYears.
func checkStatusDate(doc *source.Document, n *source.Node, r *Record, opt Options, l *diag.List) {
	if r.StatusAsOf == "" {
		return
	}
	var dates []string
	for i, s := range r.Sources {
		if d := s.Date(); d != "" {
			if d == r.StatusAsOf && r.StatusSource == 0 {
				r.StatusSource = i + 1
			}
			dates = append(dates, d)
		}
	}
	if r.StatusSource == 0 {
		msg := fmt.Sprintf("%s is not the date of any source: a status is claimed as of the date of the source that supports it (its published date, or the day it was read where the page gives none)", r.StatusAsOf)
		if len(dates) > 0 {
			msg += "; the sources' dates are " + strings.Join(dates, ", ")
		}
		l.Errorf(doc.File, n.Pos, "status_as_of", "status-date", "%s", msg)
		return
	}
	if r.Status == "closed" || r.Status == "" || opt.ThisYear == 0 {
		return
	}
	if y, _ := strconv.Atoi(r.StatusAsOf[:4]); y < opt.ThisYear-StaleYears {
		l.Warnf(doc.File, n.Pos, "status_as_of", "stale-status", "status %q rests on evidence of %s, more than %d years old: check it against a newer source and update status_as_of", r.Status, r.StatusAsOf, StaleYears)
	}
}

// checkGeoContainer checks a GeoNames container against the shipped gazetteer: the coordinates
// given are the place's own and the locality is one of its names (errors); a place the subset
// does not hold is a warning, since it cannot be checked. Containers of other authorities (an
// Ordnance Survey postcode unit) are not checked.
func checkGeoContainer(doc *source.Document, g *source.Node, loc *Location, l *diag.List) {
	if _, ok := geo.ParseIRI(loc.GeoContainer); !ok {
		if strings.HasPrefix(loc.GeoContainer, geo.IRIPrefix) || strings.HasPrefix(loc.GeoContainer, "http://sws.geonames.org/") {
			l.Errorf(doc.File, g.Pos, "location.geo_container", "geo", "%q is not a GeoNames IRI: write %s<id>/, like %s6174041/", loc.GeoContainer, geo.IRIPrefix, geo.IRIPrefix)
		}
		return
	}
	p, err := geo.CheckContainer(loc.GeoContainer, loc.Latitude, loc.Longitude)
	if errors.Is(err, geo.ErrNotInGazetteer) {
		// A place of fewer than 15,000 people: it may well be right, but cannot be checked.
		l.Warnf(doc.File, g.Pos, "location.geo_container", "geo", "%v", err)
		return
	}
	if err != nil {
		l.Errorf(doc.File, g.Pos, "location.geo_container", "geo", "%v", err)
		return
	}
	if loc.Locality != "" && !geo.NameMatches(p, loc.Locality) {
		l.Errorf(doc.File, g.Pos, "location.geo_container", "geo", "%s is not called %q", p, loc.Locality)
	}
	if loc.Country != "" && loc.Country != p.Country {
		l.Errorf(doc.File, g.Pos, "location.geo_container", "geo", "%s is not in country %s", p, loc.Country)
	}
}
