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
	"runtime"
	"slices"

	"github.com/coopgraph/coopgraph/internal/dataset"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/export/part"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/site"
	"github.com/coopgraph/coopgraph/internal/stage"
	"github.com/coopgraph/coopgraph/vocab"
)

// DumpName is the file name (without extension) of the whole-directory dumps.
const DumpName = "coops"

// Options say what to export where.
type Options struct {
	Inputs []string // the directory's record files and folders (its dumps are left out when empty)
	// Datasets are imported datasets, each exported to DatasetsDir/<name>.*.
	Datasets []dataset.Input
	Out      string // the exports folder
	Base     string // base IRI of co-ops
	// Formats are what to write (package format): RDF syntaxes and, for the directory,
	// formats of records such as Murmurations profiles.
	Formats []*format.Format
	Record  record.Options
	Workers int
	// ShardTriples, when positive, also splits the N-Triples dump into gzip shards of at most
	// this many triples (coops-00001.nt.gz, …) beside the dumps.
	ShardTriples int64
	// Issued, when set (YYYY-MM-DD, from SOURCE_DATE_EPOCH), is the dataset's date of issue in
	// void.ttl; otherwise the earliest "updated" date of the records is.
	Issued string
	// NoSite leaves out the per-co-op documents and the pages (package site): they are for
	// directories of human scale, and cost a row of memory and four files per co-op.
	NoSite bool
	// Context, when set, stops the export (and leaves Out untouched) when it is cancelled.
	Context context.Context
	// Wait: when another export is writing Out, wait for it to finish instead of failing with
	// stage.ErrLocked. One export at a time writes a folder (a lock file beside it).
	Wait bool
	// Waiting, when set, is called once before waiting, with the lock file's path.
	Waiting func(lockFile string)
}

// ErrInvalid is returned when records are invalid; the diagnostics say why.
var ErrInvalid = errors.New("invalid records")

// Result reports an export.
type Result struct {
	Diags diag.List
	Stats pipeline.Stats // the directory's records
	// Datasets report the imported datasets, in the order written.
	Datasets []DatasetStats
	// Notes are what the export did that its user should know (printed by the command).
	Notes []string
}

// DatasetStats sums up the export of one imported dataset.
type DatasetStats struct {
	Name string
	pipeline.Stats
}

// Parts returns the parts of the directory's exports, in the order they finish: the dumps, the
// gzip of the N-Triples dump, the count of the dataset for its description (which, with no
// other dataset, then writes void.ttl, the directory's description and SHA256SUMS, reading the
// sizes and sums of the files before it), the formats of records asked for (Murmurations
// profiles), and the per-co-op documents and pages (package site). m maps the directory's
// records: every part mints IRIs through it.
func Parts(opt Options, m *mapping.Mapper) []part.Part {
	var web *site.Site
	if !opt.NoSite {
		web = site.NewSite(site.Options{Mapper: m, Header: Header})
	}
	return parts(opt, m, newPublication(opt, m), web)
}

func newPublication(opt Options, m *mapping.Mapper) *part.Publication {
	return part.NewPublication(m, stage.NewDigests(), StaticDistributions(), opt.Issued)
}

// parts are the directory's parts, counted as one dataset of pub, with the directory's part
// of web (the site of the whole export) when it is not nil.
func parts(opt Options, m *mapping.Mapper, pub *part.Publication, web *site.Site) []part.Part {
	main := newDumps(DumpName, opt.Formats, nil, m.DatasetIRI())
	main.digests, main.gzip = pub.Digests(), true
	main.desc = DirectoryDescription(m)
	parts := []part.Part{main}
	if opt.ShardTriples > 0 {
		parts = append(parts, newShards(opt.ShardTriples, main.desc))
	}
	parts = append(parts, pub.NewVoID(part.DatasetOptions{
		Mapper:        m,
		Name:          mapping.DirectoryName,
		Title:         part.DatasetTitle,
		Description:   part.DatasetDescription,
		Lang:          "en",
		License:       vocab.DataLicense,
		Distributions: Distributions(opt.Formats),
		Issued:        opt.Issued,
		Described:     main.desc,
	}))
	for _, f := range format.Sorted(opt.Formats) {
		if f.NewPart != nil {
			parts = append(parts, f.NewPart(format.PartOptions{Mapper: m}))
		}
	}
	// The site comes last: its index lists every file the others wrote, with sizes and sums.
	if web != nil {
		parts = append(parts, web.Directory())
	}
	return parts
}

// GzipExt ends the name of a gzip-compressed dump.
const GzipExt = ".gz"

// Distributions returns the directory's dumps in the given formats, which void.ttl describes and
// SHA256SUMS lists: the dumps (in rank order) and the gzip of those a format says to compress.
func Distributions(formats []*format.Format) []part.Distribution {
	return dumpDistributions(DumpName, "The directory", format.RDF(format.Sorted(formats)), true)
}

func dumpDistributions(name, what string, formats []*format.Format, gzip bool) []part.Distribution {
	var out []part.Distribution
	for _, f := range formats {
		d := part.Distribution{File: name + f.Ext, Title: what + " in " + f.Title, MediaType: f.MediaType, Feature: f.Feature, Dump: true}
		out = append(out, d)
		if gzip && f.Gzip {
			d.File += GzipExt
			d.Title += ", gzip-compressed"
			d.Compress = "application/gzip"
			out = append(out, d)
		}
	}
	return out
}

// StaticDistributions are the vocabulary files, which every dataset of the publication shares:
// void.ttl describes them as the publication's, and SHA256SUMS lists them.
func StaticDistributions() []part.Distribution {
	var out []part.Distribution
	for _, f := range part.StaticFiles() {
		out = append(out, part.Distribution{File: f.Name, Title: f.Title, MediaType: f.MediaType})
	}
	return out
}

// DefaultWorkers is how many workers read, check, map and render records when Options.Workers
// is not set: one and a half per core. Workers wait for their records to be read from disk, and
// with one per core a core idles while its worker waits: exporting 100,000 synthetic records on
// two cores, the cores were idle for 34% of the run with two workers, 11% with three (runtime
// metric /cpu/classes/idle; BenchmarkExport reports it as idle-%), for 17 MB more memory.
func DefaultWorkers() int {
	n := runtime.GOMAXPROCS(0)
	return n + max(1, n/2)
}

// run is one stream of records through the pipeline into parts.
type run struct {
	set     *pipeline.Set
	v       *schema.Validator
	mapper  *mapping.Mapper
	parts   []part.Part
	dataset string // "" for the directory
}

// Run validates every record and writes the exports. When any record is invalid, or anything
// fails, nothing in opt.Out changes and the error says why (ErrInvalid for invalid records).
func Run(opt Options) (Result, error) {
	var res Result
	if opt.Workers <= 0 {
		opt.Workers = DefaultWorkers()
	}
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	// The one mapping of --base: the directory's, from which each dataset's is derived.
	m := mapping.New(opt.Base)
	// One publication spans the directory and the datasets: void.ttl describes them all.
	pub := newPublication(opt, m)
	var runs []run
	// One site spans the directory and the datasets: index.html searches and maps them all.
	var web *site.Site
	if !opt.NoSite {
		web = site.NewSite(site.Options{Mapper: m, Header: Header})
	}
	if len(opt.Inputs) > 0 {
		v, err := schema.New()
		if err != nil {
			return res, err
		}
		set, sl := pipeline.Scan(opt.Inputs)
		defer set.Close()
		res.Diags = append(res.Diags, sl...)
		runs = append(runs, run{set: set, v: v, mapper: m, parts: parts(opt, m, pub, web)})
	}
	if len(opt.Datasets) > 0 {
		v, err := schema.NewProfile(schema.Dataset)
		if err != nil {
			return res, err
		}
		for _, in := range opt.Datasets {
			man, ml := dataset.LoadManifest(in.Dir)
			res.Diags = append(res.Diags, ml...)
			set, sl := pipeline.Scan(in.Records())
			defer set.Close()
			res.Diags = append(res.Diags, sl...)
			if man == nil {
				continue
			}
			dm := m.Dataset(man.Name)
			dd := newDatasetDumps(man, dm, opt.Formats)
			dd.digests = pub.Digests()
			parts := []part.Part{dd, pub.NewVoID(part.DatasetOptions{
				Mapper: dm, Name: man.Name, Title: man.Title, License: man.License, Attribution: man.Attribution,
				Source: man.Source, SourceFile: man.File, SourceSHA256: man.SHA256,
				Distributions: dumpDistributions(DatasetsDir+"/"+man.Name, man.Title, DatasetFormats(opt.Formats), false),
				Issued:        opt.Issued, Described: dd.desc,
			})}
			for _, f := range format.Sorted(opt.Formats) {
				if f.NewPart != nil && f.Datasets {
					parts = append(parts, f.NewPart(format.PartOptions{Mapper: dm, Dataset: man.Name}))
				}
			}
			// The site comes last: its pages list the files the others wrote.
			if web != nil {
				parts = append(parts, web.Dataset(site.Dataset{Name: man.Name, Title: man.Title, Source: man.Source,
					License: man.License, Attribution: man.Attribution, File: man.File, Header: DatasetHeader(man)}))
			}
			runs = append(runs, run{set: set, v: v, mapper: dm, parts: parts, dataset: man.Name})
		}
	}
	if res.Diags.HasErrors() {
		res.Diags.Sort()
		return res, ErrInvalid
	}
	// Begin takes Out for this export alone (or waits for it), then removes what interrupted
	// exports left beside it.
	st, err := stage.BeginWith(opt.Out, stage.Options{Wait: opt.Wait, Waiting: opt.Waiting, Context: ctx})
	if err != nil {
		return res, err
	}
	defer st.Abort()
	committed := false
	defer func() {
		if committed {
			return
		}
		for _, r := range runs {
			for _, p := range r.parts {
				if a, ok := p.(part.Aborter); ok {
					a.Abort()
				}
			}
		}
	}()
	for _, f := range part.StaticFiles() {
		if err := st.WriteFile(f.Name, f.Data); err != nil {
			return res, err
		}
	}
	invalid := false
	workers := pipeline.Options{Workers: opt.Workers}.WorkerCount()
	for _, r := range runs {
		for _, p := range r.parts {
			if pp, ok := p.(part.Preparer); ok {
				pp.PrepareWorkers(workers)
			}
			if err := p.Start(st); err != nil {
				return res, err
			}
		}
		diags, stats, bad, err := feed(ctx, r, opt)
		// The triples of the dumps: the records' and the description that opens them.
		for _, p := range r.parts {
			if d, ok := p.(*dumps); ok {
				stats.Triples += int64(len(d.desc))
			}
		}
		res.Diags = append(res.Diags, diags...)
		if r.dataset == "" {
			res.Stats = stats
		} else {
			res.Datasets = append(res.Datasets, DatasetStats{Name: r.dataset, Stats: stats})
		}
		if err != nil {
			res.Diags.Sort()
			return res, err
		}
		invalid = invalid || bad
	}
	res.Diags.Sort()
	if invalid || res.Diags.HasErrors() {
		return res, ErrInvalid
	}
	for _, r := range runs {
		for _, p := range r.parts {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			if err := p.Finish(st); err != nil {
				return res, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if web != nil {
		res.Notes = web.Notes()
	}
	committed = true // every part has finished
	if err := st.Commit(); err != nil {
		return res, err
	}
	return res, nil
}

// feed streams one set of records through the pipeline into its parts; bad reports invalid
// records (after which nothing more is written, but validation goes on).
func feed(ctx context.Context, r run, opt Options) (diag.List, pipeline.Stats, bool, error) {
	invalid := false
	dopt := pipeline.Options{
		Mapper:  r.mapper,
		Record:  opt.Record,
		Workers: opt.Workers,
	}
	for _, p := range r.parts {
		if pp, ok := p.(part.Preparer); ok {
			if dopt.Prepare != nil { // both would render into the items' Chunks
				return nil, pipeline.Stats{}, false, errors.New("export: more than one part prepares the records")
			}
			dopt.Prepare = pp.Prepare
		}
	}
	diags, stats, err := pipeline.Run(r.set, r.v, dopt, func(it *pipeline.Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if it.Diags.HasErrors() || it.Record == nil {
			invalid = true
		}
		if invalid {
			return nil // keep validating, stop writing
		}
		for _, p := range r.parts {
			if err := p.Add(it); err != nil {
				return fmt.Errorf("%s: %w", it.File, err)
			}
		}
		return nil
	})
	return diags, stats, invalid || diags.HasErrors(), err
}

// dumps is the part that writes one dump per RDF format: coops.ttl, coops.nt, coops.jsonld (and
// coops.nq when asked) for the directory; with gzip, also coops.nt.gz, compressed from the
// N-Triples as they are written. With digests, the size and SHA-256 sum of every file are taken
// as it is written, for void.ttl and SHA256SUMS.
type dumps struct {
	name    string
	formats []*format.Format
	header  []string
	graph   string
	gzip    bool
	digests *stage.Digests
	desc    []rdf.Triple // the dataset's description, which opens every dump (sorted)

	encs      []encode.Splicer
	gzips     []*stage.GzipWriter
	digesters []*stage.DigestWriter
	// renderers[w][k] renders records for encs[k] in worker w.
	renderers [][]encode.Renderer
	workers   int
}

func newDumps(name string, formats []*format.Format, header []string, graph string) *dumps {
	if header == nil {
		header = Header
	}
	d := &dumps{name: name, header: header, graph: graph}
	for _, f := range formats {
		if f.IsRDF() {
			d.formats = append(d.formats, f)
		}
	}
	return d
}

func (d *dumps) Start(st *stage.Staging) error {
	for _, f := range d.formats {
		w, err := d.create(st, d.name+f.Ext)
		if err != nil {
			return err
		}
		if d.gzip && f.Gzip {
			gw, err := d.create(st, d.name+f.Ext+GzipExt)
			if err != nil {
				return err
			}
			gz := stage.NewGzipWriter(gw)
			d.gzips = append(d.gzips, gz)
			w = io.MultiWriter(w, gz)
		}
		d.encs = append(d.encs, f.New(w, format.EncoderOptions{Header: d.header, Graph: d.graph}))
	}
	if err := d.encode(d.desc); err != nil {
		return err
	}
	d.renderers = make([][]encode.Renderer, d.workers)
	for w := range d.renderers {
		for _, e := range d.encs {
			d.renderers[w] = append(d.renderers[w], e.NewRenderer())
		}
	}
	return nil
}

// PrepareWorkers makes ready a set of renderers for each of n workers.
func (d *dumps) PrepareWorkers(n int) { d.workers = n }

// Prepare renders the record's triples in every format, in the worker that mapped it.
func (d *dumps) Prepare(w int, it *pipeline.Item) error {
	for len(it.Chunks) < len(d.encs) {
		it.Chunks = append(it.Chunks, nil)
	}
	for k, r := range d.renderers[w] {
		var err error
		if it.Chunks[k], err = r.Render(it.Chunks[k][:0], it.Triples); err != nil {
			return err
		}
	}
	return nil
}

// create makes a dump in the staging folder, written behind (stage.WriteBehind) and digested on
// the way when digests are kept.
func (d *dumps) create(st *stage.Staging, name string) (io.Writer, error) {
	f, err := st.Create(name)
	if err != nil {
		return nil, err
	}
	w := stage.NewWriteBehind(f)
	if d.digests == nil {
		return w, nil
	}
	dw := d.digests.Writer(name, w)
	d.digesters = append(d.digesters, dw)
	return dw, nil
}

// Add writes a record: what Prepare rendered of it, or (for a record that did not go through
// Prepare) its triples.
func (d *dumps) Add(it *pipeline.Item) error {
	if it.PrepareErr != nil {
		return it.PrepareErr
	}
	if len(it.Chunks) < len(d.encs) {
		return d.encode(it.Triples)
	}
	for k, e := range d.encs {
		if err := e.Splice(it.Chunks[k], len(it.Triples)); err != nil {
			return err
		}
	}
	return nil
}

func (d *dumps) encode(ts []rdf.Triple) error {
	for _, t := range ts {
		for _, e := range d.encs {
			if err := e.Encode(t); err != nil {
				return err
			}
		}
	}
	return nil
}

// Finish flushes the encoders, then the compressors they feed, then takes the digests.
func (d *dumps) Finish(*stage.Staging) error {
	var first error
	keep := func(err error) {
		if first == nil {
			first = err
		}
	}
	for _, e := range d.encs {
		keep(e.Close())
	}
	for _, g := range d.gzips {
		keep(g.Close())
	}
	for _, dw := range d.digesters {
		keep(dw.Close())
	}
	return first
}

// Abort stops the compressors of an export that will not finish.
func (d *dumps) Abort() {
	for _, g := range d.gzips {
		g.Close()
	}
}

// DirectoryDescription returns the triples that open the directory's dumps, sorted: the dataset
// with its title and licence, so that every dump, downloaded alone, says under which terms it
// is published (void.ttl describes the dataset in full). They sort before every co-op
// (<base>dataset before <base>id/…).
func DirectoryDescription(m *mapping.Mapper) []rdf.Triple {
	d := rdf.NewIRI(m.DatasetIRI())
	ts := []rdf.Triple{
		{S: d, P: rdf.NewIRI(vocab.RDFType), O: rdf.NewIRI(vocab.DCATDataset)},
		{S: d, P: rdf.NewIRI(vocab.RDFType), O: rdf.NewIRI(vocab.VOIDDataset)},
		{S: d, P: rdf.NewIRI(vocab.DCTTitle), O: rdf.NewLangString(part.DatasetTitle, "en")},
		{S: d, P: rdf.NewIRI(vocab.DCTLicense), O: rdf.NewIRI(vocab.DataLicense)},
	}
	slices.SortFunc(ts, rdf.CompareTriples)
	return ts
}

// Header opens coops.ttl: what the file is and under which terms it is published.
var Header = []string{
	"coopgraph: the directory of platform co-operatives as linked data.",
	"Published under CC0 1.0 (" + vocab.DataLicense + "). Quoted passages (coop:quote)",
	"are attributed to the pages they come from (schema:url) and remain under those pages' terms.",
}
