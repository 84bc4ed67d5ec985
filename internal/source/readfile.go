package source

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrLink refuses a record file that is a symbolic link. Links are not followed: a link in a
// pull request could otherwise have the reader read, and its diagnostics quote, any file of the
// machine that checks it (its secrets, /proc/self/environ), or publish a record from outside the
// data folders.
var ErrLink = errors.New("is a symbolic link; records are read only from regular files, never through links")

// readFilePortable is readFile for every platform, through package os: it is what readFile is
// outside Linux, and the reference the Linux fast path is tested against. A FIFO or a device is
// refused before it is opened (so that opening it cannot block), and the file opened must be the
// one looked at. A symbolic link is refused, not followed.
func readFilePortable(path string) ([]byte, string, error) {
	before, err := os.Lstat(path)
	if err != nil {
		return nil, "file", fmt.Errorf("cannot read: %w", pathErr(err))
	}
	if before.Mode()&os.ModeSymlink != 0 {
		return nil, "link", ErrLink
	}
	if !before.Mode().IsRegular() {
		return nil, "file", errors.New("not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "file", fmt.Errorf("cannot read: %w", pathErr(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, "file", fmt.Errorf("cannot read: %w", pathErr(err))
	}
	if !st.Mode().IsRegular() || !os.SameFile(before, st) {
		return nil, "file", errors.New("not a regular file")
	}
	if st.Size() > MaxFileSize {
		return nil, "too-large", fmt.Errorf("file is %d bytes; a record may be at most %d bytes", st.Size(), MaxFileSize)
	}
	buf, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, "file", fmt.Errorf("cannot read: %w", pathErr(err))
	}
	if len(buf) > MaxFileSize {
		return nil, "too-large", fmt.Errorf("file is larger than %d bytes", MaxFileSize)
	}
	return buf, "", nil
}

// pathErr strips the path and operation from an error of package os: the diagnostic names the
// file already.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
