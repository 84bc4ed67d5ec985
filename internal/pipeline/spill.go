package pipeline

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// spillAt is the number of files past which a Set sorts its list on disk: batches of spillAt
// files are sorted in memory and written to temporary files, which are then merged into one
// sorted file. The Set keeps in memory only every blockLen-th name (to find an id) and the
// blocks it last read, so a directory of ten million records costs the memory of a few
// hundred thousand.
var spillAt = 1 << 17

// blockLen is the number of entries of the sorted file read at once.
const blockLen = 64

// An entry of a spilled list is written as: the folder's index (2 bytes, little-endian), the
// length of the extension (1 byte), the length of the file name (1 byte), the file name.
const entryHead = 4

type spilled struct {
	f      *os.File
	n      int
	size   int64
	blocks []spillBlock

	mu    sync.Mutex // for the blocks read by entry
	cache [4]decoded
	next  int

	hasMu  sync.Mutex // for the buffer of has
	hasBuf []byte

	errOnce sync.Once
	err     error // the first failure to read the file back
}

func (d *spilled) fail(err error) {
	d.errOnce.Do(func() { d.err = fmt.Errorf("reading back the sorted list of records: %w", err) })
}

type spillBlock struct {
	off   int64
	first string // the id (name without extension) of its first entry
}

type diskEntry struct {
	name string
	ext  uint8
	dir  uint16
}

type decoded struct {
	k       int
	entries []diskEntry
}

// tempFile creates a temporary file and removes its name at once: the space is freed when it
// is closed, or when the process ends, however it ends.
func tempFile() (*os.File, error) {
	f, err := os.CreateTemp("", "coopgraph-records-*")
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name())
	return f, nil
}

func appendEntry(b []byte, name []byte, ext uint8, dir uint16) ([]byte, error) {
	if len(name) > 255 {
		return b, fmt.Errorf("file name of %d bytes: too long", len(name))
	}
	b = binary.LittleEndian.AppendUint16(b, dir)
	b = append(b, ext, uint8(len(name)))
	return append(b, name...), nil
}

// spillBatch sorts the batch in memory and writes it to a run file of its own.
func (s *Set) spillBatch() error {
	s.sortBatch()
	f, err := tempFile()
	if err != nil {
		return err
	}
	s.runs = append(s.runs, f)
	w := bufio.NewWriterSize(f, 64<<10)
	var b []byte
	for _, r := range s.recs {
		if b, err = appendEntry(b[:0], s.arena[r.off:r.off+uint32(r.n)], r.ext, r.dir); err != nil {
			return err
		}
		w.Write(b)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	s.recs, s.arena = s.recs[:0], s.arena[:0]
	return nil
}

// run is one sorted run being merged.
type run struct {
	r    *bufio.Reader
	head diskEntry
}

func (r *run) advance() (bool, error) {
	var h [entryHead]byte
	if _, err := io.ReadFull(r.r, h[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		return false, err
	}
	name := make([]byte, h[3])
	if _, err := io.ReadFull(r.r, name); err != nil {
		return false, err
	}
	r.head = diskEntry{name: string(name), ext: h[2], dir: binary.LittleEndian.Uint16(h[:2])}
	return true, nil
}

type runHeap struct {
	runs []*run
	s    *Set
}

func (h runHeap) Len() int           { return len(h.runs) }
func (h runHeap) Less(i, j int) bool { return h.s.compareEntries(h.runs[i].head, h.runs[j].head) < 0 }
func (h runHeap) Swap(i, j int)      { h.runs[i], h.runs[j] = h.runs[j], h.runs[i] }
func (h *runHeap) Push(x any)        { h.runs = append(h.runs, x.(*run)) }
func (h *runHeap) Pop() any {
	r := h.runs[len(h.runs)-1]
	h.runs = h.runs[:len(h.runs)-1]
	return r
}

// compareEntries orders entries as sortBatch orders files: by name without extension, then by
// path.
func (s *Set) compareEntries(a, b diskEntry) int {
	if c := strings.Compare(a.name[:len(a.name)-int(a.ext)], b.name[:len(b.name)-int(b.ext)]); c != 0 {
		return c
	}
	return strings.Compare(s.dirs[a.dir]+"/"+a.name, s.dirs[b.dir]+"/"+b.name)
}

// spillFinish writes the last batch and merges the runs into the sorted file.
func (s *Set) spillFinish() error {
	defer func() {
		for _, f := range s.runs {
			f.Close()
		}
		s.runs = nil
		s.recs, s.arena = nil, nil
	}()
	if s.err != nil {
		return s.err
	}
	if len(s.recs) > 0 {
		if err := s.spillBatch(); err != nil {
			return err
		}
	}
	out, err := tempFile()
	if err != nil {
		return err
	}
	d := &spilled{f: out}
	h := &runHeap{s: s}
	for _, f := range s.runs {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			out.Close()
			return err
		}
		r := &run{r: bufio.NewReaderSize(f, 64<<10)}
		ok, err := r.advance()
		if err != nil {
			out.Close()
			return err
		}
		if ok {
			h.runs = append(h.runs, r)
		}
	}
	heap.Init(h)
	w := bufio.NewWriterSize(out, 256<<10)
	var b []byte
	for h.Len() > 0 {
		r := h.runs[0]
		e := r.head
		if d.n%blockLen == 0 {
			d.blocks = append(d.blocks, spillBlock{off: d.size, first: e.name[:len(e.name)-int(e.ext)]})
		}
		b, _ = appendEntry(b[:0], []byte(e.name), e.ext, e.dir)
		w.Write(b)
		d.size += int64(len(b))
		d.n++
		ok, err := r.advance()
		if err != nil {
			out.Close()
			return err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return err
	}
	for i := range d.cache {
		d.cache[i].k = -1
	}
	s.disk = d
	return nil
}

// read returns the bytes of block k.
func (d *spilled) read(k int, buf []byte) ([]byte, error) {
	end := d.size
	if k+1 < len(d.blocks) {
		end = d.blocks[k+1].off
	}
	n := int(end - d.blocks[k].off)
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	_, err := d.f.ReadAt(buf, d.blocks[k].off)
	return buf, err
}

// entry returns the i-th entry. Workers ask for entries in about increasing order, so the few
// blocks last read serve nearly every call.
func (d *spilled) entry(i int) diskEntry {
	k := i / blockLen
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, c := range d.cache {
		if c.k == k {
			return c.entries[i%blockLen]
		}
	}
	raw, err := d.read(k, nil)
	if err != nil {
		// The file is this process's own and was complete: failing to read it back is a
		// failure of the machine, not of a record. Run reports it.
		d.fail(err)
		return diskEntry{}
	}
	c := &d.cache[d.next]
	d.next = (d.next + 1) % len(d.cache)
	c.k, c.entries = k, c.entries[:0]
	for len(raw) >= entryHead {
		n := int(raw[3])
		c.entries = append(c.entries, diskEntry{name: string(raw[entryHead : entryHead+n]), ext: raw[2], dir: binary.LittleEndian.Uint16(raw[:2])})
		raw = raw[entryHead+n:]
	}
	return c.entries[i%blockLen]
}

// has reports whether an entry's id is id: the last block whose first id is not after it holds
// every entry with that id, if there is one.
func (d *spilled) has(id string) bool {
	lo, hi := 0, len(d.blocks)
	for lo < hi {
		m := (lo + hi) / 2
		if d.blocks[m].first <= id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return false
	}
	d.hasMu.Lock()
	defer d.hasMu.Unlock()
	raw, err := d.read(lo-1, d.hasBuf)
	if err != nil {
		d.fail(err)
		return false
	}
	d.hasBuf = raw
	for len(raw) >= entryHead {
		n := int(raw[3])
		name := raw[entryHead : entryHead+n-int(raw[2])]
		if c := bytes.Compare(name, []byte(id)); c >= 0 {
			return c == 0
		}
		raw = raw[entryHead+n:]
	}
	return false
}
