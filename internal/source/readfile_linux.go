//go:build linux

package source

import (
	"errors"
	"fmt"
	"syscall"
)

// readFile reads a record file of at most MaxFileSize bytes with four system calls (open,
// fstat, read, close): a directory of a million records is read a million times, and the
// general-purpose file type costs several more calls per file. A FIFO or a device is refused
// without waiting for it (O_NONBLOCK), and a symbolic link without following it (O_NOFOLLOW):
// a record file is a regular file where it is listed. The error comes with its diagnostic code.
func readFile(path string) ([]byte, string, error) {
	fd, err := retry(func() (int, error) {
		return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	})
	if err == syscall.ELOOP {
		return nil, "link", ErrLink
	}
	if err != nil {
		return nil, "file", fmt.Errorf("cannot read: %w", err)
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, "file", fmt.Errorf("cannot read: %w", err)
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, "file", errors.New("not a regular file")
	}
	if st.Size > MaxFileSize {
		return nil, "too-large", fmt.Errorf("file is %d bytes; a record may be at most %d bytes", st.Size, MaxFileSize)
	}
	// One byte more than the size, to see the end of the file in the same read.
	buf := make([]byte, 0, st.Size+1)
	for {
		if len(buf) == cap(buf) {
			if len(buf) > MaxFileSize {
				return nil, "too-large", fmt.Errorf("file is larger than %d bytes", MaxFileSize)
			}
			buf = append(buf, 0)[:len(buf)] // the file grew while being read
		}
		n, err := retry(func() (int, error) { return syscall.Read(fd, buf[len(buf):cap(buf)]) })
		if err != nil {
			return nil, "file", fmt.Errorf("cannot read: %w", err)
		}
		if n == 0 {
			break
		}
		buf = buf[:len(buf)+n]
		if len(buf) > MaxFileSize {
			return nil, "too-large", fmt.Errorf("file is larger than %d bytes", MaxFileSize)
		}
		if int64(len(buf)) == st.Size && len(buf) < cap(buf) {
			// The size fstat gave came in a read that asked for more: that is the end of
			// the file, without another call to be told so.
			break
		}
	}
	return buf, "", nil
}

// retry calls f again while it is interrupted by a signal.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
