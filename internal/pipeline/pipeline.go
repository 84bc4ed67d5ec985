package pipeline

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
)

// Options configure a pipeline run.
type Options struct {
	// Mapper maps valid records to triples; nil validates only.
	Mapper *mapping.Mapper
	// Record options (the current year for "founded").
	Record record.Options
	// Workers is the number of records processed at once; 0 means GOMAXPROCS.
	Workers int
	// Prepare, when set, is called by the worker that mapped a valid record, with the worker's
	// number (0 to Workers-1): work on the record that need not wait for the records before it
	// (rendering its triples), done in parallel so that the consumer only has to write. An
	// error is kept in the item's PrepareErr for the consumer.
	Prepare func(worker int, it *Item) error
	// Only, when not nil, lists the indices (increasing) of the records of the set to take;
	// the others are left out, though the rules across records still see every file of the
	// set (a related id names any record of it).
	Only []int
}

// WorkerCount returns the number of workers Run starts for opt.
func (opt Options) WorkerCount() int {
	if opt.Workers <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return opt.Workers
}

// Item is one record as it leaves the pipeline, in id order. Its Triples are valid only during
// the call that receives it (their memory is reused).
type Item struct {
	Index   int
	File    string
	Record  *record.Record
	Doc     *source.Document
	Triples []rdf.Triple
	// Diags are this record's own diagnostics (cross-record ones are reported at the end).
	Diags diag.List
	// Chunks are what Options.Prepare made of the record (its triples rendered in each format
	// of the dumps), and PrepareErr what went wrong. Like Triples, their memory is reused.
	Chunks     [][]byte
	PrepareErr error
}

// maxKept is the largest buffer an item keeps for the next record: the pipeline holds a window
// of items, and one record of a megabyte should not leave every one of them that large.
const maxKept = 64 << 10

// windowPerWorker is how many records each worker may be ahead of the consumer.
const windowPerWorker = 16

// Stats sums up a run.
type Stats struct {
	Records int
	Triples int64
	Bytes   int64
}

// Run reads, validates and (with a Mapper) maps every file of set, in parallel, and calls
// consume for each record in set order. consume is called from one goroutine. The run goes on
// after invalid records, so that all problems are reported at once; consume sees invalid records
// too (with their diagnostics and no triples) and decides what to do. An error returned by
// consume stops the run and is returned.
func Run(set *Set, v *schema.Validator, opt Options, consume func(*Item) error) (diag.List, Stats, error) {
	workers := opt.WorkerCount()
	n := set.Len()
	if opt.Only != nil {
		n = len(opt.Only)
	}
	// Records done ahead of the consumer wait in a window of slots. Sixteen per worker absorb a
	// slow record at the head (a 100-kB description); a wider window only holds more memory
	// (100,000 synthetic records: 16 per worker 3.7 s and 90 MB, 64 per worker 3.8 s and 128 MB).
	window := workers * windowPerWorker
	if window > n {
		window = n
	}
	type slot struct {
		item *Item
		done chan struct{}
	}
	slots := make([]slot, window)
	for i := range slots {
		slots[i].done = make(chan struct{}, 1)
	}
	stop := make(chan struct{})
	pool := sync.Pool{New: func() any { return &Item{Triples: make([]rdf.Triple, 0, 64)} }}
	// A worker takes a credit, then the next index: never more than window records ahead of
	// the consumer, which gives a credit back for every record it is done with.
	credits := make(chan struct{}, window)
	for i := 0; i < window; i++ {
		credits <- struct{}{}
	}
	path := &Path{Validator: v, Record: opt.Record, Mapper: opt.Mapper}
	var taken atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-credits:
				case <-stop:
					return
				}
				i := int(taken.Add(1) - 1)
				if i >= n {
					return
				}
				it := pool.Get().(*Item)
				idx := i
				if opt.Only != nil {
					idx = opt.Only[i]
				}
				process(it, set, idx, path)
				if opt.Prepare != nil && it.Record != nil && !it.Diags.HasErrors() {
					it.PrepareErr = opt.Prepare(w, it)
				}
				slots[i%window].item = it
				slots[i%window].done <- struct{}{}
			}
		}()
	}

	var all diag.List
	var stats Stats
	var runErr error
	sites := newSiteIndex(n)
	for i := 0; i < n; i++ {
		s := &slots[i%window]
		<-s.done
		it := s.item
		s.item = nil
		stats.Records++
		if it.Record != nil {
			// Into the item's own diagnostics, so that the consumer sees a record that
			// clashes with another as invalid (and writes nothing of it).
			crossChecks(set, it, &it.Diags)
			sites.add(it)
		}
		all = append(all, it.Diags...)
		if runErr == nil && consume != nil {
			runErr = consume(it)
			stats.Triples += int64(len(it.Triples))
		}
		it.Diags, it.Record, it.Doc, it.Triples, it.PrepareErr = nil, nil, nil, it.Triples[:0], nil
		// Keep the buffers of ordinary records for the next; let go of those a huge one grew.
		for k, c := range it.Chunks {
			if cap(c) > maxKept {
				c = nil
			}
			it.Chunks[k] = c[:0]
		}
		if cap(it.Triples) > maxKept/64 {
			it.Triples = nil
		}
		pool.Put(it)
		credits <- struct{}{}
		if runErr != nil {
			close(stop)
			break
		}
	}
	if runErr == nil {
		close(stop)
	}
	// Workers still busy after an early stop finish into their slots' buffers and exit.
	wg.Wait()
	if err := sites.report(set, &all); err != nil && runErr == nil {
		runErr = err
	}
	if err := set.Err(); err != nil && runErr == nil {
		runErr = err
	}
	all.Sort()
	return all, stats, runErr
}

func process(it *Item, set *Set, i int, path *Path) {
	it.Index = i
	it.File = set.Path(i)
	c := path.CheckFile(it.File, it.Triples[:0])
	it.Diags, it.Triples = c.Diags, c.Triples
	if c.Record != nil {
		it.Record, it.Doc = c.Record, c.Doc
	}
}

// crossChecks reports what involves other records as it comes: an id used by two files, and
// related ids that have no record. (Websites given on two records are found at the end, by
// siteIndex.)
func crossChecks(set *Set, it *Item, all *diag.List) {
	r := it.Record
	if it.Index > 0 && set.Name(it.Index-1) == set.Name(it.Index) {
		all.Errorf(it.File, it.Doc.Lookup("id"), "id", "duplicate-id", "id %q is also used by %s", r.ID, set.Path(it.Index-1))
	}
	for k, rel := range r.Related {
		if rel == r.ID {
			all.Errorf(it.File, it.Doc.Lookup("related."+strconv.Itoa(k)), "related["+strconv.Itoa(k)+"]", "related", "a record cannot be related to itself")
		} else if !set.Has(rel) {
			all.Errorf(it.File, it.Doc.Lookup("related."+strconv.Itoa(k)), "related["+strconv.Itoa(k)+"]", "related", "no record has the id %q", rel)
		}
	}
}

// siteIndex finds websites given on more than one record. It keeps 12 bytes per record (a
// 64-bit hash of the site's key and the record's index) and sorts them at the end: a map of the
// sites would cost several times that. Past spillAt records, the pairs go to temporary files,
// one for each of 64 ranges of hashes, and each is sorted on its own at the end, so that memory
// stays flat.
type siteIndex struct {
	seed    maphash.Seed
	hashes  []uint64
	recs    []uint32
	buckets []*bufio.Writer
	files   []*os.File
	err     error
}

const siteBuckets = 64

func newSiteIndex(n int) *siteIndex {
	x := &siteIndex{seed: maphash.MakeSeed()}
	if n <= spillAt {
		x.hashes, x.recs = make([]uint64, 0, n), make([]uint32, 0, n)
	}
	return x
}

func (x *siteIndex) add(it *Item) {
	w := it.Record.Website
	if w == "" {
		return
	}
	h := maphash.String(x.seed, iri.SiteKey(w))
	if x.hashes != nil {
		x.hashes = append(x.hashes, h)
		x.recs = append(x.recs, uint32(it.Index))
		return
	}
	if x.err != nil {
		return
	}
	if x.buckets == nil {
		for i := 0; i < siteBuckets; i++ {
			f, err := tempFile()
			if err != nil {
				x.err = err
				return
			}
			x.files = append(x.files, f)
			x.buckets = append(x.buckets, bufio.NewWriterSize(f, 4<<10))
		}
	}
	var b [12]byte
	binary.LittleEndian.PutUint64(b[:8], h)
	binary.LittleEndian.PutUint32(b[8:], uint32(it.Index))
	x.buckets[h>>58].Write(b[:])
}

func (x *siteIndex) Len() int { return len(x.hashes) }
func (x *siteIndex) Less(i, j int) bool {
	if x.hashes[i] != x.hashes[j] {
		return x.hashes[i] < x.hashes[j]
	}
	return x.recs[i] < x.recs[j]
}
func (x *siteIndex) Swap(i, j int) {
	x.hashes[i], x.hashes[j] = x.hashes[j], x.hashes[i]
	x.recs[i], x.recs[j] = x.recs[j], x.recs[i]
}

// report warns once for each website that several records give: at the first of them (in id
// order), naming the others (at most maxSharing, then a count). That record is read again for
// the position of its website: there are few such records, and keeping every position would
// cost more than the index.
func (x *siteIndex) report(set *Set, all *diag.List) error {
	if x.buckets == nil {
		x.reportSorted(set, all)
		return x.err
	}
	defer func() {
		for _, f := range x.files {
			f.Close()
		}
	}()
	for i, w := range x.buckets {
		if err := w.Flush(); err != nil {
			return err
		}
		f := x.files[i]
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		data, err := io.ReadAll(bufio.NewReader(f))
		if err != nil {
			return err
		}
		x.hashes, x.recs = x.hashes[:0], x.recs[:0]
		for ; len(data) >= 12; data = data[12:] {
			x.hashes = append(x.hashes, binary.LittleEndian.Uint64(data[:8]))
			x.recs = append(x.recs, binary.LittleEndian.Uint32(data[8:12]))
		}
		x.reportSorted(set, all)
	}
	return x.err
}

func (x *siteIndex) reportSorted(set *Set, all *diag.List) {
	sort.Sort(x)
	for first := 0; first < len(x.hashes); {
		last := first + 1
		for last < len(x.hashes) && x.hashes[last] == x.hashes[first] {
			last++
		}
		if last-first > 1 {
			file := set.Path(int(x.recs[first]))
			doc, _ := source.Load(file)
			website := ""
			if doc != nil {
				if n := doc.Root.Get("website"); n != nil {
					website, _ = n.Value.(string)
				}
			}
			var others []string
			for _, r := range x.recs[first+1 : min(last, first+1+maxSharing)] {
				others = append(others, set.Path(int(r)))
			}
			more := ""
			if n := last - first - 1 - len(others); n > 0 {
				more = fmt.Sprintf(" and %d more", n)
			}
			all.Warnf(file, doc.Lookup("website"), "website", "duplicate-website", "the website %s is shared by %d records: also %s%s", website, last-first, strings.Join(others, ", "), more)
		}
		first = last
	}
}

// maxSharing is how many other records a duplicate-website warning names.
const maxSharing = 5
