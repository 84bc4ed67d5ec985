package stage

import "golang.org/x/sys/unix"

// exchangeDirs swaps two folders in one step (renameat2 with RENAME_EXCHANGE; file systems
// without it answer EINVAL, and the caller falls back to two renames).
func exchangeDirs(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
