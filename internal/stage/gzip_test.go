package stage_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/stage"
)

// TestWriteGzipIsDeterministic: the same input gives the same bytes, with no name, no time and
// "unknown" as the system in the header, and reads back.
func TestWriteGzipIsDeterministic(t *testing.T) {
	in := strings.Repeat("<https://w3id.org/coopgraph/id/x> <http://schema.org/name> \"X\" .\n", 5000)
	var a, b bytes.Buffer
	if err := stage.WriteGzip(&a, strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if err := stage.WriteGzip(&b, strings.NewReader(in)); err != nil {
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

// TestGzipWriterIgnoresWriteSizes: the bytes depend on the input only, not on how it is split
// into writes (the dumps' encoders flush at their own sizes), across several blocks; and the
// stream reads back, with Go's reader and with the system's gzip.
func TestGzipWriterIgnoresWriteSizes(t *testing.T) {
	var in bytes.Buffer
	for i := 0; in.Len() < 3<<20+12345; i++ {
		fmt.Fprintf(&in, "<https://w3id.org/coopgraph/id/c%07d> <http://schema.org/name> \"Co-op %d\" .\n", i, i*7919%100003)
	}
	whole := gz(t, [][]byte{in.Bytes()})
	var parts [][]byte
	rest := in.Bytes()
	for k := 1; len(rest) > 0; k = k*7%65521 + 1 {
		n := min(k, len(rest))
		parts, rest = append(parts, rest[:n]), rest[n:]
	}
	if split := gz(t, parts); !bytes.Equal(whole, split) {
		t.Fatalf("%d writes give other bytes than one write", len(parts))
	}
	zr, err := gzip.NewReader(bytes.NewReader(whole))
	if err != nil {
		t.Fatal(err)
	}
	if back, err := io.ReadAll(zr); err != nil || !bytes.Equal(back, in.Bytes()) {
		t.Fatalf("does not read back (%v)", err)
	}
	if path, err := exec.LookPath("gzip"); err == nil {
		cmd := exec.Command(path, "-dc")
		cmd.Stdin = bytes.NewReader(whole)
		out, err := cmd.Output()
		if err != nil || !bytes.Equal(out, in.Bytes()) {
			t.Fatalf("gzip -dc: %v", err)
		}
	} else if os.Getenv("COOPGRAPH_REQUIRE_TOOLS") == "1" {
		t.Fatal("gzip is not installed")
	}
}

func gz(t *testing.T, writes [][]byte) []byte {
	t.Helper()
	var out bytes.Buffer
	g := stage.NewGzipWriter(&out)
	for _, w := range writes {
		if _, err := g.Write(w); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

type failAfter struct{ n int }

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errDisk
	}
	return len(p), nil
}

var errDisk = errors.New("disk full")

// TestGzipWriterReportsErrors: a failing destination is reported by Close, also when it
// fails in the middle of a long stream, and the writer does not hang.
func TestGzipWriterReportsErrors(t *testing.T) {
	g := stage.NewGzipWriter(&failAfter{n: 1000})
	block := bytes.Repeat([]byte("abcdefghij\n"), 200_000)
	for i := 0; i < 10; i++ {
		if _, err := g.Write(block); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Close(); !errors.Is(err, errDisk) {
		t.Errorf("Close = %v, want the destination's error", err)
	}
	if _, err := g.Write([]byte("x")); err == nil {
		t.Error("a write after Close succeeded")
	}
}

// countingWriter records the size of every write it is given.
type countingWriter struct {
	bytes.Buffer
	sizes []int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.sizes = append(c.sizes, len(p))
	return c.Buffer.Write(p)
}

// TestGzipWriterWritesInLargePieces: the compressed stream reaches the destination (a file, a
// digest) in large writes, not in the compressor's pieces of a few hundred bytes, and is the
// same stream.
func TestGzipWriterWritesInLargePieces(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"small", []byte("<a> <b> <c> .\n")},
		{"8 MiB", bytes.Repeat([]byte("<https://w3id.org/coopgraph/id/x> <https://schema.org/name> \"x\" .\n"), 8<<20/70)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c countingWriter
			g := stage.NewGzipWriter(&c)
			if _, err := g.Write(tt.in); err != nil {
				t.Fatal(err)
			}
			if err := g.Close(); err != nil {
				t.Fatal(err)
			}
			for i, n := range c.sizes {
				if i < len(c.sizes)-1 && n < 64<<10 {
					t.Fatalf("write %d of %d is %d bytes", i+1, len(c.sizes), n)
				}
			}
			if !bytes.Equal(c.Bytes(), gz(t, [][]byte{tt.in})) {
				t.Error("the stream differs from the one written in one piece")
			}
		})
	}
}
