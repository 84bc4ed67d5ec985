package dump

import (
	"errors"
	"fmt"
	"io"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/directory"
	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/encode/jsonld"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/encode/turtle"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
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
}

// ErrInvalid is returned when records are invalid; the diagnostics say why.
var ErrInvalid = errors.New("invalid records")

// Result reports an export.
type Result struct {
	Diags diag.List
	Stats directory.Stats
}

// Export validates every record and writes the dumps. When any record is invalid, or anything
// fails, nothing in opt.Out changes and the error says why (ErrInvalid for invalid records).
func Export(opt Options) (Result, error) {
	var res Result
	v, err := schema.New()
	if err != nil {
		return res, err
	}
	set, sl := directory.Scan(opt.Inputs)
	res.Diags = sl
	if sl.HasErrors() {
		return res, ErrInvalid
	}
	CleanStale(opt.Out)
	st, err := Begin(opt.Out)
	if err != nil {
		return res, err
	}
	defer st.Abort()

	var encs []encode.Encoder
	for _, f := range opt.Formats {
		w, err := st.Create(DumpName + f.Ext)
		if err != nil {
			return res, err
		}
		encs = append(encs, newEncoder(f, w))
	}
	for _, f := range StaticFiles() {
		if err := st.WriteFile(f.Name, f.Data); err != nil {
			return res, err
		}
	}
	invalid := false
	diags, stats, err := directory.Run(set, v, directory.Options{
		Mapper:  mapping.New(opt.Base),
		Record:  opt.Record,
		Workers: opt.Workers,
	}, func(it *directory.Item) error {
		if it.Diags.HasErrors() || it.Record == nil {
			invalid = true
		}
		if invalid {
			return nil // keep validating, stop writing
		}
		for _, t := range it.Triples {
			for _, e := range encs {
				if err := e.Encode(t); err != nil {
					return fmt.Errorf("%s: %w", it.File, err)
				}
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
	for _, e := range encs {
		if err := e.Close(); err != nil {
			return res, err
		}
	}
	if err := st.Commit(); err != nil {
		return res, err
	}
	return res, nil
}

func newEncoder(f encode.Format, w io.Writer) encode.Encoder {
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

// File is a file of the exports that does not depend on the records.
type File struct {
	Name string
	Data []byte
}

// StaticFiles are the vocabulary files published beside the dumps.
func StaticFiles() []File {
	return []File{
		{"ontology.ttl", vocab.Ontology},
		{"shapes.ttl", vocab.Shapes},
		{"context.jsonld", vocab.Context},
	}
}
