//go:build !linux

package stage

// Elsewhere than on Linux, write-behind gives no advice: the dumps are written the same, and
// the system's page cache decides alone when to write and drop them.

func writebackHint(fd int, off, n int64) error { return nil }

func dropCacheHint(fd int, off, n int64) error { return nil }
