package export

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// How a file of the exports differs from what the records give now.
const (
	Differs = "differs" // both have it, with other bytes
	Missing = "missing" // the records give it, the exports folder lacks it
	Extra   = "extra"   // the exports folder has it, the records do not give it
)

// Difference is one file of an exports folder that is not what the records give now.
type Difference struct {
	Name string // path inside the exports folder, with "/"
	How  string // Differs, Missing or Extra
}

// Check exports the records into a temporary folder and compares it, file by file and byte for
// byte, with opt.Out, which it never touches. It returns the differences, sorted by name (none
// when opt.Out is up to date); ErrInvalid when records are invalid, like Run.
func Check(opt Options) (Result, []Difference, error) {
	tmp, err := os.MkdirTemp("", "coopgraph-check-")
	if err != nil {
		return Result{}, nil, err
	}
	defer os.RemoveAll(tmp)
	fresh := opt
	fresh.Out = filepath.Join(tmp, "exports")
	res, err := Run(fresh)
	if err != nil {
		return res, nil, err
	}
	diffs, err := CompareDirs(opt.Out, fresh.Out)
	return res, diffs, err
}

// CompareDirs compares the files under have with those under want, byte for byte. A missing
// have folder is a folder with no files.
func CompareDirs(have, want string) ([]Difference, error) {
	hf, err := listFiles(have)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	wf, err := listFiles(want)
	if err != nil {
		return nil, err
	}
	var out []Difference
	for name := range wf {
		if !hf[name] {
			out = append(out, Difference{name, Missing})
			continue
		}
		same, err := sameFile(filepath.Join(have, filepath.FromSlash(name)), filepath.Join(want, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		if !same {
			out = append(out, Difference{name, Differs})
		}
	}
	for name := range hf {
		if !wf[name] {
			out = append(out, Difference{name, Extra})
		}
	}
	slices.SortFunc(out, func(a, b Difference) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// listFiles returns every file under dir (links and other non-folders count as files), by
// slash-separated relative path.
func listFiles(dir string) (map[string]bool, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	out := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = true
		return nil
	})
	return out, err
}

// sameFile compares two files' bytes, streaming (dumps can be large).
func sameFile(a, b string) (bool, error) {
	ia, err := os.Lstat(a)
	if err != nil {
		return false, err
	}
	ib, err := os.Lstat(b)
	if err != nil {
		return false, err
	}
	if !ia.Mode().IsRegular() || !ib.Mode().IsRegular() || ia.Size() != ib.Size() {
		return false, nil
	}
	fa, err := os.Open(a)
	if err != nil {
		return false, err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false, err
	}
	defer fb.Close()
	ra, rb := bufio.NewReaderSize(fa, 64<<10), bufio.NewReaderSize(fb, 64<<10)
	bufA, bufB := make([]byte, 32<<10), make([]byte, 32<<10)
	for {
		na, errA := io.ReadFull(ra, bufA)
		nb, errB := io.ReadFull(rb, bufB)
		if na != nb || !bytes.Equal(bufA[:na], bufB[:nb]) {
			return false, nil
		}
		endA := errors.Is(errA, io.EOF) || errors.Is(errA, io.ErrUnexpectedEOF)
		endB := errors.Is(errB, io.EOF) || errors.Is(errB, io.ErrUnexpectedEOF)
		if errA != nil && !endA {
			return false, fmt.Errorf("%s: %w", a, errA)
		}
		if errB != nil && !endB {
			return false, fmt.Errorf("%s: %w", b, errB)
		}
		if endA || endB {
			return endA && endB, nil
		}
	}
}
