//go:build linux || darwin

package export_test

import "golang.org/x/sys/unix"

// limitFileSize makes writes past n bytes of a file fail (RLIMIT_FSIZE), as on a full disk;
// n == 0 only asks whether the system can.
func limitFileSize(n uint64) error {
	if n == 0 {
		return nil
	}
	return unix.Setrlimit(unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: n, Max: n})
}
