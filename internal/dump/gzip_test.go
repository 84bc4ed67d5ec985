package dump_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/dump"
)

// TestWriteGzipIsDeterministic: the same input gives the same bytes, with no name, no time and
// "unknown" as the system in the header, and reads back.
func TestWriteGzipIsDeterministic(t *testing.T) {
	in := strings.Repeat("<https://w3id.org/coopgraph/id/x> <http://schema.org/name> \"X\" .\n", 5000)
	var a, b bytes.Buffer
	if err := dump.WriteGzip(&a, strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if err := dump.WriteGzip(&b, strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("two runs differ")
	}
	h := a.Bytes()
	if h[3] != 0 || !bytes.Equal(h[4:8], []byte{0, 0, 0, 0}) || h[9] != 255 {
		t.Errorf("header %x: want flags 0, mtime 0, OS 255", h[:10])
	}
	zr, err := gzip.NewReader(&a)
	if err != nil {
		t.Fatal(err)
	}
	back, err := io.ReadAll(zr)
	if err != nil || string(back) != in {
		t.Errorf("does not read back (%v)", err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("name %q, time %v", zr.Name, zr.ModTime)
	}
}
