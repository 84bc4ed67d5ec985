package encode

import (
	"bufio"
	"io"
)

// Lines is the output that the line-based writers (N-Triples, N-Quads) share: a buffered
// writer that keeps the first error and counts the statements written. An encoder embeds it
// and gets Splice, Count and Close from it.
type Lines struct {
	w   *bufio.Writer
	Buf []byte // scratch for the encoder's line
	Err error  // the first error; every later call returns it
	n   int64
}

// NewLines returns Lines writing to w.
func NewLines(w io.Writer) Lines {
	return Lines{w: bufio.NewWriterSize(w, 256<<10), Buf: make([]byte, 0, 1024)}
}

// Splice writes lines holding the given number of statements: one line an encoder made, or a
// record a Renderer made.
func (l *Lines) Splice(b []byte, statements int) error {
	if l.Err != nil {
		return l.Err
	}
	if _, err := l.w.Write(b); err != nil {
		l.Err = err
		return err
	}
	l.n += int64(statements)
	return nil
}

// Count returns the number of statements written.
func (l *Lines) Count() int64 { return l.n }

// Close flushes the output and returns the first error.
func (l *Lines) Close() error {
	if l.Err != nil {
		return l.Err
	}
	l.Err = l.w.Flush()
	return l.Err
}
