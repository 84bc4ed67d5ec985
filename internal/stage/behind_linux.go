package stage

import "golang.org/x/sys/unix"

// writebackHint asks Linux to start writing [off, off+n) of the file to disk now.
func writebackHint(fd int, off, n int64) error {
	return unix.SyncFileRange(fd, off, n, unix.SYNC_FILE_RANGE_WRITE)
}

// dropCacheHint tells Linux that [off, off+n) of the file will not be read again.
func dropCacheHint(fd int, off, n int64) error {
	return unix.Fadvise(fd, off, n, unix.FADV_DONTNEED)
}
