package stage

import "golang.org/x/sys/unix"

// exchangeDirs swaps two folders in one step (renamex_np with RENAME_SWAP, APFS and HFS+).
func exchangeDirs(a, b string) error {
	return unix.RenamexNp(a, b, unix.RENAME_SWAP)
}
