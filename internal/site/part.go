// Package site is the part of the exports made for people and for linked-data clients that
// dereference IRIs: one document per co-op of the directory and of every imported dataset
// (id/<id>.ttl, .jsonld, .nt and the page .html; id/<dataset>/<id>.* for a dataset's), a page
// per imported dataset (datasets/<name>.html), index.html (what the publication is, its
// licence, downloads with checksums, charts, a map and a search over every co-op),
// ontology.html (the ontology for people) and an Apache .htaccess that answers the IRIs by
// content negotiation; and Handler, which serves an exports folder the same way.
//
// The lists, the search and the map are drawn in the browser from compact index files
// (site/coops.js for the directory, site/dataset-<name>.js for each dataset), so that no page
// grows with the number of co-ops beyond its index; the charts are SVG made here.
//
// Pages are for directories of human scale, up to tens of thousands of co-ops: the site keeps a
// small row per co-op until it finishes, and writes four files per co-op. Exports of very large
// directories turn it off (export --site=false).
package site

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/stage"
)

// Options configure the site.
type Options struct {
	// Mapper is the mapping the directory's records went through (their IRIs, under export's
	// --base); each dataset's is derived from it.
	Mapper *mapping.Mapper
	// Header lines open each id/<id>.ttl of the directory as comments (what the file is, its
	// licence).
	Header []string
}

// Dataset describes an imported dataset for its pages: where it comes from and under which
// terms (from its dataset.yaml).
type Dataset struct {
	Name, Title, Source, License, Attribution string
	// File is the file last imported, or "".
	File string
	// Header lines open each of its id/<name>/<id>.ttl.
	Header []string
}

// Files the site writes beside the dumps.
const (
	IndexFile    = "index.html"
	OntologyFile = "ontology.html"
	HtaccessFile = ".htaccess"
	IDFolder     = "id"
	// DatasetsFolder holds the page of each imported dataset, <name>.html, beside its dumps.
	DatasetsFolder = "datasets"
	// AssetsFolder holds the script of the pages and the index of each set of co-ops.
	AssetsFolder = "site"
)

// Site is the site of one export: the directory and every imported dataset. Each is fed
// through a Part of its own (Directory, Dataset); the pages that span them (index.html and the
// datasets' pages) are written when the last Part finishes.
type Site struct {
	opt      Options
	ont      *Ontology
	sets     []*set
	finished int
	buf      bytes.Buffer
}

// NewSite returns the site of an export.
func NewSite(opt Options) *Site {
	return &Site{opt: opt, ont: Vocabulary()}
}

// renderer holds the buffers one goroutine renders co-ops' documents with.
type renderer struct {
	bw     *bufio.Writer
	buf    bytes.Buffer
	jsonld bytes.Buffer
	doc    []rdf.Triple
}

func newRenderer() *renderer { return &renderer{bw: bufio.NewWriterSize(io.Discard, 1<<20)} }

// set is the directory or one imported dataset, as the site sees it.
type set struct {
	ds     *Dataset // nil for the directory
	mapper *mapping.Mapper
	rows   []row
	names  map[string]string // id → name, for the labels of related co-ops
	// pending are co-ops related to co-ops that come later in id order: their documents wait
	// for those names until Finish. Everything else is written as it comes.
	pending []pendingCoop
	header  []string
}

// key names the set in the index files and the filters: "coops" for the directory,
// "dataset-<name>" for a dataset (dataset names are slugs, so the two cannot meet).
func (s *set) key() string {
	if s.ds == nil {
		return "coops"
	}
	return "dataset-" + s.ds.Name
}

// title is what the set is called in the pages.
func (s *set) title() string {
	if s.ds == nil {
		return "Platform co-operatives (the directory)"
	}
	return s.ds.Title
}

// idFolder is where the set's documents are, relative to the exports folder ("id/",
// "id/<name>/").
func (s *set) idFolder() string {
	if s.ds == nil {
		return IDFolder + "/"
	}
	return IDFolder + "/" + s.ds.Name + "/"
}

// page is the set's page, relative to the exports folder.
func (s *set) page() string {
	if s.ds == nil {
		return IndexFile
	}
	return DatasetsFolder + "/" + s.ds.Name + ".html"
}

// indexFile is the set's index of co-ops, relative to the exports folder.
func (s *set) indexFile() string { return AssetsFolder + "/" + s.key() + ".js" }

type pendingCoop struct {
	rec *record.Record
	own []rdf.Triple
}

// job is a co-op whose documents a worker writes: its record, its own triples and the names
// of the co-ops it is related to.
type job struct {
	rec   *record.Record
	own   []rdf.Triple
	names map[string]string
}

// Part feeds one set of co-ops (the directory or a dataset) into the site. Use New,
// Site.Directory or Site.Dataset. Its co-ops' documents are written by goroutines of their own
// (one per CPU, at least four), beside the export's pipeline: four files per co-op would
// otherwise keep the pipeline waiting.
type Part struct {
	site *Site
	set  *set
	st   *stage.Staging

	jobs   chan job
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error // the first error of a worker
	closed bool
}

// New returns the part of a site that holds only the directory.
func New(opt Options) *Part { return NewSite(opt).Directory() }

// Directory returns the part that takes the directory's co-ops.
func (s *Site) Directory() *Part {
	return s.add(&set{mapper: s.opt.Mapper, header: s.opt.Header})
}

// Dataset returns the part that takes an imported dataset's co-ops.
func (s *Site) Dataset(d Dataset) *Part {
	return s.add(&set{ds: &d, mapper: s.opt.Mapper.Dataset(d.Name), header: d.Header})
}

func (s *Site) add(st *set) *Part {
	st.names = map[string]string{}
	s.sets = append(s.sets, st)
	return &Part{site: s, set: st}
}

// Start takes the staging folder the documents are written to as records come, and starts the
// workers that write them.
func (p *Part) Start(st *stage.Staging) error {
	p.st = st
	p.jobs = make(chan job, 64)
	for range max(4, runtime.GOMAXPROCS(0)) { // writing small files waits on the disk more than on a CPU
		p.wg.Add(1)
		go p.work()
	}
	return nil
}

func (p *Part) work() {
	defer p.wg.Done()
	r := newRenderer()
	for j := range p.jobs {
		if p.failed() != nil {
			continue // drain: the export will not finish
		}
		if err := p.site.writeCoop(r, p.st, p.set, j); err != nil {
			p.mu.Lock()
			if p.err == nil {
				p.err = err
			}
			p.mu.Unlock()
		}
	}
}

func (p *Part) failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// stop closes the queue and waits for the workers; it returns their first error.
func (p *Part) stop() error {
	if p.jobs != nil && !p.closed {
		p.closed = true
		close(p.jobs)
		p.wg.Wait()
	}
	return p.failed()
}

// Abort stops the workers of an export that will not finish.
func (p *Part) Abort() { p.stop() }

// Add records the co-op for the index and queues its documents, or keeps them for Finish when
// it is related to co-ops not seen yet.
func (p *Part) Add(it *pipeline.Item) error {
	if err := p.failed(); err != nil {
		return err
	}
	r, s := it.Record, p.set
	s.rows = append(s.rows, rowOf(r))
	s.names[r.ID] = r.Name
	// The item's triples are reused after this call: the job keeps a copy.
	own := Own(nil, it.Triples, s.mapper.CoopIRI(r.ID))
	for _, id := range r.Related {
		if _, ok := s.names[id]; !ok {
			s.pending = append(s.pending, pendingCoop{rec: r, own: own})
			return nil
		}
	}
	p.jobs <- job{rec: r, own: own, names: s.related(r)}
	return nil
}

// related returns the names of the co-ops r is related to that the set has seen.
func (s *set) related(r *record.Record) map[string]string {
	if len(r.Related) == 0 {
		return nil
	}
	names := make(map[string]string, len(r.Related))
	for _, id := range r.Related {
		if n, ok := s.names[id]; ok {
			names[id] = n
		}
	}
	return names
}

// Finish writes the co-ops that waited; the last part of the site to finish also writes the
// pages that span the sets: index.html (with the sizes and checksums of the files staged so
// far), the datasets' pages, the index files, ontology.html and .htaccess.
func (p *Part) Finish(st *stage.Staging) error {
	s := p.set
	for i, pc := range s.pending {
		if p.failed() != nil {
			break
		}
		p.jobs <- job{rec: pc.rec, own: pc.own, names: s.related(pc.rec)}
		s.pending[i] = pendingCoop{}
	}
	s.pending = nil
	if err := p.stop(); err != nil {
		return err
	}
	p.site.finished++
	if p.site.finished < len(p.site.sets) {
		return nil
	}
	return p.site.finish(st)
}

func (s *Site) finish(st *stage.Staging) error {
	downloads, err := Downloads(st.Dir())
	if err != nil {
		return err
	}
	plan := planIndex(s.sets)
	for _, set := range s.sets {
		s.buf.Reset()
		if err := writeIndexFile(&s.buf, set, s.ont); err != nil {
			return fmt.Errorf("%s: %w", set.indexFile(), err)
		}
		if err := st.WriteFile(set.indexFile(), s.buf.Bytes()); err != nil {
			return err
		}
		if set.ds == nil {
			continue
		}
		dl, err := datasetDownloads(st.Dir(), set.ds.Name)
		if err != nil {
			return err
		}
		s.buf.Reset()
		if err := renderDataset(&s.buf, set, s.ont, dl); err != nil {
			return fmt.Errorf("%s: %w", set.page(), err)
		}
		if err := st.WriteFile(set.page(), s.buf.Bytes()); err != nil {
			return err
		}
	}
	if err := st.WriteFile(AssetsFolder+"/app.js", []byte(appJS)); err != nil {
		return err
	}
	if err := st.WriteFile(AssetsFolder+"/style.css", []byte(styleCSS)); err != nil {
		return err
	}
	s.buf.Reset()
	if err := renderIndex(&s.buf, s.sets, plan, s.ont, downloads); err != nil {
		return fmt.Errorf("%s: %w", IndexFile, err)
	}
	if err := st.WriteFile(IndexFile, s.buf.Bytes()); err != nil {
		return err
	}
	s.buf.Reset()
	if err := renderOntology(&s.buf, s.ont); err != nil {
		return fmt.Errorf("%s: %w", OntologyFile, err)
	}
	if err := st.WriteFile(OntologyFile, s.buf.Bytes()); err != nil {
		return err
	}
	return st.WriteFile(HtaccessFile, []byte(Htaccess))
}

// Notes says what the site did that its reader should know (for export to print): when the
// publication is too large for index.html to search and map every co-op at once.
func (s *Site) Notes() []string {
	return planIndex(s.sets).notes
}

// writeCoop writes id/<id>.ttl, .jsonld, .nt and .html (id/<dataset>/<id>.* for a dataset)
// with r's buffers.
func (s *Site) writeCoop(r *renderer, st *stage.Staging, set *set, j job) error {
	rec := j.rec
	iri := set.mapper.CoopIRI(rec.ID)
	name := func(iri string) (string, bool) {
		id, ok := strings.CutPrefix(iri, set.mapper.URISpace())
		if !ok {
			return "", false
		}
		n, ok := j.names[id]
		return n, ok
	}
	r.doc = append(r.doc[:0], j.own...)
	r.doc = Labels(r.doc, j.own, s.ont, name)
	base := set.idFolder() + rec.ID
	for _, f := range DocFormats {
		b := &r.buf
		if f == DocFormats[1] { // the JSON-LD is embedded in the page too
			b = &r.jsonld
		}
		b.Reset()
		if err := encodeDoc(r.bw, b, f, r.doc, set.header); err != nil {
			return fmt.Errorf("%s%s: %w", base, f.Ext, err)
		}
		if err := st.WriteClosed(base+f.Ext, b.Bytes()); err != nil {
			return err
		}
	}
	r.buf.Reset()
	byID := func(id string) (string, bool) { n, ok := j.names[id]; return n, ok }
	if err := renderCoop(&r.buf, rec, iri, s.ont, set, byID, r.jsonld.Bytes()); err != nil {
		return fmt.Errorf("%s.html: %w", base, err)
	}
	return st.WriteClosed(base+".html", r.buf.Bytes())
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

// datasetDownloads describes the files of one imported dataset (datasets/<name>.*: its dumps
// and its VoID description), with the names relative to the datasets folder, sorted by name.
func datasetDownloads(dir, name string) ([]download, error) {
	entries, err := os.ReadDir(filepath.Join(dir, DatasetsFolder))
	if err != nil {
		return nil, err
	}
	var out []download
	for _, e := range entries {
		n := e.Name()
		rest, ok := strings.CutPrefix(n, name+".")
		// "coops.ttl" is coops's, "coops.void.ttl" too; "coops-uk.ttl" is not.
		if !ok || !e.Type().IsRegular() || rest == "html" || strings.Contains(rest, ".") && rest != "nt.gz" && !strings.HasPrefix(rest, "void.") {
			continue
		}
		dg, err := stage.DigestFile(filepath.Join(dir, DatasetsFolder, n))
		if err != nil {
			return nil, err
		}
		format, _ := describe(n)
		what := "every co-op of the dataset"
		if strings.HasPrefix(rest, "void.") {
			what = "the dataset described with VoID and DCAT"
		}
		out = append(out, download{Name: n, Format: format, What: what, Bytes: dg.Size, Size: humanSize(dg.Size), SHA256: dg.Hex()})
	}
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
