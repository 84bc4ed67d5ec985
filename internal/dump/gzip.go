package dump

import (
	"bufio"
	"compress/gzip"
	"io"
	"os"

	"github.com/coopgraph/coopgraph/internal/directory"
)

// GzipLevel is the compression level of the .gz dumps. It is fixed, because the level changes
// the bytes and the bytes must not change from one run to the next.
const GzipLevel = 6

// Gzip is the part that compresses a finished dump (coops.nt → coops.nt.gz) when it finishes.
// The gzip header holds no file name, no modification time and "unknown" as the operating
// system, so the same dump always gives the same bytes (with the same Go release: the deflate
// encoder is Go's own). It streams the file through a fixed buffer, so memory stays flat
// whatever the size of the dump.
type Gzip struct {
	src, dst string
}

// NewGzip returns the part that writes dst, the gzip of src; src must be written by an earlier
// part.
func NewGzip(src, dst string) *Gzip { return &Gzip{src: src, dst: dst} }

// Start does nothing: the source is compressed once it is complete.
func (g *Gzip) Start(*Staging) error { return nil }

// Add does nothing: the source is compressed once it is complete.
func (g *Gzip) Add(*directory.Item) error { return nil }

// Finish compresses src into dst.
func (g *Gzip) Finish(st *Staging) error {
	p, err := st.Path(g.src)
	if err != nil {
		return err
	}
	in, err := os.Open(p)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := st.Create(g.dst)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	if err := WriteGzip(bw, in); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteGzip writes the deterministic gzip of r to w: level GzipLevel, no name, no time.
func WriteGzip(w io.Writer, r io.Reader) error {
	zw, err := gzip.NewWriterLevel(w, GzipLevel)
	if err != nil {
		return err
	}
	zw.Header = gzip.Header{OS: 255} // no Name, no ModTime (written as 0), OS unknown
	if _, err := io.Copy(zw, r); err != nil {
		return err
	}
	return zw.Close()
}
