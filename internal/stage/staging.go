// Package stage writes a folder of files atomically: the new folder is built in a staging
// folder beside the output folder and swapped in only when every file is complete and on disk, so
// a failure or a kill at any moment leaves the previous folder as it was. It also holds what
// writing large files takes (gzip in a goroutine of its own, SHA-256 digests taken on the way,
// write-behind). It knows nothing of what the files hold.
package stage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// ErrBadName is returned for output names that could leave the staging folder.
var ErrBadName = errors.New("unsafe output file name")

var safeName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$`)

// Staging is an export being built.
type Staging struct {
	out   string // the final folder
	dir   string // the staging folder
	files []*os.File
	dirs  map[string]bool // subfolders made, synced on Commit
	done  bool
	// mu guards dirs and unsynced: WriteClosed may be called from several goroutines, while
	// other files are created.
	mu sync.Mutex
	// unsynced is set when files were written and closed (WriteClosed) without a sync of their own.
	unsynced bool
	lock     *folderLock // held until Commit or Abort
	// reusable is set when out already is a folder: WriteClosed may then link its unchanged
	// files (reuse).
	reusable bool
}

// Options say how Begin takes the output folder.
type Options struct {
	// Wait, when another run is writing the same folder, waits for it to finish instead of
	// failing with ErrLocked.
	Wait bool
	// Waiting, when set, is called once before waiting, with the lock file's path.
	Waiting func(lockFile string)
	// Context, when set, stops the wait.
	Context context.Context
}

// StagingPrefix starts the names of staging and retired folders, beside the output folder.
func StagingPrefix(out string) string {
	return "." + filepath.Base(filepath.Clean(out)) + ".staging-"
}

// Begin takes the folder out for one run and creates a staging folder beside it (out itself
// need not exist yet). One run at a time writes a folder: Begin fails with ErrLocked while
// another run, in this process or another, holds it (BeginWith can wait instead). Holding it,
// Begin removes the staging folders that earlier, interrupted runs left.
func Begin(out string) (*Staging, error) { return BeginWith(out, Options{}) }

// BeginWith is Begin, waiting for the folder when opt says so.
func BeginWith(out string, opt Options) (*Staging, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	l, err := lock(out, opt)
	if err != nil {
		return nil, err
	}
	cleanStale(out)
	dir, err := os.MkdirTemp(parent, StagingPrefix(out))
	if err != nil {
		l.release()
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %w", out, err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		l.release()
		return nil, err
	}
	st, err := os.Lstat(out)
	reusable := err == nil && st.IsDir()
	return &Staging{out: out, dir: dir, lock: l, reusable: reusable}, nil
}

// Dir returns the staging folder.
func (s *Staging) Dir() string { return s.dir }

// Create creates a file in the staging folder. name is a relative path of safe segments
// ("coops.ttl", "id/stocksy-united.ttl"); anything that could point elsewhere is refused.
func (s *Staging) Create(name string) (*os.File, error) {
	p, err := s.path(name)
	if err != nil {
		return nil, err
	}
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	s.files = append(s.files, f)
	return f, nil
}

// WriteFile writes a whole file into the staging folder, syncs and closes it at once (so that
// parts writing one file per co-op do not hold a descriptor per file until Commit).
func (s *Staging) WriteFile(name string, data []byte) error {
	p, err := s.path(name)
	if err != nil {
		return err
	}
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if s.reuse(name, p, data, false) {
		return nil // the file of the previous run, synced by it
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// mkdir makes a folder of the staging folder and remembers it for Commit to sync.
func (s *Staging) mkdir(dir string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if dir == s.dir || s.dirs[dir] {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if s.dirs == nil {
		s.dirs = map[string]bool{}
	}
	s.dirs[dir] = true
	return nil
}

// Path returns where a staged file is, for reading it back (checksums, sizes).
func (s *Staging) Path(name string) (string, error) { return s.path(name) }

func (s *Staging) path(name string) (string, error) {
	if name == "" || strings.HasPrefix(name, "/") {
		return "", fmt.Errorf("%w: %q", ErrBadName, name)
	}
	for _, seg := range strings.Split(name, "/") {
		if !safeName.MatchString(seg) && seg != ".htaccess" && seg != SumsName {
			return "", fmt.Errorf("%w: %q", ErrBadName, name)
		}
	}
	return filepath.Join(s.dir, filepath.FromSlash(name)), nil
}

// Commit syncs every staged file to disk and puts the staging folder in place of the output
// folder, atomically where the system can exchange two folders (renameat2 on Linux, renamex_np
// on macOS), else by two renames, between which the output folder is missing for a moment. The previous exports are removed afterwards.
func (s *Staging) Commit() error {
	if s.done {
		return errors.New("staging already finished")
	}
	defer func() {
		if s.done { // swapped in: the folder is free (on failure, Abort frees it)
			s.lock.release()
		}
	}()
	for _, f := range s.files {
		if err := f.Sync(); err != nil {
			return fmt.Errorf("%s: %w", f.Name(), err)
		}
		if err := f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
			return fmt.Errorf("%s: %w", f.Name(), err)
		}
		s.reuseCreated(f.Name())
	}
	s.files = nil
	if s.unsynced {
		if err := s.syncAll(); err != nil {
			return err
		}
	}
	for d := range s.dirs { // the order does not matter: every one is synced before the swap
		if err := syncDir(d); err != nil {
			return err
		}
	}
	if err := syncDir(s.dir); err != nil {
		return err
	}
	if _, err := os.Lstat(s.out); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(s.dir, s.out); err != nil {
			return err
		}
		s.done = true
		return syncDir(filepath.Dir(s.out))
	}
	if err := exchange(s.dir, s.out); err != nil {
		// No atomic exchange here: move the old folder aside, then the new one in.
		old := s.dir + ".old"
		if err := os.Rename(s.out, old); err != nil {
			return err
		}
		if err := os.Rename(s.dir, s.out); err != nil {
			os.Rename(old, s.out)
			return err
		}
		s.dir = old
	}
	s.done = true
	if err := syncDir(filepath.Dir(s.out)); err != nil {
		return err
	}
	// s.dir now holds the previous exports.
	return os.RemoveAll(s.dir)
}

// Abort removes the staging folder; the output folder is not touched.
func (s *Staging) Abort() {
	defer s.lock.release()
	if s.done {
		return
	}
	for _, f := range s.files {
		f.Close()
	}
	s.files = nil
	s.done = true
	os.RemoveAll(s.dir)
}

// CleanStale removes staging folders that earlier, interrupted runs left beside out, unless a
// run is writing out now (their staging folder is not stale). Begin does it too.
func CleanStale(out string) {
	l, err := lock(out, Options{})
	if err != nil {
		return
	}
	defer l.release()
	cleanStale(out)
}

func cleanStale(out string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Clean(out)), StagingPrefix(out)+"*"))
	for _, m := range matches {
		os.RemoveAll(m)
	}
}

// WriteClosed writes a whole file into the staging folder and closes it at once, like
// WriteFile, but without a sync of its own: Commit syncs all such files together with one
// syncfs. For parts that write one small file per record of a large dataset, where an fsync per
// file would cost far more than the writing. Several goroutines may call it at once (with each
// other, not with the other methods).
func (s *Staging) WriteClosed(name string, data []byte) error {
	p, err := s.path(name)
	if err != nil {
		return err
	}
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	s.mu.Lock()
	s.unsynced = true
	s.mu.Unlock()
	if s.reuse(name, p, data, false) {
		return nil
	}
	return createClosed(p, data)
}

// reuse puts the output folder's file of the same name at p, as a second link to it, when that
// file is a regular file holding exactly data; it reports whether it did. A nightly export where
// few co-ops changed then creates files only for what changed: a hard link costs no new inode,
// where creating one costs most of writing a small file (on ext4 it is the dearest step of all,
// more so while the inodes of the folder the last run retired are recent). Anything but a plain
// match (a missing file, another size, other bytes, a link, a file swapped between the checks,
// a file system without hard links) makes it report false, and the caller writes the file.
//
// With replace, p already holds data (a file made with Create): the link takes its place.
func (s *Staging) reuse(name, p string, data []byte, replace bool) bool {
	if !s.reusable {
		return false
	}
	prev := filepath.Join(s.out, filepath.FromSlash(name))
	f, st, err := openRegular(prev, int64(len(data)))
	if err != nil {
		return false
	}
	defer f.Close()
	if !sameBytes(f, data) {
		return false
	}
	at := p
	if replace {
		at = p + ".reused"
	}
	if !linkTo(prev, at, st) {
		return false
	}
	if replace {
		if err := os.Rename(at, p); err != nil {
			os.Remove(at)
			return false
		}
	}
	return true
}

// reuseMax is the largest file made with Create that Commit compares with the previous run's
// (reuseCreated): the ontology, the shapes, the context and the VoID, not the dumps, which
// change whenever any record does.
const reuseMax = 4 << 20

// reuseCreated puts the previous run's file in place of the staged file at p, made with Create,
// when both hold the same bytes (see reuse).
func (s *Staging) reuseCreated(p string) {
	if !s.reusable {
		return
	}
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > reuseMax {
		return
	}
	rel, err := filepath.Rel(s.dir, p)
	if err != nil {
		return
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return
	}
	s.reuse(filepath.ToSlash(rel), p, data, true)
}

// Keep puts the output folder's file name into the staging folder unchanged: a second link to
// it where the file system has hard links, else a copy. For a caller that already knows the file
// is what it would write (it compared the bytes), so that unchanged files cost no new inode. The
// file must be a regular file (a link is refused); like WriteClosed, Commit syncs it.
func (s *Staging) Keep(name string) error {
	p, err := s.path(name)
	if err != nil {
		return err
	}
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	prev := filepath.Join(s.out, filepath.FromSlash(name))
	f, st, err := openRegular(prev, -1)
	if err != nil {
		return err
	}
	defer f.Close()
	s.mu.Lock()
	s.unsynced = true
	s.mu.Unlock()
	if linkTo(prev, p, st) {
		return nil
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	return createClosed(p, data)
}

// errNotRegular is openRegular's error for a path that is not a regular file, or no longer the
// one it looked at.
var errNotRegular = errors.New("not a regular file")

// openRegular opens path for reading when it is a regular file (not a link) of size bytes (any
// size when size < 0), and still the file it looked at once open; it returns the file and its
// FileInfo.
func openRegular(path string, size int64) (*os.File, os.FileInfo, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%s: %w", path, errNotRegular)
	}
	if size >= 0 && fi.Size() != size {
		return nil, nil, fmt.Errorf("%s: %d bytes, not %d", path, fi.Size(), size)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil || !os.SameFile(fi, st) {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w (replaced while opened)", path, errNotRegular)
	}
	return f, st, nil
}

// linkTo makes at a second link to prev, the file st describes, and reports whether it did: not
// where the file system has no hard links, nor when prev was replaced by another file in the
// meantime (the link is then removed).
func linkTo(prev, at string, st os.FileInfo) bool {
	if os.Link(prev, at) != nil {
		return false
	}
	if li, err := os.Lstat(at); err != nil || !os.SameFile(li, st) {
		os.Remove(at)
		return false
	}
	return true
}

// compareBufs holds buffers for sameBytes.
var compareBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// sameBytes reports whether r holds exactly data, and nothing after it.
func sameBytes(r io.Reader, data []byte) bool {
	bp := compareBufs.Get().(*[]byte)
	defer compareBufs.Put(bp)
	buf := *bp
	for len(data) > 0 {
		n, err := io.ReadFull(r, buf[:min(len(buf), len(data))])
		if n == 0 || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
		if err != nil && len(data) > 0 {
			return false
		}
	}
	n, _ := r.Read(buf[:1])
	return n == 0
}

// syncAll flushes every file written with WriteClosed, and the folders holding them.
func (s *Staging) syncAll() error {
	if err := syncTree(s.dir); err != nil {
		return fmt.Errorf("syncing %s: %w", s.dir, err)
	}
	return nil
}

// exchange swaps two folders atomically (exchange_*.go), or fails (errors.ErrUnsupported where
// the system cannot); a variable so that tests can take the fallback of two renames.
var exchange = exchangeDirs

// syncFiles flushes every regular file under dir, then every folder, one by one: how syncTree
// works where the system has no call that syncs a whole file system.
func syncFiles(dir string) error {
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, d := range dirs {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// ExchangeDirs swaps two folders in one step, as a finished staging is swapped in where the
// system can (renameat2 on Linux, renamex_np on macOS); elsewhere, or on a file system that
// cannot, it returns an error (errors.ErrUnsupported where the system has no such call).
func ExchangeDirs(a, b string) error { return exchangeDirs(a, b) }
