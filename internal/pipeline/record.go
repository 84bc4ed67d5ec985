package pipeline

import (
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
)

// Path is the way of one record, from the bytes of its file to its triples: the reader
// (package source), the schema of a profile, the record checks and the mapping. Run takes every
// record of a directory this way; importers and tests take theirs this way too, so that a
// record is accepted, refused and mapped the same wherever it comes from.
type Path struct {
	// Validator holds the schema of the records' profile.
	Validator *schema.Validator
	// Record are the record checks' options.
	Record record.Options
	// Mapper maps a valid record to triples; nil checks only.
	Mapper *mapping.Mapper
}

// Checked is one record file after Path.Check.
type Checked struct {
	// Doc is the parsed file, nil when it could not be parsed.
	Doc *source.Document
	// Record is the checked record, nil when it has an error.
	Record *record.Record
	// Triples are the record's triples (with a Mapper, for a valid record).
	Triples []rdf.Triple
	// Diags are every problem of the file, sorted (warnings too, for a valid record).
	Diags diag.List
}

// Check reads src as the record file named file (its extension says YAML or JSON; its name
// is the id the record must have), validates it against the schema and the record checks
// together, so that one run reports every problem, and maps a valid record, appending its
// triples to dst.
func (p *Path) Check(file string, src []byte, dst []rdf.Triple) Checked {
	out := Checked{Triples: dst}
	doc, l := source.ParseFile(file, src)
	if doc == nil {
		out.Diags = l
		return out
	}
	out.Doc = doc
	rec, rl := record.Check(doc, p.Validator, p.Record)
	out.Diags = append(l, rl...)
	if rec == nil {
		return out
	}
	out.Record = rec
	if p.Mapper != nil {
		out.Triples = p.Mapper.Map(dst, rec)
	}
	return out
}

// CheckFile reads the record file at path and takes it through Check.
func (p *Path) CheckFile(path string, dst []rdf.Triple) Checked {
	if _, err := source.KindOf(path); err != nil {
		var l diag.List
		l.Errorf(path, diag.Position{}, "", "file", "%v", err)
		return Checked{Triples: dst, Diags: l}
	}
	src, l := source.ReadFile(path)
	if l != nil {
		return Checked{Triples: dst, Diags: l}
	}
	return p.Check(path, src, dst)
}
