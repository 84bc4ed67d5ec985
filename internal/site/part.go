// Package site is the part of the exports made for people and for linked-data clients that
// dereference IRIs: one document per co-op (id/<id>.ttl, .jsonld, .nt and the page .html),
// index.html (what the dataset is, its licence, downloads with checksums, the list of co-ops
// with filters), ontology.html (the ontology for people) and an Apache .htaccess that answers
// the IRIs by content negotiation; and Handler, which serves an exports folder the same way.
//
// Pages are for directories of human scale: the site part keeps a small row per co-op until it
// finishes, and writes four files per co-op. Exports of very large directories turn it off
// (export --site=false).
package site

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/stage"
)

// Options configure the site part.
type Options struct {
	// Mapper is the mapping the records went through (their IRIs, under export's --base).
	Mapper *mapping.Mapper
	// Header lines open each id/<id>.ttl as comments (what the file is, its licence).
	Header []string
}

// Files the site part writes beside the dumps.
const (
	IndexFile    = "index.html"
	OntologyFile = "ontology.html"
	HtaccessFile = ".htaccess"
	IDFolder     = "id"
)

// Part writes the per-co-op documents and the pages. Use New.
type Part struct {
	opt    Options
	st     *stage.Staging
	mapper *mapping.Mapper
	ont    *Ontology
	rows   []row
	names  map[string]string // id → name, for the labels of related co-ops
	// pending are co-ops related to co-ops that come later in id order: their documents wait
	// for those names until Finish. Everything else is written as it comes.
	pending []pendingCoop
	own     []rdf.Triple
	doc     []rdf.Triple
	buf     bytes.Buffer
	jsonld  bytes.Buffer
	bw      *bufio.Writer
}

type pendingCoop struct {
	rec *record.Record
	own []rdf.Triple
}

// New returns the site part.
func New(opt Options) *Part {
	return &Part{opt: opt, mapper: opt.Mapper, ont: Vocabulary(), names: map[string]string{}, bw: bufio.NewWriterSize(io.Discard, 1<<20)}
}

// Start takes the staging folder the documents are written to as records come.
func (p *Part) Start(st *stage.Staging) error {
	p.st = st
	return nil
}

// Add records the co-op for the index and writes its documents, or keeps them for Finish when
// it is related to co-ops not seen yet.
func (p *Part) Add(it *pipeline.Item) error {
	r := it.Record
	p.rows = append(p.rows, row{ID: r.ID, Name: r.Name, Type: r.Type, Status: r.Status, Sectors: slices.Clone(r.Sectors)})
	p.names[r.ID] = r.Name
	p.own = Own(p.own[:0], it.Triples, p.mapper.CoopIRI(r.ID))
	for _, id := range r.Related {
		if _, ok := p.names[id]; !ok {
			// The item's triples are reused after this call: keep a copy.
			p.pending = append(p.pending, pendingCoop{rec: r, own: slices.Clone(p.own)})
			return nil
		}
	}
	return p.writeCoop(p.st, r, p.own)
}

// Finish writes the co-ops that waited, then index.html (with the sizes and checksums of the
// files staged so far), ontology.html and .htaccess.
func (p *Part) Finish(st *stage.Staging) error {
	for i, pc := range p.pending {
		if err := p.writeCoop(st, pc.rec, pc.own); err != nil {
			return err
		}
		p.pending[i] = pendingCoop{}
	}
	p.pending = nil
	downloads, err := Downloads(st.Dir())
	if err != nil {
		return err
	}
	p.buf.Reset()
	if err := renderIndex(&p.buf, p.rows, p.ont, p.mapper, downloads); err != nil {
		return fmt.Errorf("%s: %w", IndexFile, err)
	}
	if err := st.WriteFile(IndexFile, p.buf.Bytes()); err != nil {
		return err
	}
	p.buf.Reset()
	if err := renderOntology(&p.buf, p.ont); err != nil {
		return fmt.Errorf("%s: %w", OntologyFile, err)
	}
	if err := st.WriteFile(OntologyFile, p.buf.Bytes()); err != nil {
		return err
	}
	return st.WriteFile(HtaccessFile, []byte(Htaccess))
}

func (p *Part) name(iri string) (string, bool) {
	id, ok := strings.CutPrefix(iri, p.mapper.CoopIRI(""))
	if !ok {
		return "", false
	}
	n, ok := p.names[id]
	return n, ok
}

// writeCoop writes id/<id>.ttl, .jsonld, .nt and .html.
func (p *Part) writeCoop(st *stage.Staging, r *record.Record, own []rdf.Triple) error {
	iri := p.mapper.CoopIRI(r.ID)
	p.doc = append(p.doc[:0], own...)
	p.doc = Labels(p.doc, own, p.ont, p.name)
	base := IDFolder + "/" + r.ID
	for _, f := range DocFormats {
		b := &p.buf
		if f == DocFormats[1] { // the JSON-LD is embedded in the page too
			b = &p.jsonld
		}
		b.Reset()
		if err := encodeDoc(p.bw, b, f, p.doc, p.opt.Header); err != nil {
			return fmt.Errorf("%s%s: %w", base, f.Ext, err)
		}
		if err := st.WriteFile(base+f.Ext, b.Bytes()); err != nil {
			return err
		}
	}
	p.buf.Reset()
	byID := func(id string) (string, bool) { n, ok := p.names[id]; return n, ok }
	if err := renderCoop(&p.buf, r, iri, p.ont, byID, p.jsonld.Bytes()); err != nil {
		return fmt.Errorf("%s.html: %w", base, err)
	}
	return st.WriteFile(base+".html", p.buf.Bytes())
}

// Downloads describes the files at the top of an exports folder, for the download table of
// index.html: every regular file but the pages, sorted by name, with its size and SHA-256
// checksum computed from its bytes.
func Downloads(dir string) ([]download, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []download
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || name == IndexFile || name == OntologyFile {
			continue
		}
		dg, err := stage.DigestFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		sum, n := dg.Hex(), dg.Size
		format, what := describe(name)
		out = append(out, download{Name: name, Format: format, What: what, Bytes: n, Size: humanSize(n), SHA256: sum})
	}
	slices.SortFunc(out, func(a, b download) int {
		if c := rank(a.Name) - rank(b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

// downloadOrder puts the dumps first, then what describes them; other files follow by name.
var downloadOrder = []string{"coops.ttl", "coops.jsonld", "coops.nt", "coops.nt.gz", "void.ttl", "ontology.ttl", "shapes.ttl", "context.jsonld", "SHA256SUMS"}

func rank(name string) int {
	if i := slices.Index(downloadOrder, name); i >= 0 {
		return i
	}
	return len(downloadOrder)
}
