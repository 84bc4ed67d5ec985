// Package export runs an export: it validates every record, feeds the valid ones to the parts
// of the exports (the dumps and whatever else is asked for), and publishes the result atomically
// through a staging folder. Invalid records, a failed write or an interruption leave the
// previous exports untouched.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/directory"
	"github.com/coopgraph/coopgraph/internal/dump"
	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/jsonld"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/encode/turtle"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/site"
	"github.com/coopgraph/coopgraph/vocab"
)

// DumpName is the file name (without extension) of the whole-directory dumps.
const DumpName = "coops"

// Options say what to export where.
type Options struct {
	Inputs  []string // record files and folders
	Out     string   // the exports folder
	Base    string   // base IRI of co-ops
	Formats []encode.Format
	Record  record.Options
	Workers int
	// Issued, when set (YYYY-MM-DD, from SOURCE_DATE_EPOCH), is the dataset's date of issue in
	// void.ttl; otherwise the earliest "updated" date of the records is.
	Issued string
	// NoSite leaves out the per-co-op documents and the pages (package site): they are for
	// directories of human scale, and cost a row of memory and four files per co-op.
	NoSite bool
	// Context, when set, stops the export (and leaves Out untouched) when it is cancelled.
	Context context.Context
}

// ErrInvalid is returned when records are invalid; the diagnostics say why.
var ErrInvalid = errors.New("invalid records")

// Result reports an export.
type Result struct {
	Diags diag.List
	Stats directory.Stats
}

// Parts returns the parts of the exports, in the order they finish: the dumps, the gzip of the
// N-Triples dump, the dataset description (void.ttl, which reads the sizes and sums of the files
// before it), SHA256SUMS, and the per-co-op documents and pages (package site).
func Parts(opt Options) []dump.Part {
	digests := dump.NewDigests()
	dists := Distributions(opt.Formats)
	parts := []dump.Part{newDumps(opt.Formats)}
	if slices.Contains(opt.Formats, encode.NTriples) {
		parts = append(parts, dump.NewGzip(DumpName+encode.NTriples.Ext, DumpName+encode.NTriples.Ext+GzipExt))
	}
	parts = append(parts, dump.NewVoID(dump.DatasetOptions{
		Mapper:        mapping.New(opt.Base),
		Distributions: dists,
		Issued:        opt.Issued,
	}, digests))
	files := []string{dump.VoIDName}
	for _, d := range dists {
		files = append(files, d.File)
	}
	parts = append(parts, dump.NewSums(files, digests))
	// The site comes last: its index lists every file the others wrote, with sizes and sums.
	if !opt.NoSite {
		parts = append(parts, site.New(site.Options{Base: opt.Base, Header: Header}))
	}
	return parts
}

// GzipExt ends the name of a gzip-compressed dump.
const GzipExt = ".gz"

// Distributions returns the files of an export in the given formats that void.ttl describes and
// SHA256SUMS lists: the dumps, the gzip of the N-Triples dump, and the vocabulary files.
func Distributions(formats []encode.Format) []dump.Distribution {
	var out []dump.Distribution
	for _, f := range encode.Formats {
		if !slices.Contains(formats, f) {
			continue
		}
		d := dump.Distribution{File: DumpName + f.Ext, Title: "The dataset in " + f.Title, MediaType: f.MediaType, Feature: feature[f.Name], Dump: true}
		out = append(out, d)
		if f == encode.NTriples {
			d.File += GzipExt
			d.Title += ", gzip-compressed"
			d.Compress = "application/gzip"
			out = append(out, d)
		}
	}
	for _, f := range dump.StaticFiles() {
		out = append(out, dump.Distribution{File: f.Name, Title: f.Title, MediaType: f.MediaType})
	}
	return out
}

var feature = map[string]string{
	encode.Turtle.Name:   vocab.FormatTurtle,
	encode.NTriples.Name: vocab.FormatNTriples,
	encode.JSONLD.Name:   vocab.FormatJSONLD,
}

// Run validates every record and writes the exports. When any record is invalid, or anything
// fails, nothing in opt.Out changes and the error says why (ErrInvalid for invalid records).
func Run(opt Options) (Result, error) {
	var res Result
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	v, err := schema.New()
	if err != nil {
		return res, err
	}
	set, sl := directory.Scan(opt.Inputs)
	res.Diags = sl
	if sl.HasErrors() {
		return res, ErrInvalid
	}
	dump.CleanStale(opt.Out)
	st, err := dump.Begin(opt.Out)
	if err != nil {
		return res, err
	}
	defer st.Abort()
	for _, f := range dump.StaticFiles() {
		if err := st.WriteFile(f.Name, f.Data); err != nil {
			return res, err
		}
	}
	parts := Parts(opt)
	for _, p := range parts {
		if err := p.Start(st); err != nil {
			return res, err
		}
	}
	invalid := false
	diags, stats, err := directory.Run(set, v, directory.Options{
		Mapper:  mapping.New(opt.Base),
		Record:  opt.Record,
		Workers: opt.Workers,
	}, func(it *directory.Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if it.Diags.HasErrors() || it.Record == nil {
			invalid = true
		}
		if invalid {
			return nil // keep validating, stop writing
		}
		for _, p := range parts {
			if err := p.Add(it); err != nil {
				return fmt.Errorf("%s: %w", it.File, err)
			}
		}
		return nil
	})
	res.Diags = append(res.Diags, diags...)
	res.Diags.Sort()
	res.Stats = stats
	if err != nil {
		return res, err
	}
	if invalid || res.Diags.HasErrors() {
		return res, ErrInvalid
	}
	for _, p := range parts {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if err := p.Finish(st); err != nil {
			return res, err
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if err := st.Commit(); err != nil {
		return res, err
	}
	return res, nil
}

// dumps is the part that writes coops.ttl, coops.nt and coops.jsonld.
type dumps struct {
	formats []encode.Format
	encs    []encode.Encoder
}

func newDumps(formats []encode.Format) *dumps { return &dumps{formats: formats} }

func (d *dumps) Start(st *dump.Staging) error {
	for _, f := range d.formats {
		w, err := st.Create(DumpName + f.Ext)
		if err != nil {
			return err
		}
		d.encs = append(d.encs, NewEncoder(f, w))
	}
	return nil
}

func (d *dumps) Add(it *directory.Item) error {
	for _, t := range it.Triples {
		for _, e := range d.encs {
			if err := e.Encode(t); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *dumps) Finish(*dump.Staging) error {
	for _, e := range d.encs {
		if err := e.Close(); err != nil {
			return err
		}
	}
	return nil
}

// NewEncoder returns the writer of format f, as the dumps use it.
func NewEncoder(f encode.Format, w io.Writer) encode.Encoder {
	switch f {
	case encode.Turtle:
		return turtle.NewEncoder(w, turtle.Options{Header: Header})
	case encode.JSONLD:
		return jsonld.NewEncoder(w, jsonld.Options{})
	default:
		return ntriples.NewEncoder(w)
	}
}

// Header opens coops.ttl: what the file is and under which terms it is published.
var Header = []string{
	"coopgraph: the directory of platform co-operatives as linked data.",
	"Published under CC0 1.0 (" + vocab.DataLicense + "). Quoted passages (coop:quote)",
	"are attributed to the pages they come from (schema:url) and remain under those pages' terms.",
}
