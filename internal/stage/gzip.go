package stage

import (
	"bufio"
	"errors"
	"io"

	"github.com/klauspost/compress/gzip"
)

// GzipLevel is the compression level of the .gz files (klauspost/compress's deflate, which
// compresses three times as fast as Go's at the same level). It is fixed, because the level
// changes the bytes and the bytes must not change from one run to the next.
const GzipLevel = 6

// gzipBlock is how much input the compressor is handed at a time. Every write to it but the
// last is exactly this long, so the output does not depend on how callers split their writes.
const gzipBlock = 1 << 20

// GzipWriter compresses what is written to it into w, in a goroutine of its own, so that a dump
// is compressed while it is being written rather than read back afterwards. The gzip header
// holds no file name, no modification time and "unknown" as the operating system: the same
// input always gives the same bytes. Memory is a few blocks, whatever the size of the input.
type GzipWriter struct {
	buf    []byte
	blocks chan []byte
	free   chan []byte
	done   chan error
	err    error
	closed bool
}

// NewGzipWriter starts a compressor writing to w.
func NewGzipWriter(w io.Writer) *GzipWriter {
	g := &GzipWriter{
		blocks: make(chan []byte, 2),
		free:   make(chan []byte, 4),
		done:   make(chan error, 1),
	}
	go g.compress(w)
	return g
}

// gzipOut is the buffer between the compressor and the destination: the compressor writes a
// few hundred bytes at a time, and each write would otherwise be a system call (and a digest
// update) of its own: 1.4 million of them for the 1,000,000-record benchmark's coops.nt.gz.
const gzipOut = 256 << 10

func (g *GzipWriter) compress(w io.Writer) {
	bw := bufio.NewWriterSize(w, gzipOut)
	zw, err := gzip.NewWriterLevel(bw, GzipLevel)
	if err == nil {
		zw.Header = gzip.Header{OS: 255} // no Name, no ModTime (written as 0), OS unknown
	}
	for b := range g.blocks {
		if err == nil {
			_, err = zw.Write(b)
		}
		select {
		case g.free <- b[:0]: // for the writer to reuse
		default: // enough spare blocks already
		}
	}
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	g.done <- err
}

// Write buffers p and hands full blocks to the compressor. An error of the compressor is
// returned by Close.
func (g *GzipWriter) Write(p []byte) (int, error) {
	if g.closed {
		return 0, errors.New("gzip: write after close")
	}
	n := len(p)
	for len(p) > 0 {
		if g.buf == nil {
			g.buf = g.block()
		}
		k := min(len(p), gzipBlock-len(g.buf))
		g.buf = append(g.buf, p[:k]...)
		p = p[k:]
		if len(g.buf) == gzipBlock {
			g.send()
		}
	}
	return n, nil
}

// send hands the full block over (waiting while two are queued) and takes an empty one.
func (g *GzipWriter) send() {
	g.blocks <- g.buf
	g.buf = g.block()
}

// block returns an empty block: one the compressor is done with, or a new one. At most four
// exist at once (one filling, two queued, one being compressed).
func (g *GzipWriter) block() []byte {
	select {
	case b := <-g.free:
		return b
	default:
		return make([]byte, 0, gzipBlock)
	}
}

// Close compresses what is left, ends the gzip stream and returns the first error.
func (g *GzipWriter) Close() error {
	if g.closed {
		return g.err
	}
	g.closed = true
	if len(g.buf) > 0 {
		g.blocks <- g.buf
	}
	close(g.blocks)
	g.err = <-g.done
	return g.err
}

// WriteGzip writes the deterministic gzip of r to w, as GzipWriter does.
func WriteGzip(w io.Writer, r io.Reader) error {
	g := NewGzipWriter(w)
	_, err := io.Copy(g, r)
	if cerr := g.Close(); err == nil {
		err = cerr
	}
	return err
}
