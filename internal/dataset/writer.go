package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/coopgraph/coopgraph/internal/stage"
)

// Writer replaces a dataset folder record by record: each record is compared with the folder's
// current file as it comes and written into a staging folder, which Finish swaps in, so that
// memory does not grow with the records (Write, by contrast, takes them all at once). It refuses,
// as Compare does, a folder holding anything else than a dataset's files.
type Writer struct {
	dir     string
	st      *stage.Staging // nil for a dry run
	old     map[string]bool
	seen    map[string]bool
	ch      Changes
	existed bool
	// kept are the records Add found unchanged: their files are linked into the new folder
	// on Commit, and only when something changed (else nothing is staged at all).
	kept []string
	// Record files are written by writers goroutines while Add returns to the caller, which
	// converts the next rows meanwhile: creating a file costs system calls that would
	// otherwise hold up the one goroutine that keeps the rows in order.
	queue   chan staged
	writing sync.WaitGroup
	mu      sync.Mutex
	werr    error // the first write that failed
}

// staged is a record file waiting to be written.
type staged struct {
	name string
	data []byte
}

// writers is how many goroutines write a Writer's record files: small files wait on the disk
// (inode and directory updates) as much as on a CPU.
var writers = max(4, runtime.GOMAXPROCS(0))

// NewWriter starts replacing the dataset folder dir with manifest and the records Add is given;
// with dryRun it only compares.
func NewWriter(dir string, manifest []byte, dryRun bool) (*Writer, error) {
	w := &Writer{dir: dir, old: map[string]bool{}, seen: map[string]bool{}}
	if _, err := os.Stat(dir); err == nil {
		w.existed = true
		if err := checkOwned(dir); err != nil {
			return nil, err
		}
		recs, err := os.ReadDir(filepath.Join(dir, RecordsDir))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		for _, e := range recs {
			id, ok := strings.CutSuffix(e.Name(), ".yaml")
			if !ok || !e.Type().IsRegular() {
				return nil, fmt.Errorf("%w: %s", ErrForeignFolder, filepath.Join(dir, RecordsDir, e.Name()))
			}
			w.old[id] = true
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if b, err := os.ReadFile(filepath.Join(dir, ManifestName)); err != nil || !bytes.Equal(b, manifest) {
		w.ch.Manifest = true
	}
	if dryRun {
		return w, nil
	}
	stage.CleanStale(dir)
	st, err := stage.Begin(dir)
	if err != nil {
		return nil, err
	}
	w.st = st
	if err := st.WriteFile(ManifestName, manifest); err != nil {
		st.Abort()
		return nil, err
	}
	if err := os.Mkdir(filepath.Join(st.Dir(), RecordsDir), 0o755); err != nil {
		st.Abort()
		return nil, err
	}
	return w, nil
}

// Add writes one record (each id once). It returns the folder's current file of the record when
// the record changes it (else nil), and whether the record is new to the folder.
func (w *Writer) Add(id string, data []byte) (old []byte, added bool, err error) {
	if w.seen[id] {
		return nil, false, fmt.Errorf("record %s given twice", id)
	}
	w.seen[id] = true
	switch {
	case !w.old[id]:
		w.ch.Added = append(w.ch.Added, id)
		added = true
	default:
		b, err := os.ReadFile(filepath.Join(w.dir, RecordsDir, id+".yaml"))
		if err != nil {
			return nil, false, err
		}
		if bytes.Equal(b, data) {
			w.ch.Unchanged++
			w.kept = append(w.kept, id)
			return nil, false, nil
		} else {
			w.ch.Changed = append(w.ch.Changed, id)
			old = b
		}
	}
	if w.st != nil {
		if err := w.write(RecordsDir+"/"+id+".yaml", data); err != nil {
			return nil, false, err
		}
	}
	return old, added, nil
}

// write queues a file for the writers (starting them at the first) and returns the first
// error of a write so far. data must not change afterwards.
func (w *Writer) write(name string, data []byte) error {
	if err := w.failed(); err != nil {
		return err
	}
	if w.queue == nil {
		w.queue = make(chan staged, 64)
		for range writers {
			w.writing.Add(1)
			go func() {
				defer w.writing.Done()
				for f := range w.queue {
					if w.failed() != nil {
						continue // drain: the staging folder will be dropped
					}
					if err := w.st.WriteClosed(f.name, f.data); err != nil {
						w.mu.Lock()
						if w.werr == nil {
							w.werr = err
						}
						w.mu.Unlock()
					}
				}
			}()
		}
	}
	w.queue <- staged{name, data}
	return nil
}

func (w *Writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.werr
}

// wait lets the writers finish what is queued and stop; it returns the first error of a write.
func (w *Writer) wait() error {
	if w.queue != nil {
		close(w.queue)
		w.writing.Wait()
		w.queue = nil
	}
	return w.failed()
}

// Removed returns the records of the folder that Add was not given, with their files.
func (w *Writer) Removed() (map[string][]byte, error) {
	out := map[string][]byte{}
	for id := range w.old {
		if w.seen[id] {
			continue
		}
		b, err := os.ReadFile(filepath.Join(w.dir, RecordsDir, id+".yaml"))
		if err != nil {
			return nil, err
		}
		out[id] = b
	}
	return out, nil
}

// Changes says what the records added so far change (Removed: the folder's records not added).
func (w *Writer) Changes() Changes {
	c := w.ch
	c.Added, c.Changed = slices.Clone(c.Added), slices.Clone(c.Changed)
	c.Removed = nil
	for id := range w.old {
		if !w.seen[id] {
			c.Removed = append(c.Removed, id)
		}
	}
	slices.Sort(c.Added)
	slices.Sort(c.Changed)
	slices.Sort(c.Removed)
	return c
}

// Existed reports whether the folder was there before.
func (w *Writer) Existed() bool { return w.existed }

// Commit swaps the new folder in when anything changed, and leaves the folder as it was (every
// file untouched) when nothing did; it returns what changed. After a dry run it only reports.
func (w *Writer) Commit() (Changes, error) {
	c := w.Changes()
	if w.st == nil {
		return c, nil
	}
	if err := w.wait(); err != nil {
		return c, err
	}
	if c.None() {
		w.st.Abort()
		return c, nil
	}
	for _, id := range w.kept {
		if err := w.st.Keep(RecordsDir + "/" + id + ".yaml"); err != nil {
			return c, err
		}
	}
	return c, w.st.Commit()
}

// Abort drops what was written; the folder stays as it was.
func (w *Writer) Abort() {
	w.wait()
	if w.st != nil {
		w.st.Abort()
	}
}
