// Package format is the one registry of what an export writes: each output format's name (as
// export --format takes it), file extension, media type, title and constructor are given once,
// here, and every caller (the export's dumps, the per-co-op documents, the pages, the server,
// the command line) resolves formats through it instead of switching on them.
//
// A format is either an RDF syntax, whose NewEncoder writes triples (encode.Splicer, the
// encoding/json shape: buffered, first error kept, Close flushes), or a format of records,
// whose NewPart returns a part of the export fed with every valid record (Murmurations
// profiles).
//
// Adding an output format is one file in this package that registers it, plus its tests:
//
//	var CSV = Register(&Format{Name: "csv", Ext: ".csv", MediaType: "text/csv", Title: "CSV",
//		Rank: 60, NewPart: func(opt PartOptions) part.Part { return newCSV(opt.Mapper) }})
//
// export --format then accepts it, void.ttl and SHA256SUMS describe an RDF dump written in it,
// and TestRegistry and TestRoundTrip (which needs a reader for every RDF syntax) check it.
package format

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/export/part"
	"github.com/coopgraph/coopgraph/internal/mapping"
)

// Format is one output format.
type Format struct {
	Name      string // as export --format takes it: lower-case letters, digits and "-"
	Ext       string // file extension, with the dot
	MediaType string // IANA media type
	Title     string // for people: "Turtle"
	// Feature is the W3C format IRI of an RDF syntax (void:feature in void.ttl), or "".
	Feature string
	// Rank orders the formats: exports are written, and listed, in increasing Rank.
	Rank int
	// Default formats are written when export --format is not given.
	Default bool
	// Gzip: the directory's dump in this syntax is also written gzip-compressed (<name><Ext>.gz).
	Gzip bool
	// Datasets: a format of records whose part is made for each imported dataset too (with
	// PartOptions.Dataset set), not only for the directory.
	Datasets bool

	// NewEncoder returns a writer of triples in this syntax (nil for a format of records).
	NewEncoder func(w io.Writer, opt EncoderOptions) encode.Splicer
	// NewPart returns the part of the export that writes this format of records (nil for an
	// RDF syntax).
	NewPart func(opt PartOptions) part.Part
}

// EncoderOptions are what a dump's writer may use; a syntax ignores what it has no place for.
type EncoderOptions struct {
	Header []string // comment lines opening the file (Turtle)
	Graph  string   // the named graph of the triples (N-Quads)
}

// PartOptions are what a format of records is given.
type PartOptions struct {
	Mapper *mapping.Mapper // the mapping of the records (their IRIs)
	// Dataset is the name of the imported dataset the part writes, "" for the directory.
	Dataset string
}

// IsRDF reports whether f is an RDF syntax (a dump of the graph), not a format of records.
func (f *Format) IsRDF() bool { return f.NewEncoder != nil }

// New returns a writer of triples in f to w; f must be an RDF syntax.
func (f *Format) New(w io.Writer, opt EncoderOptions) encode.Splicer { return f.NewEncoder(w, opt) }

func (f *Format) String() string { return f.Name }

var (
	mu       sync.RWMutex
	registry []*Format
)

// Register adds f to the registry and returns it. It panics (a mistake in the program, found
// by any test) when f lacks a name, an extension, a media type or a constructor, has both
// constructors, or shares its name, extension or rank with a registered format.
func Register(f *Format) *Format {
	mu.Lock()
	defer mu.Unlock()
	if f.Name == "" || !strings.HasPrefix(f.Ext, ".") || f.MediaType == "" || f.Title == "" || (f.NewEncoder == nil) == (f.NewPart == nil) {
		panic(fmt.Sprintf("format: incomplete format %+v", *f))
	}
	for _, g := range registry {
		if g.Name == f.Name || g.Ext == f.Ext || g.Rank == f.Rank {
			panic(fmt.Sprintf("format: %s and %s share a name, extension or rank", g.Name, f.Name))
		}
	}
	registry = append(registry, f)
	slices.SortFunc(registry, func(a, b *Format) int { return cmp.Compare(a.Rank, b.Rank) })
	return f
}

// All returns every format, by rank.
func All() []*Format {
	mu.RLock()
	defer mu.RUnlock()
	return slices.Clone(registry)
}

// Defaults returns the formats export writes when --format is not given, by rank.
func Defaults() []*Format {
	return slices.DeleteFunc(All(), func(f *Format) bool { return !f.Default })
}

// RDF returns the RDF syntaxes among fs, in their order.
func RDF(fs []*Format) []*Format {
	return slices.DeleteFunc(slices.Clone(fs), func(f *Format) bool { return !f.IsRDF() })
}

// Sorted returns fs by rank, each once.
func Sorted(fs []*Format) []*Format {
	out := slices.Clone(fs)
	slices.SortFunc(out, func(a, b *Format) int { return cmp.Compare(a.Rank, b.Rank) })
	return slices.Compact(out)
}

// ErrUnknownFormat is returned by Lookup and LookupName.
var ErrUnknownFormat = errors.New("unknown format")

// LookupName finds a format by name, as export --format gives it.
func LookupName(s string) (*Format, error) {
	for _, f := range All() {
		if s == f.Name {
			return f, nil
		}
	}
	return nil, unknown(s)
}

// Lookup finds a format by name, extension (".ttl") or media type (any case).
func Lookup(s string) (*Format, error) {
	for _, f := range All() {
		if s == f.Name || s == f.Ext || strings.EqualFold(s, f.MediaType) {
			return f, nil
		}
	}
	return nil, unknown(s)
}

func unknown(s string) error {
	var names []string
	for _, f := range All() {
		names = append(names, f.Name)
	}
	return fmt.Errorf("%w %q (want one of %s)", ErrUnknownFormat, s, strings.Join(names, ", "))
}
