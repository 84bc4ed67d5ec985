package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/ntread"
	"github.com/coopgraph/coopgraph/internal/rdf"
)

// ErrNotSorted is returned by Compare for a dump that is not sorted as coopgraph writes its
// dumps (rdf.CompareTriples order, no repeated lines): such dumps are loaded whole.
var ErrNotSorted = errors.New("not sorted as coopgraph writes its dumps")

// Change is what turns one dump (OLD) into another (NEW): the triples to delete and those to
// insert, written as N-Triples files (blank nodes as skolem IRIs).
type Change struct {
	Old, New         int64 // distinct triples of each dump
	Deletes, Inserts int64
	DeleteFile       string
	InsertFile       string
	// Sample are triples that a graph holding OLD holds: lines spread over OLD, and the
	// first deletes.
	Sample []rdf.Triple
	// InsertSample are the first inserts: a graph holding NEW holds them, one holding OLD not.
	InsertSample []rdf.Triple
	dir          string
}

// Size is the number of triples the change deletes and inserts.
func (c *Change) Size() int64 { return c.Deletes + c.Inserts }

// Remove deletes the change's files.
func (c *Change) Remove() error { return os.RemoveAll(c.dir) }

// sampleSize bounds Change.Sample: between sampleSize and 2×sampleSize lines of OLD, evenly
// spaced, and sampleSize/2 deletes.
const sampleSize = 32

// Compare reads two dumps, each one or more N-Triples files (plain or gzip), sorted as
// coopgraph writes them, in one pass, and writes the change from old to new to files in a new
// folder under dir ("" : the system's temporary folder). Lines equal in both are skipped
// without being parsed, so the pass goes at the speed of reading; lines that differ are parsed
// (a syntax error is an *ntread.SyntaxError) and ordered with rdf.CompareTriples. Blank nodes
// become the skolem IRIs that loading the dumps into the graph scope gives.
func Compare(ctx context.Context, old, new []string, scope, dir string) (*Change, error) {
	a, err := openLines(old)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	b, err := openLines(new)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	tmp, err := os.MkdirTemp(dir, "coopgraph-change-")
	if err != nil {
		return nil, err
	}
	ch := &Change{dir: tmp, DeleteFile: filepath.Join(tmp, "delete.nt"), InsertFile: filepath.Join(tmp, "insert.nt")}
	ok := false
	defer func() {
		if !ok {
			ch.Remove()
		}
	}()
	del, err := newTripleFile(ch.DeleteFile, scope)
	if err != nil {
		return nil, err
	}
	defer del.f.Close()
	ins, err := newTripleFile(ch.InsertFile, scope)
	if err != nil {
		return nil, err
	}
	defer ins.f.Close()

	stride := int64(1)
	var sample [][]byte
	keep := func(line []byte) {
		if ch.Old%stride == 0 {
			sample = append(sample, bytes.Clone(line))
			if len(sample) >= 2*sampleSize {
				half := sample[:0]
				for i := 0; i < len(sample); i += 2 {
					half = append(half, sample[i])
				}
				sample, stride = half, stride*2
			}
		}
		ch.Old++
	}
	var deletes []rdf.Triple
	la, lb := a.next(), b.next()
	for n := 0; la != nil || lb != nil; n++ {
		if n&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if la != nil && lb != nil && bytes.Equal(la, lb) {
			keep(la)
			ch.New++
			// Long stretches equal in both are skipped as blocks of bytes, up to the next
			// line to sample.
			for {
				room := (stride - ch.Old%stride) % stride
				k := skipEqual(a, b, room)
				if k == 0 {
					break
				}
				ch.Old += k
				ch.New += k
			}
			la, lb = a.next(), b.next()
			continue
		}
		c := 0
		switch {
		case la == nil:
			c = 1
		case lb == nil:
			c = -1
		default:
			ta, err := a.parse(la)
			if err != nil {
				return nil, err
			}
			tb, err := b.parse(lb)
			if err != nil {
				return nil, err
			}
			c = rdf.CompareTriples(ta, tb)
		}
		switch {
		case c == 0: // the same triple written differently
			keep(la)
			ch.New++
			la, lb = a.next(), b.next()
		case c < 0:
			t, err := a.parse(la)
			if err != nil {
				return nil, err
			}
			if err := del.add(t); err != nil {
				return nil, err
			}
			if len(deletes) < sampleSize/2 {
				deletes = append(deletes, t)
			}
			keep(la)
			ch.Deletes++
			la = a.next()
		default:
			t, err := b.parse(lb)
			if err != nil {
				return nil, err
			}
			if err := ins.add(t); err != nil {
				return nil, err
			}
			if len(ch.InsertSample) < sampleSize/2 {
				ch.InsertSample = append(ch.InsertSample, skolemTriple(t, scope))
			}
			ch.New++
			ch.Inserts++
			lb = b.next()
		}
	}
	if err := errors.Join(a.err, b.err); err != nil {
		return nil, err
	}
	if err := errors.Join(del.close(), ins.close()); err != nil {
		return nil, err
	}
	for _, l := range sample {
		t, ok, err := ntread.ParseLine(string(l))
		if err != nil || !ok {
			return nil, fmt.Errorf("%s: a sampled line: %v", old[0], err)
		}
		ch.Sample = append(ch.Sample, skolemTriple(t, scope))
	}
	for _, t := range deletes {
		ch.Sample = append(ch.Sample, skolemTriple(t, scope))
	}
	ok = true
	return ch, nil
}

func skolemTriple(t rdf.Triple, scope string) rdf.Triple {
	base := SkolemBase(scope)
	for _, x := range []*rdf.Term{&t.S, &t.O} {
		if x.Kind == rdf.Blank {
			*x = rdf.NewIRI(skolemIRI(base, scope, x.Value))
		}
	}
	return t
}

// tripleFile writes triples as N-Triples, blank nodes skolemised.
type tripleFile struct {
	f     *os.File
	w     *bufio.Writer
	buf   []byte
	scope string
}

func newTripleFile(name, scope string) (*tripleFile, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	return &tripleFile{f: f, w: bufio.NewWriterSize(f, 256<<10), scope: scope}, nil
}

func (t *tripleFile) add(tr rdf.Triple) error {
	var err error
	if t.buf, err = ntriples.AppendTriple(t.buf[:0], skolemTriple(tr, t.scope)); err != nil {
		return err
	}
	_, err = t.w.Write(t.buf)
	return err
}

func (t *tripleFile) close() error {
	return errors.Join(t.w.Flush(), t.f.Close())
}

// lines reads the lines of a dump's files in turn, skipping blank and comment lines; it
// parses only the lines asked for, and checks that those come in order.
type lines struct {
	files   []string
	i       int
	f       *os.File
	zr      *gzip.Reader
	br      *bufio.Reader
	line    int
	long    []byte
	err     error
	seq     int64 // lines returned so far, over all files
	last    rdf.Triple
	hasLast bool
	lastAt  int64
}

func openLines(files []string) (*lines, error) {
	l := &lines{files: files, i: -1}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

// open opens the next file.
func (l *lines) open() error {
	l.Close()
	l.i++
	l.line = 0
	if l.i >= len(l.files) {
		return nil
	}
	f, err := os.Open(l.files[l.i])
	if err != nil {
		return err
	}
	l.f = f
	l.br = bufio.NewReaderSize(f, 1<<20)
	if magic, _ := l.br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(l.br)
		if err != nil {
			return fmt.Errorf("%s: %w", l.files[l.i], err)
		}
		l.zr = zr
		l.br = bufio.NewReaderSize(zr, 1<<20)
	}
	return nil
}

// Close closes the file being read.
func (l *lines) Close() error {
	var err error
	if l.zr != nil {
		err = l.zr.Close()
		l.zr = nil
	}
	if l.f != nil {
		err = errors.Join(err, l.f.Close())
		l.f = nil
	}
	return err
}

// next returns the next line that is not blank or a comment, without its end; nil at the end
// or on an error (see err). The line is valid until the next call.
func (l *lines) next() []byte {
	for l.err == nil && l.i < len(l.files) {
		b, err := l.br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			l.long = append(l.long[:0], b...)
			for errors.Is(err, bufio.ErrBufferFull) {
				if len(l.long) > ntread.MaxLine {
					l.err = fmt.Errorf("%s:%d: line longer than %d bytes: %w", l.files[l.i], l.line+1, ntread.MaxLine, ntread.ErrSyntax)
					return nil
				}
				b, err = l.br.ReadSlice('\n')
				l.long = append(l.long, b...)
			}
			b = l.long
		}
		if err != nil && err != io.EOF {
			l.err = fmt.Errorf("%s: %w", l.files[l.i], err)
			return nil
		}
		if len(b) == 0 && err == io.EOF {
			if l.err = l.open(); l.err != nil {
				return nil
			}
			continue
		}
		l.line++
		b = bytes.TrimRight(b, "\r\n")
		if t := bytes.TrimLeft(b, " \t"); len(t) == 0 || t[0] == '#' {
			continue
		}
		l.seq++
		return b
	}
	return nil
}

// parse parses the current line and checks that it comes after the last line parsed.
func (l *lines) parse(b []byte) (rdf.Triple, error) {
	t, _, err := ntread.ParseLine(string(b))
	if err != nil {
		var se *ntread.SyntaxError
		if errors.As(err, &se) {
			se.File, se.Pos.Line = l.files[l.i], l.line
		}
		return t, err
	}
	if l.hasLast && l.lastAt != l.seq && rdf.CompareTriples(l.last, t) >= 0 {
		return t, fmt.Errorf("%s:%d: %w", l.files[l.i], l.line, ErrNotSorted)
	}
	l.last, l.hasLast, l.lastAt = t, true, l.seq
	return t, nil
}

// skipEqual skips the lines that come next in both a and b as the same bytes, at most max of
// them, and returns how many it skipped (0 when the next bytes differ, or hold blank or comment
// lines, which are left to next).
func skipEqual(a, b *lines, max int64) int64 {
	if max <= 0 || a.br == nil || b.br == nil || a.err != nil || b.err != nil {
		return 0
	}
	pa, _ := a.br.Peek(512 << 10)
	pb, _ := b.br.Peek(512 << 10)
	m := min(len(pa), len(pb))
	const chunk = 4096
	i := 0
	for i+chunk <= m && bytes.Equal(pa[i:i+chunk], pb[i:i+chunk]) {
		i += chunk
	}
	blk := pa[:i]
	end := bytes.LastIndexByte(blk, '\n')
	if end < 0 {
		return 0
	}
	blk = blk[:end+1]
	if blk[0] == '\n' || blk[0] == '#' || bytes.Contains(blk, []byte("\n\n")) || bytes.Contains(blk, []byte("\n#")) {
		return 0
	}
	n := int64(bytes.Count(blk, []byte{'\n'}))
	if n > max {
		// Only the first max lines.
		cut := 0
		for j := int64(0); j < max; j++ {
			cut += bytes.IndexByte(blk[cut:], '\n') + 1
		}
		blk, n = blk[:cut], max
	}
	a.br.Discard(len(blk))
	b.br.Discard(len(blk))
	a.line += int(n)
	b.line += int(n)
	a.seq += n
	b.seq += n
	return n
}
