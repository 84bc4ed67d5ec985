// Package murmurations writes a co-op's record as a Murmurations profile: the JSON document the
// Murmurations index reads, valid against its organisations schema (organizations_schema-v1.0.0).
// It maps what a record says and nothing else: no field is guessed.
package murmurations

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/vocab"
)

// Schema is the Murmurations schema every profile is linked to.
const Schema = "organizations_schema-v1.0.0"

// Limits of the schema's fields.
const (
	maxName = 200
	maxURL  = 2000
	maxTag  = 100
	maxTags = 100
)

// ErrUnfit is returned for a record the schema cannot take as it is (a name longer than the
// schema allows); nothing is cut short silently.
var ErrUnfit = errors.New("record does not fit the Murmurations schema")

// PlatformTag is the tag every profile of the directory carries.
const PlatformTag = "platform cooperative"

// Profile is a Murmurations organisations profile. Fields are written in this order and left
// out when the record has nothing for them.
type Profile struct {
	LinkedSchemas []string       `json:"linked_schemas"`
	Name          string         `json:"name"`
	PrimaryURL    string         `json:"primary_url,omitempty"`
	Tags          []string       `json:"tags,omitempty"`
	Description   string         `json:"description,omitempty"`
	Status        string         `json:"status,omitempty"`
	FullAddress   string         `json:"full_address,omitempty"`
	Country       string         `json:"country_iso_3166,omitempty"`
	Geolocation   *Geolocation   `json:"geolocation,omitempty"`
	Relationships []Relationship `json:"relationships,omitempty"`
	StartsAt      *int64         `json:"starts_at,omitempty"`
	UniqueID      string         `json:"unique_id,omitempty"`
}

// Geolocation is a point, in WGS84 degrees.
type Geolocation struct {
	Lat json.Number `json:"lat"`
	Lon json.Number `json:"lon"`
}

// Relationship links the co-op (the subject) to another entity.
type Relationship struct {
	PredicateURL string `json:"predicate_url"`
	ObjectURL    string `json:"object_url"`
}

// statuses maps the directory's statuses onto Murmurations'. A closed co-op has no
// counterpart ("completed" and "cancelled" say more than the record does) and gets no status.
var statuses = map[string]string{"operating": "active", "proposed": "in_planning"}

// FromRecord builds the profile of a record of the directory; m mints the IRIs of the co-op
// (unique_id) and of the co-ops it is related to.
func FromRecord(r *record.Record, m *mapping.Mapper) (*Profile, error) {
	if n := utf8.RuneCountInString(r.Name); n > maxName {
		return nil, fmt.Errorf("%w: the name has %d characters, the schema takes at most %d", ErrUnfit, n, maxName)
	}
	p := &Profile{
		LinkedSchemas: []string{Schema},
		Name:          r.Name,
		Status:        statuses[r.Status],
		UniqueID:      m.CoopIRI(r.ID),
	}
	if len(r.Website) <= maxURL {
		p.PrimaryURL = r.Website
	}
	tags := []string{PlatformTag}
	if r.Type != "" {
		tags = append(tags, r.Type)
	}
	tags = append(tags, r.Sectors...)
	for _, t := range tags {
		if len(t) <= maxTag && !slices.Contains(p.Tags, t) && len(p.Tags) < maxTags {
			p.Tags = append(p.Tags, t)
		}
	}
	p.Description = pickText(r.Description)
	if loc := r.Location; loc != nil {
		var parts []string
		for _, s := range []string{loc.Street, loc.Locality, loc.Postcode, loc.Region} {
			if s != "" {
				parts = append(parts, strings.ReplaceAll(s, "\n", ", "))
			}
		}
		p.FullAddress = strings.Join(parts, ", ")
		p.Country = loc.Country
		if loc.Latitude != "" && loc.Longitude != "" {
			p.Geolocation = &Geolocation{Lat: json.Number(mapping.Decimal(loc.Latitude)), Lon: json.Number(mapping.Decimal(loc.Longitude))}
		}
	}
	for _, rel := range r.Related {
		p.Relationships = append(p.Relationships, Relationship{PredicateURL: vocab.CoopRelated, ObjectURL: m.CoopIRI(rel)})
	}
	for _, s := range r.SameAs {
		p.Relationships = append(p.Relationships, Relationship{PredicateURL: vocab.SchemaSameAs, ObjectURL: s})
	}
	if r.Founded != 0 {
		// The schema's advice for a year alone: the first second of 1 January, UTC.
		ts := time.Date(r.Founded, time.January, 1, 0, 0, 0, 0, time.UTC).Unix()
		p.StartsAt = &ts
	}
	return p, nil
}

// pickText returns the English text if there is one, else the first by language tag.
func pickText(ts []record.Text) string {
	for _, t := range ts {
		if t.Lang == "en" || strings.HasPrefix(t.Lang, "en-") {
			return t.Value
		}
	}
	if len(ts) > 0 {
		return ts[0].Value
	}
	return ""
}

// Marshal writes the profile as indented JSON with a final newline; the same profile always
// gives the same bytes.
func (p *Profile) Marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
