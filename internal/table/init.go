package table

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// guesses are column names that usually hold a field (compared as key() compares values).
var guesses = map[string][]string{
	"id":                 {"id", "@id", "identifier", "ref", "uuid", "key"},
	"name":               {"name", "title", "organisation", "organization", "organisation name", "organization name", "company", "attributes.title", "attributes.name"},
	"website":            {"website", "web site", "url", "homepage", "contact:website", "web", "attributes.url"},
	"description":        {"description", "about", "summary", "attributes.description"},
	"location.street":    {"street", "address", "street address", "addr:street", "location.street"},
	"location.locality":  {"city", "town", "locality", "addr:city", "location.city", "place"},
	"location.region":    {"region", "state", "province", "county", "addr:state", "location.region"},
	"location.postcode":  {"postcode", "postal code", "zip", "zip code", "addr:postcode", "location.postcode"},
	"location.country":   {"country", "country code", "country_code", "addr:country", "location.country", "location.country_code"},
	"location.latitude":  {"lat", "latitude", "location.lat", "location.latitude", "location.coordinates.lat", "geo.lat"},
	"location.longitude": {"lon", "lng", "long", "longitude", "location.lon", "location.lng", "location.longitude", "location.coordinates.lng", "location.coordinates.lon", "geo.lon"},
	"founded":            {"founded", "start_date", "year", "established", "founding year"},
}

// Init writes a starter mapping for t: every column with a few sample values as comments, and
// the fields whose column could be guessed by its name mapped to it (to be checked).
func Init(t *Table, file string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Mapping of %s for coopgraph import table (%s, %d rows).\n", file, t.Kind, len(t.Rows))
	b.WriteString("# Each record field names the column that holds it; see the README, \"Tables\".\n")
	b.WriteString("# The columns of the table, with a few of their values:\n")
	samples := map[string][]string{}
	for _, r := range t.Rows {
		for _, c := range t.Columns {
			for _, v := range r.Cells[c].Values() {
				v = strings.Join(strings.Fields(v), " ")
				if len(samples[c]) < 3 && v != "" && !slices.Contains(samples[c], v) {
					if len([]rune(v)) > 40 {
						v = string([]rune(v)[:40]) + "…"
					}
					samples[c] = append(samples[c], v)
				}
			}
		}
	}
	for _, c := range t.Columns {
		q := make([]string, len(samples[c]))
		for i, s := range samples[c] {
			q[i] = strconv.Quote(s)
		}
		fmt.Fprintf(&b, "#   %s: %s\n", strconv.Quote(c), strings.Join(q, ", "))
	}
	guess := func(field string) string {
		for _, c := range t.Columns {
			if slices.Contains(guesses[field], key(c)) {
				return c
			}
		}
		return ""
	}
	line := func(indent, field, col string) {
		if col == "" {
			fmt.Fprintf(&b, "%s# %s: COLUMN\n", indent, field[strings.LastIndex(field, ".")+1:])
			return
		}
		fmt.Fprintf(&b, "%s%s: %s\n", indent, field[strings.LastIndex(field, ".")+1:], strconv.Quote(col))
	}
	b.WriteString("\n")
	if col := guess("id"); col != "" {
		line("", "id", col)
	} else {
		b.WriteString("# id: COLUMN    (or id: {template: \"{Name} {Town}\"}; without one, the id is made of the name)\n")
	}
	line("", "name", guess("name"))
	line("", "website", guess("website"))
	if col := guess("description"); col != "" {
		fmt.Fprintf(&b, "description:\n  en: %s\n", strconv.Quote(col))
	} else {
		b.WriteString("# description: {en: COLUMN, de: COLUMN}\n")
	}
	b.WriteString("# status: {from: COLUMN, values: {\"open\": operating, \"planned\": proposed, \"closed\": closed}}\n")
	b.WriteString("# members: {from: COLUMN, values: {\"Worker co-op\": [worker], \"Consumer co-op\": [user]}}\n")
	b.WriteString("location:\n")
	for _, f := range []string{"location.street", "location.locality", "location.region", "location.postcode", "location.country", "location.latitude", "location.longitude"} {
		col := guess(f)
		if f == "location.country" && col != "" {
			fmt.Fprintf(&b, "  country: {from: %s, countries: true}\n", strconv.Quote(col))
			continue
		}
		line("  ", f, col)
	}
	if t.Kind == GeoJSON {
		b.WriteString("  # latitude, longitude: left out, the features' points give the position\n")
	}
	line("", "founded", guess("founded"))
	return []byte(b.String())
}
