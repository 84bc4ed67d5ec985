package synth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Marker is the file synth leaves in the folder it writes. synth replaces the records of a
// folder that has it, and refuses any other folder that is not empty: it never deletes records
// that someone wrote by hand.
const Marker = ".coopgraph-synth"

// ErrNotSynthetic is returned for a folder that holds files synth did not write.
var ErrNotSynthetic = errors.New("folder is not empty and was not written by coopgraph synth")

// Write makes the records of opt in dir, one file each (<id>.yaml), with workers writing at
// once (0: GOMAXPROCS). An earlier synthetic set in dir is replaced. It returns the number of
// bytes written.
func Write(ctx context.Context, dir string, opt Options, workers int) (int64, error) {
	if opt.N < 0 {
		return 0, fmt.Errorf("synth: negative count %d", opt.N)
	}
	if err := prepare(dir); err != nil {
		return 0, err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g := New(opt)
	var next, total atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for {
				i := int(next.Add(1) - 1)
				if i >= opt.N || ctx.Err() != nil {
					return
				}
				buf = g.Record(buf[:0], i)
				if err := os.WriteFile(filepath.Join(dir, g.FileName(i)), buf, 0o644); err != nil {
					errs[w] = err
					next.Store(int64(opt.N)) // stop the others
					return
				}
				total.Add(int64(len(buf)))
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return total.Load(), err
	}
	return total.Load(), ctx.Err()
}

// prepare makes dir ready: created when missing; emptied of its records when synth wrote it;
// refused when it holds anything else.
func prepare(dir string) error {
	f, err := os.Open(dir)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		return writeMarker(dir)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	_, merr := os.Stat(filepath.Join(dir, Marker))
	ours := merr == nil
	for {
		entries, err := f.ReadDir(4096)
		for _, e := range entries {
			n := e.Name()
			if n == Marker {
				continue
			}
			if !ours || e.IsDir() || !strings.HasSuffix(n, ".yaml") {
				return fmt.Errorf("%s: %w (%s is in it)", dir, ErrNotSynthetic, n)
			}
			if err := os.Remove(filepath.Join(dir, n)); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) || len(entries) == 0 && err == nil {
			break
		}
		if err != nil {
			return err
		}
	}
	return writeMarker(dir)
}

func writeMarker(dir string) error {
	return os.WriteFile(filepath.Join(dir, Marker), []byte("Synthetic records written by coopgraph synth; it replaces the records of this folder when run again.\n"), 0o644)
}

// Describe says in one line what opt makes.
func Describe(opt Options) string {
	return strconv.Itoa(opt.N) + " synthetic records (seed " + strconv.FormatUint(opt.Seed, 10) + ")"
}
