package format_test

import (
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/format"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"ttl", "ttl"}, {".nt", "nt"}, {"application/ld+json", "jsonld"}, {"TEXT/TURTLE", "ttl"},
		{".nq", "nq"}, {"application/n-quads", "nq"}, {"murmurations", "murmurations"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, err := format.Lookup(tt.in)
			if err != nil || f.Name != tt.want {
				t.Errorf("Lookup(%q) = %v, %v; want %s", tt.in, f, err, tt.want)
			}
		})
	}
	if _, err := format.Lookup("rdfxml"); !errors.Is(err, format.ErrUnknownFormat) {
		t.Errorf("Lookup(rdfxml) error = %v", err)
	}
	if _, err := format.LookupName(".ttl"); !errors.Is(err, format.ErrUnknownFormat) {
		t.Errorf("LookupName takes an extension: %v", err)
	}
}

// TestRegistry checks what every caller relies on: the order exports are written in, the
// defaults (what the committed exports hold), the media types servers send, and one
// constructor per format.
func TestRegistry(t *testing.T) {
	var names []string
	for _, f := range format.All() {
		names = append(names, f.Name)
	}
	if want := []string{"ttl", "nt", "jsonld", "nq", "murmurations", "dcc-csv"}; !slices.Equal(names, want) {
		t.Errorf("All() = %v, want %v", names, want)
	}
	names = nil
	for _, f := range format.Defaults() {
		names = append(names, f.Name)
	}
	if want := []string{"ttl", "nt", "jsonld", "murmurations"}; !slices.Equal(names, want) {
		t.Errorf("Defaults() = %v, want %v", names, want)
	}
	media := map[string]string{"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
		"nq": "application/n-quads", "murmurations": "application/json", "dcc-csv": "text/csv"}
	for _, f := range format.All() {
		t.Run(f.Name, func(t *testing.T) {
			if f.MediaType != media[f.Name] {
				t.Errorf("media type %q, want %q", f.MediaType, media[f.Name])
			}
			if f.IsRDF() {
				var _ encode.Splicer = f.New(io.Discard, format.EncoderOptions{})
				if f.NewPart != nil {
					t.Error("an RDF syntax with a part of records too")
				}
			} else if f.NewPart == nil || f.NewPart(format.PartOptions{}) == nil {
				t.Error("a format of records without a part")
			}
		})
	}
	if got := format.Sorted([]*format.Format{format.JSONLD, format.Turtle, format.JSONLD}); !slices.Equal(got, []*format.Format{format.Turtle, format.JSONLD}) {
		t.Errorf("Sorted = %v", got)
	}
}

// TestRegisterRefuses: an incomplete format, or one clashing with a registered one, is a
// mistake in the program and panics at start-up.
func TestRegisterRefuses(t *testing.T) {
	newNT := format.NTriples.NewEncoder
	tests := []struct {
		name string
		f    format.Format
	}{
		{"no constructor", format.Format{Name: "x", Ext: ".x", MediaType: "text/x", Title: "X", Rank: 999}},
		{"no media type", format.Format{Name: "x", Ext: ".x", Title: "X", Rank: 999, NewEncoder: newNT}},
		{"name taken", format.Format{Name: "nt", Ext: ".x", MediaType: "text/x", Title: "X", Rank: 999, NewEncoder: newNT}},
		{"extension taken", format.Format{Name: "x", Ext: ".ttl", MediaType: "text/x", Title: "X", Rank: 999, NewEncoder: newNT}},
		{"rank taken", format.Format{Name: "x", Ext: ".x", MediaType: "text/x", Title: "X", Rank: format.Turtle.Rank, NewEncoder: newNT}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("registered")
				}
			}()
			f := tt.f
			format.Register(&f)
		})
	}
	if len(format.All()) != 6 {
		t.Errorf("a refused format stayed registered: %d formats", len(format.All()))
	}
}
