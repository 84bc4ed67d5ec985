// Package part is what an export is made of: the Part contract that every piece of the exports
// meets (the dumps, the per-co-op documents, the dataset description), and the parts that
// describe the dataset as a whole: void.ttl (VoID and DCAT) and SHA256SUMS.
package part

import (
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/stage"
)

// Part is one piece of the exports built from the records: the dumps, the per-co-op
// documents, the dataset description. An export feeds every part each valid record in id order,
// then, once all records are valid, asks each part in turn to finish its files in the staging
// folder. A part must not keep the triples it is given (their memory is reused), and should keep
// no more per record than it must, so that exports stay in flat memory.
type Part interface {
	// Start is called once, before the first record, with the staging folder.
	Start(st *stage.Staging) error
	// Add takes one valid record and its triples.
	Add(it *pipeline.Item) error
	// Finish writes the part's files. Parts finish in order, so a part can read what earlier
	// parts wrote (sizes, checksums).
	Finish(st *stage.Staging) error
}

// Preparer is a Part with work to do on each valid record before Add, in the pipeline's workers,
// in parallel (rendering the record's triples, so that Add only writes). PrepareWorkers says how
// many workers there will be, before Start; Prepare is then called by worker w (0 to n-1) on
// the records it processed. The Preparer owns the item's Chunks (an export has one).
type Preparer interface {
	Part
	PrepareWorkers(n int)
	Prepare(worker int, it *pipeline.Item) error
}

// Aborter is a Part that holds resources (goroutines, buffers) to release when an export stops
// before the part finishes (invalid records, a failed write, an interruption).
type Aborter interface {
	Abort()
}

// StaticFiles are the vocabulary files published beside the dumps.
func StaticFiles() []File {
	return []File{
		{"ontology.ttl", vocabOntology(), "The co-op ontology and its SKOS concept schemes", "text/turtle"},
		{"shapes.ttl", vocabShapes(), "The SHACL shapes every co-op of the dataset meets", "text/turtle"},
		{"context.jsonld", vocabContext(), "The JSON-LD context of the JSON-LD dump", "application/ld+json"},
	}
}

// File is a file of the exports that does not depend on the records.
type File struct {
	Name      string
	Data      []byte
	Title     string // what the file is, in English
	MediaType string
}
