package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"net/url"
	"os"

	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/ntread"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

// Input is a dump to load: one or more N-Triples files, plain or gzip-compressed (recognised by
// their content, so coops.nt, coops.nt.gz and the shards coops-00001.nt.gz… all work), read in
// the order given as one graph. Blank node labels are scoped to the whole input, as they are
// when shards of one dump are loaded together.
type Input struct {
	Files []string
	// Scope names the graph the input goes into; it makes skolem IRIs differ between graphs.
	Scope string
}

// Summary is what a first pass over the input found, before anything is sent.
type Summary struct {
	Files []FileSummary
	// Lines counts the triples read, duplicates included.
	Lines int64
	// Distinct counts the different triples: what a store holds once the input is loaded.
	Distinct int64
	// Blanks counts the blank node terms replaced by skolem IRIs.
	Blanks int64
	// Hashed is true when the input was not sorted, so that counting distinct triples needed a
	// set of fingerprints (memory proportional to the input) instead of comparing neighbours.
	Hashed bool
}

// FileSummary describes one file of the input.
type FileSummary struct {
	Name    string
	Bytes   int64 // size on disk
	Triples int64
}

// SkolemBase returns where the skolem IRIs of blank nodes loaded into graph are minted: the
// well-known genid path (RFC 8615, RDF 1.1 §3.5) of the graph IRI's own web origin, whose
// owner is the one loading it; for graph IRIs that are not http(s), coopgraph's own.
func SkolemBase(graph string) string {
	u, err := url.Parse(graph)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil {
		return u.Scheme + "://" + u.Host + "/" + vocab.GenIDPath
	}
	return vocab.DefaultBase + vocab.GenIDPath
}

// skolemIRI turns a blank node label into an IRI that is the same for the same label and graph
// on every run (so reloading the same dump gives the same triples) and differs between labels.
func skolemIRI(base, scope, label string) string {
	h := sha256.Sum256([]byte(scope + "\x00" + label))
	return base + hex.EncodeToString(h[:16])
}

// each calls fn with every triple of the input, in order, blank nodes skolemised. The triple's
// strings stay valid; nothing else is kept, so memory stays flat.
func (in *Input) each(ctx context.Context, fn func(t rdf.Triple, file int) error) (blanks int64, err error) {
	base := SkolemBase(in.Scope)
	sk := func(t *rdf.Term) {
		if t.Kind == rdf.Blank {
			*t = rdf.NewIRI(skolemIRI(base, in.Scope, t.Value))
			blanks++
		}
	}
	for i, name := range in.Files {
		if err := in.file(ctx, name, func(t rdf.Triple) error {
			sk(&t.S)
			sk(&t.O)
			return fn(t, i)
		}); err != nil {
			return blanks, err
		}
	}
	return blanks, nil
}

// file reads one file, gzip or plain.
func (in *Input) file(ctx context.Context, name string, fn func(rdf.Triple) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 256<<10)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		defer zr.Close()
		r = zr
	}
	nr := ntread.NewReader(r, name)
	n := 0
	for nr.Next() {
		if n++; n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(nr.Triple()); err != nil {
			return err
		}
	}
	if err := nr.Err(); err != nil {
		return err
	}
	return ctx.Err()
}

// Scan reads the whole input: it checks every line and counts the triples and the distinct
// triples, without contacting anything. Sorted input (coopgraph's dumps, their shards, or any
// file sorted line by line) is counted by comparing neighbours, in constant memory; input found
// unsorted is read again with a set of 128-bit fingerprints of its triples.
func (in *Input) Scan(ctx context.Context) (Summary, error) {
	s, err := in.scan(ctx, false)
	if errors.Is(err, errUnsorted) {
		return in.scan(ctx, true)
	}
	return s, err
}

var errUnsorted = errors.New("unsorted")

func (in *Input) scan(ctx context.Context, hashed bool) (Summary, error) {
	s := Summary{Hashed: hashed}
	for _, name := range in.Files {
		fi, err := os.Stat(name)
		if err != nil {
			return s, err
		}
		s.Files = append(s.Files, FileSummary{Name: name, Bytes: fi.Size()})
	}
	var prev rdf.Triple
	var prevLine, line []byte
	ourOrder, byteOrder := true, true
	var seen map[[2]uint64]struct{}
	var h1, h2 maphash.Hash
	if hashed {
		seen = make(map[[2]uint64]struct{})
		h2.SetSeed(maphash.MakeSeed())
	}
	blanks, err := in.each(ctx, func(t rdf.Triple, file int) error {
		s.Files[file].Triples++
		s.Lines++
		if hashed {
			k := [2]uint64{hashTriple(&h1, t), hashTriple(&h2, t)}
			if _, ok := seen[k]; !ok {
				seen[k] = struct{}{}
				s.Distinct++
			}
			return nil
		}
		if byteOrder {
			var err error
			if line, err = ntriples.AppendTriple(line[:0], t); err != nil {
				return fmt.Errorf("%s: triple %d: %w", in.Files[file], s.Files[file].Triples, err)
			}
		}
		if s.Lines > 1 {
			c := rdf.CompareTriples(prev, t)
			if c == 0 {
				return nil // a repeated neighbour: not a new triple in either order
			}
			ourOrder = ourOrder && c < 0
			byteOrder = byteOrder && bytes.Compare(prevLine, line) < 0
			if !ourOrder && !byteOrder {
				return errUnsorted // duplicates may be far apart
			}
		}
		s.Distinct++
		prev = t
		prevLine, line = line, prevLine
		return nil
	})
	s.Blanks = blanks
	return s, err
}

// hashTriple returns a fingerprint of t under h's seed.
func hashTriple(h *maphash.Hash, t rdf.Triple) uint64 {
	h.Reset()
	for _, x := range [3]*rdf.Term{&t.S, &t.P, &t.O} {
		h.WriteByte(byte(x.Kind))
		h.WriteString(x.Value)
		h.WriteByte(0)
		h.WriteString(x.Datatype)
		h.WriteByte(0)
		h.WriteString(x.Lang)
		h.WriteByte(0)
	}
	return h.Sum64()
}

// batch is one request's worth of triples, already encoded.
type batch struct {
	body    []byte
	triples int
	first   int64 // the number of the batch's first triple, from 1
}

// batches reads the input again and sends it to out in batches of at most size triples, each
// body being head, the triples as N-Triples lines, then tail (so that the same pass makes GSP
// bodies and INSERT DATA requests). Neighbouring duplicates are left out; the store removes any
// others. It closes out when done and stops when ctx is cancelled.
func (in *Input) batches(ctx context.Context, size int, head, tail []byte, out chan<- batch) error {
	defer close(out)
	var cur batch
	var prev rdf.Triple
	var n int64
	first := true
	flush := func() error {
		if cur.triples == 0 {
			return nil
		}
		cur.body = append(cur.body, tail...)
		select {
		case out <- cur:
		case <-ctx.Done():
			return ctx.Err()
		}
		cur = batch{}
		return nil
	}
	_, err := in.each(ctx, func(t rdf.Triple, _ int) error {
		if !first && rdf.CompareTriples(prev, t) == 0 {
			return nil
		}
		first, prev = false, t
		n++
		if cur.triples == 0 {
			cur.body = append(make([]byte, 0, 128*size+len(head)+len(tail)), head...)
			cur.first = n
		}
		var err error
		if cur.body, err = ntriples.AppendTriple(cur.body, t); err != nil {
			return err
		}
		if cur.triples++; cur.triples >= size {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}
