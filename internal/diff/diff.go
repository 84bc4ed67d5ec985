// Package diff tells what changed between two exports: the co-ops added, removed and changed
// (with the properties that changed) and the triple counts. It reads the N-Triples dumps, which
// are sorted (rdf.CompareTriples) so that each co-op's triples, its own nodes (…#address,
// …#source-1) included, are consecutive and co-ops come in IRI order: both files are merged in
// one pass, holding one co-op of each at a time.
package diff

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/internal/encode/turtle"
	"github.com/coopgraph/coopgraph/internal/ntread"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

// ErrUnsorted is returned for a dump whose co-ops are not in order (it was not written by
// coopgraph export, or was edited).
var ErrUnsorted = errors.New("the dump is not sorted")

// DumpFile and DumpFileGz are the files read in an exports folder, the first that exists.
const (
	DumpFile   = "coops.nt"
	DumpFileGz = "coops.nt.gz"
)

// Report is what changed from an old export to a new one.
type Report struct {
	Old     string   `json:"old"`
	New     string   `json:"new"`
	Triples Counts   `json:"triples"`
	Coops   Counts   `json:"coops"`
	Added   []Coop   `json:"added"`
	Removed []Coop   `json:"removed"`
	Changed []Change `json:"changed"`
}

// Counts are a number before and after.
type Counts struct {
	Old int64 `json:"old"`
	New int64 `json:"new"`
}

// Coop names a co-op of a dump.
type Coop struct {
	ID   string `json:"id"`
	IRI  string `json:"iri"`
	Name string `json:"name,omitempty"`
}

// Change is a co-op in both exports whose triples differ.
type Change struct {
	Coop
	// Properties that gained or lost a value, as compact names ("schema:name"); a property of
	// one of the co-op's own nodes is preceded by the node's fragment ("#address
	// schema:addressLocality").
	Properties []string `json:"properties"`
	Added      int      `json:"triples_added"`
	Removed    int      `json:"triples_removed"`
}

// Empty reports whether nothing changed.
func (r *Report) Empty() bool {
	return len(r.Added)+len(r.Removed)+len(r.Changed) == 0 && r.Triples.Old == r.Triples.New
}

// Paths compares two exports. Each path is an exports folder (its coops.nt, else its
// coops.nt.gz is read) or an N-Triples file (gzip-compressed when it ends in .gz).
func Paths(oldPath, newPath string) (*Report, error) {
	o, err := open(oldPath)
	if err != nil {
		return nil, err
	}
	defer o.Close()
	n, err := open(newPath)
	if err != nil {
		return nil, err
	}
	defer n.Close()
	r, err := Compare(o, n)
	if err != nil {
		return nil, err
	}
	r.Old, r.New = oldPath, newPath
	return r, nil
}

type namedReader struct {
	io.Reader
	name    string
	closers []io.Closer
}

func (n *namedReader) Close() error {
	var first error
	for i := len(n.closers) - 1; i >= 0; i-- {
		if err := n.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func open(p string) (*namedReader, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		nt := filepath.Join(p, DumpFile)
		if _, err := os.Stat(nt); err == nil {
			p = nt
		} else if _, err := os.Stat(filepath.Join(p, DumpFileGz)); err == nil {
			p = filepath.Join(p, DumpFileGz)
		} else {
			return nil, fmt.Errorf("%s has neither %s nor %s: %w", p, DumpFile, DumpFileGz, os.ErrNotExist)
		}
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	nr := &namedReader{Reader: f, name: p, closers: []io.Closer{f}}
	if strings.HasSuffix(p, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		nr.Reader = zr
		nr.closers = append(nr.closers, zr)
	}
	return nr, nil
}

// Compare reads two sorted N-Triples dumps and reports what changed from old to new.
func Compare(old, new io.Reader) (*Report, error) {
	a, b := newGroups(old, "old"), newGroups(new, "new")
	r := &Report{Added: []Coop{}, Removed: []Coop{}, Changed: []Change{}}
	ga, err := a.next()
	if err != nil {
		return nil, err
	}
	gb, err := b.next()
	if err != nil {
		return nil, err
	}
	for ga != nil || gb != nil {
		switch {
		case gb == nil || ga != nil && ga.key < gb.key:
			r.Removed = append(r.Removed, ga.coop())
			if ga, err = a.next(); err != nil {
				return nil, err
			}
		case ga == nil || gb.key < ga.key:
			r.Added = append(r.Added, gb.coop())
			if gb, err = b.next(); err != nil {
				return nil, err
			}
		default:
			if c, changed := compareGroups(ga, gb); changed {
				r.Changed = append(r.Changed, c)
			}
			if ga, err = a.next(); err != nil {
				return nil, err
			}
			if gb, err = b.next(); err != nil {
				return nil, err
			}
		}
	}
	r.Triples = Counts{a.triples, b.triples}
	r.Coops = Counts{a.coops, b.coops}
	return r, nil
}

// group is one co-op's triples, its own nodes' included.
type group struct {
	key     string
	triples []rdf.Triple
}

// Key returns the co-op a subject belongs to: the subject itself, or, for one of a co-op's own
// nodes (…/id/x#address), the IRI before the fragment. A fragment holding "/" is part of the
// co-op's IRI (a base ending in "#"), not a node of its own.
func Key(subject string) string {
	if i := strings.LastIndexByte(subject, '#'); i >= 0 && !strings.Contains(subject[i:], "/") {
		return subject[:i]
	}
	return subject
}

func (g *group) coop() Coop {
	c := Coop{IRI: g.key, ID: g.key[strings.LastIndexAny(g.key, "/#")+1:]}
	for _, t := range g.triples {
		if t.S.Value != g.key || t.O.Kind != rdf.Literal {
			continue
		}
		switch t.P.Value {
		case vocab.DCTIdentifier:
			c.ID = t.O.Value
		case vocab.SchemaName:
			c.Name = t.O.Value
		}
	}
	return c
}

type groups struct {
	dec     *ntread.Reader
	name    string
	pending *rdf.Triple
	last    string
	triples int64
	groups  int64
	coops   int64 // groups that are co-ops (not the dataset's own description)
	eof     bool
}

func newGroups(r io.Reader, name string) *groups {
	if nr, ok := r.(*namedReader); ok {
		name = nr.name
	}
	return &groups{dec: ntread.NewReader(r, name), name: name}
}

// next returns the next co-op's triples, or nil after the last.
func (s *groups) next() (*group, error) {
	if s.pending == nil && !s.eof {
		if err := s.read(); err != nil {
			return nil, err
		}
	}
	if s.pending == nil {
		return nil, nil
	}
	g := &group{key: Key(s.pending.S.Value)}
	if s.groups > 0 && g.key <= s.last {
		return nil, fmt.Errorf("%s: line %d: %w: %s comes after %s", s.name, s.dec.Line(), ErrUnsorted, g.key, s.last)
	}
	s.last = g.key
	s.groups++
	for s.pending != nil && Key(s.pending.S.Value) == g.key {
		g.triples = append(g.triples, *s.pending)
		if err := s.read(); err != nil {
			return nil, err
		}
	}
	if g.isCoop() {
		s.coops++
	}
	return g, nil
}

// isCoop reports whether the group is a co-op (typed as one: a platform co-operative, a
// co-operative, an organisation, an initiative) rather than another subject of the dump, such
// as the dataset's own description that opens it.
func (g *group) isCoop() bool {
	for _, t := range g.triples {
		if t.S.Value == g.key && t.P.Value == vocab.RDFType {
			switch t.O.Value {
			case vocab.CoopPlatformCoop, vocab.CoopCooperative, vocab.SchemaOrganization, vocab.ESSGlobalInitiative:
				return true
			}
		}
	}
	return false
}

func (s *groups) read() error {
	if !s.dec.Next() {
		s.pending, s.eof = nil, true
		return s.dec.Err()
	}
	t := s.dec.Triple()
	s.triples++
	s.pending = &t
	return nil
}

// compareGroups returns the change of one co-op, and whether there is any.
func compareGroups(a, b *group) (Change, bool) {
	sortTriples := func(ts []rdf.Triple) {
		slices.SortFunc(ts, rdf.CompareTriples)
	}
	sortTriples(a.triples)
	sortTriples(b.triples)
	props := map[string]bool{}
	c := Change{Coop: b.coop()}
	i, j := 0, 0
	for i < len(a.triples) || j < len(b.triples) {
		var cmp int
		switch {
		case i == len(a.triples):
			cmp = 1
		case j == len(b.triples):
			cmp = -1
		default:
			cmp = rdf.CompareTriples(a.triples[i], b.triples[j])
		}
		switch {
		case cmp == 0:
			i++
			j++
		case cmp < 0:
			props[property(a.key, a.triples[i])] = true
			c.Removed++
			i++
		default:
			props[property(b.key, b.triples[j])] = true
			c.Added++
			j++
		}
	}
	if len(props) == 0 {
		return c, false
	}
	for p := range props {
		c.Properties = append(c.Properties, p)
	}
	slices.SortFunc(c.Properties, compareProperties)
	return c, true
}

// compareProperties puts the co-op's own properties first, then those of its nodes.
func compareProperties(x, y string) int {
	xn, yn := strings.HasPrefix(x, "#"), strings.HasPrefix(y, "#")
	if xn != yn {
		if xn {
			return 1
		}
		return -1
	}
	return strings.Compare(x, y)
}

func property(key string, t rdf.Triple) string {
	p := Compact(t.P.Value)
	if t.S.Value != key && strings.HasPrefix(t.S.Value, key) {
		return t.S.Value[len(key):] + " " + p
	}
	return p
}

// Compact returns the prefixed name of an IRI under the dumps' prefixes ("schema:name"), or
// <iri> when none fits.
func Compact(iri string) string {
	best := -1
	for i, p := range vocab.Prefixes {
		if strings.HasPrefix(iri, p.IRI) && turtle.SafeLocal(iri[len(p.IRI):]) && (best < 0 || len(p.IRI) > len(vocab.Prefixes[best].IRI)) {
			best = i
		}
	}
	if best < 0 {
		return "<" + iri + ">"
	}
	return vocab.Prefixes[best].Name + ":" + iri[len(vocab.Prefixes[best].IRI):]
}

// WriteText writes the report for people.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "triples: %d before, %d after (%+d)\n", r.Triples.Old, r.Triples.New, r.Triples.New-r.Triples.Old)
	fmt.Fprintf(&b, "co-ops: %d before, %d after (%+d)\n", r.Coops.Old, r.Coops.New, r.Coops.New-r.Coops.Old)
	if r.Empty() {
		b.WriteString("no changes\n")
	}
	list := func(title string, cs []Coop) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s (%d):\n", title, len(cs))
		for _, c := range cs {
			fmt.Fprintf(&b, "  %s", oneLine(c.ID))
			if c.Name != "" {
				fmt.Fprintf(&b, " (%s)", oneLine(c.Name))
			}
			b.WriteByte('\n')
		}
	}
	list("added", r.Added)
	list("removed", r.Removed)
	if len(r.Changed) > 0 {
		fmt.Fprintf(&b, "changed (%d):\n", len(r.Changed))
		for _, c := range r.Changed {
			fmt.Fprintf(&b, "  %s: %s (+%d -%d triples)\n", oneLine(c.ID), oneLine(strings.Join(c.Properties, ", ")), c.Added, c.Removed)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the report as one JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// oneLine keeps a name from breaking the report's lines.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
