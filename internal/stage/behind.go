package stage

import "os"

// The write-behind window of a dump: every behindStep bytes, the system is asked to start
// writing the last step to disk, and what lies more than behindLag bytes behind the end may
// leave the page cache.
const (
	behindStep = 8 << 20
	behindLag  = 32 << 20
)

// The two system calls of WriteBehind (behind_linux.go; elsewhere they do nothing), replaceable by
// tests. Both are advice: an error (an old kernel, a file system without them) changes nothing
// that is written, so it is ignored.
var startWriteback, dropCached = writebackHint, dropCacheHint

// WriteBehind writes a dump that is written once, from start to end, and not read back (its
// digest is taken while it is written): behind the writer, it starts the disk writes early and
// lets the system drop the pages that are on disk from its page cache. Dumps of gigabytes then
// keep a few tens of megabytes in the cache instead of pushing out what the rest of the machine
// had there, and the system recycles the same pages instead of taking fresh ones for every
// megabyte (on a virtual machine whose free memory goes back to the host, each fresh page
// costs; 1,000,000 synthetic records, 9 GB of dumps: 138–180 s without, 75–88 s with).
// Commit's fsync still makes every byte durable; pages still being written when their turn
// came stay in the cache until the system wants them.
type WriteBehind struct {
	f       *os.File
	fd      int
	off     int64 // bytes written
	started int64 // writeback asked for [0, started)
	dropped int64 // dropping asked for [0, dropped)
}

// NewWriteBehind wraps f, an empty file just created.
func NewWriteBehind(f *os.File) *WriteBehind { return &WriteBehind{f: f, fd: int(f.Fd())} }

// Write writes p to the file, then gives the advice that is due.
func (w *WriteBehind) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.off += int64(n)
	if w.off-w.started >= behindStep {
		startWriteback(w.fd, w.started, w.off-w.started)
		w.started = w.off
		if end := w.started - behindLag; end > w.dropped {
			dropCached(w.fd, w.dropped, end-w.dropped)
			w.dropped = end
		}
	}
	return n, err
}
