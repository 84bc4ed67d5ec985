package stage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ErrLocked is returned by Begin when another run, in this process or another, is writing the
// same output folder.
var ErrLocked = errors.New("another run is writing this folder")

// LockName returns the lock file of out: beside it, like the staging folders.
func LockName(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
}

// lockPoll is how often a waiting run tries the lock again.
const lockPoll = 50 * time.Millisecond

// folderLock is the lock of one output folder, held from Begin to Commit or Abort.
type folderLock struct {
	f    *os.File
	path string
}

// lock takes the lock of out: at once, or, with opt.Wait, as soon as the run holding it is done
// (calling opt.Waiting first). The lock is an advisory lock of the whole file (flock on Unix,
// LockFileEx on Windows), so a run that dies releases it with its last descriptor. The file is
// removed when the lock is released; a run that locked a file another run has just removed
// finds the path no longer names it, and tries again.
func lock(out string, opt Options) (*folderLock, error) {
	p := LockName(out)
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	told := false
	for {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("cannot lock %s: %w", out, err)
		}
		err = tryLock(f)
		if err == nil {
			// The path must still name the file locked: the run before may have removed it
			// between our open and our lock.
			fi, ferr := f.Stat()
			pi, perr := os.Stat(p)
			if ferr == nil && perr == nil && os.SameFile(fi, pi) {
				return &folderLock{f: f, path: p}, nil
			}
			unlockFile(f)
			f.Close()
			continue
		}
		f.Close()
		if !errors.Is(err, errWouldBlock) {
			return nil, fmt.Errorf("cannot lock %s: %w", out, err)
		}
		if !opt.Wait {
			return nil, fmt.Errorf("%s: %w (it holds %s)", out, ErrLocked, p)
		}
		if !told && opt.Waiting != nil {
			opt.Waiting(p)
			told = true
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the lock of %s: %w", out, ctx.Err())
		case <-time.After(lockPoll):
		}
	}
}

// release removes the lock file and unlocks it (removing first, so that no run locks the file
// once it is unlocked without finding it gone). Where an open file cannot be removed (Windows,
// while another run waits on it) it stays, and the next run takes it over.
func (l *folderLock) release() {
	if l == nil || l.f == nil {
		return
	}
	os.Remove(l.path)
	unlockFile(l.f)
	l.f.Close()
	l.f = nil
}
