//go:build unix

package stage

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// syncDir makes a folder's entries (files created, renamed in) durable. File systems that
// cannot sync a folder answer EINVAL, which is not an error here.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, unix.EINVAL) {
		return err
	}
	return nil
}
