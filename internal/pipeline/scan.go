// Package pipeline runs the pipeline over a whole directory of records: it finds the record
// files, reads, validates and maps them in parallel, checks what involves several records
// (duplicate ids, related ids that do not exist, shared websites), and hands the results to a
// single consumer in id order, so that output is identical however many workers run.
package pipeline

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/source"
)

// Set is the sorted list of record files to process. It stores paths compactly (one byte arena)
// because a national register has hundreds of thousands of them; past spillAt files, the sorted
// list is kept in a temporary file instead, with a small index in memory (see spill.go), so
// that memory does not grow with the number of records.
type Set struct {
	arena []byte
	dirs  []string
	recs  []fileRef
	disk  *spilled // the list, when it went to disk
	runs  []*os.File
	err   error // of spilling
}

type fileRef struct {
	off uint32 // offset of the file name in arena
	n   uint16 // length of the file name
	ext uint8  // length of the extension
	dir uint16 // index in dirs
}

// Len returns the number of record files.
func (s *Set) Len() int {
	if s.disk != nil {
		return s.disk.n
	}
	return len(s.recs)
}

// Path returns the path of the i-th file.
func (s *Set) Path(i int) string {
	if s.disk != nil {
		e := s.disk.entry(i)
		return filepath.Join(s.dirs[e.dir], e.name)
	}
	r := s.recs[i]
	return filepath.Join(s.dirs[r.dir], string(s.arena[r.off:r.off+uint32(r.n)]))
}

// Name returns the i-th file's name without its extension: the id its record must have.
func (s *Set) Name(i int) string {
	if s.disk != nil {
		e := s.disk.entry(i)
		return e.name[:len(e.name)-int(e.ext)]
	}
	r := s.recs[i]
	return string(s.arena[r.off : r.off+uint32(r.n)-uint32(r.ext)])
}

// Has reports whether a record file named id (without extension) is in the set.
func (s *Set) Has(id string) bool {
	if s.disk != nil {
		return s.disk.has(id)
	}
	_, ok := slices.BinarySearchFunc(s.recs, []byte(id), func(r fileRef, id []byte) int {
		return bytes.Compare(s.arena[r.off:r.off+uint32(r.n)-uint32(r.ext)], id)
	})
	return ok
}

// Err returns the first failure to read back the temporary file of a large set (after which
// Path and Name give empty strings).
func (s *Set) Err() error {
	if s.disk == nil {
		return nil
	}
	return s.disk.err
}

// Close releases the temporary file of a large set. A set is usable until then.
func (s *Set) Close() error {
	if s.disk == nil {
		return nil
	}
	err := s.disk.f.Close()
	s.disk = nil
	return err
}

// Scan finds the record files under the given paths. A directory contributes its *.yaml,
// *.yml and *.json files (not its subdirectories); a file is taken as it is. Files are ordered
// by name (then path), which is the order of the dumps. Problems (a path that does not exist,
// is a symbolic link, or is a file of another kind named explicitly) are reported as errors;
// what a folder holds and is not read (hidden files, subfolders, files of other kinds) as
// warnings. A symbolic link with a record's name is listed, for the reader to refuse it.
func Scan(paths []string) (*Set, diag.List) {
	var l diag.List
	s := &Set{}
	for _, p := range paths {
		st, err := os.Lstat(p)
		if err != nil {
			l.Errorf(p, diag.Position{}, "", "unreadable", "cannot read: %v", pathErr(err))
			continue
		}
		if st.Mode()&os.ModeSymlink != 0 {
			l.Errorf(p, diag.Position{}, "", "link", "%v", source.ErrLink)
			continue
		}
		if !st.IsDir() {
			if _, err := source.KindOf(p); err != nil {
				l.Errorf(p, diag.Position{}, "", "file", "%v", err)
				continue
			}
			s.add(filepath.Dir(p), filepath.Base(p))
			continue
		}
		if err := s.scanDir(p, &l); err != nil {
			l.Errorf(p, diag.Position{}, "", "unreadable", "cannot list: %v", pathErr(err))
		}
	}
	if s.runs != nil {
		if err := s.spillFinish(); err != nil {
			l.Errorf(paths[0], diag.Position{}, "", "unreadable", "cannot sort the list of records: %v", err)
		}
		return s, l
	}
	s.sortBatch()
	return s, l
}

// sortBatch sorts the files of the batch in memory: by name, then by path. The order is total,
// so an unstable sort gives one result.
func (s *Set) sortBatch() {
	slices.SortFunc(s.recs, func(a, b fileRef) int { return s.compareRefs(a, b) })
}

func (s *Set) compareRefs(a, b fileRef) int {
	an := s.arena[a.off : a.off+uint32(a.n)-uint32(a.ext)]
	bn := s.arena[b.off : b.off+uint32(b.n)-uint32(b.ext)]
	if c := bytes.Compare(an, bn); c != 0 {
		return c
	}
	return strings.Compare(s.dirs[a.dir]+"/"+string(s.arena[a.off:a.off+uint32(a.n)]), s.dirs[b.dir]+"/"+string(s.arena[b.off:b.off+uint32(b.n)]))
}

func (s *Set) scanDir(dir string, l *diag.List) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	for {
		// Read the directory in chunks: a million entries at once would cost far more memory
		// than the names themselves.
		entries, err := f.ReadDir(4096)
		for _, e := range entries {
			n := e.Name()
			_, kerr := source.KindOf(n)
			switch {
			case strings.HasPrefix(n, "."):
				// Hidden files (.gitkeep, an editor's .x.yaml.swp) are no one's records; a
				// hidden record file is named, since it looks like one.
				if kerr == nil {
					l.Warnf(filepath.Join(dir, n), diag.Position{}, "", "ignored", "not read: its name starts with a dot (a hidden file); a record file is named after its id")
				}
			case e.IsDir():
				l.Warnf(filepath.Join(dir, n), diag.Position{}, "", "ignored", "not read: a folder (records are the files directly in %s)", dir)
			case kerr != nil:
				l.Warnf(filepath.Join(dir, n), diag.Position{}, "", "ignored", "not read: %v", kerr)
			default:
				s.add(dir, n)
			}
		}
		if errors.Is(err, io.EOF) || len(entries) == 0 && err == nil {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func (s *Set) add(dir, name string) {
	d := -1
	for i, x := range s.dirs {
		if x == dir {
			d = i
			break
		}
	}
	if d < 0 {
		s.dirs = append(s.dirs, dir)
		d = len(s.dirs) - 1
	}
	s.recs = append(s.recs, fileRef{off: uint32(len(s.arena)), n: uint16(len(name)), ext: uint8(len(filepath.Ext(name))), dir: uint16(d)})
	s.arena = append(s.arena, name...)
	if len(s.recs) >= spillAt && s.err == nil {
		s.err = s.spillBatch()
	}
}

func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
