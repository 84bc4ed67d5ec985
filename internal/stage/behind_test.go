package stage

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

type span struct{ off, n int64 }

// TestWriteBehindAdvice writes 100 MiB in pieces of every size through WriteBehind with the
// system calls recorded: the file gets exactly the bytes, writeback is asked for in contiguous
// steps from the start, and dropping only for what lies at least behindLag behind the end of
// what was written, contiguous too, up to near the end.
func TestWriteBehindAdvice(t *testing.T) {
	var starts, drops []span
	var written int64
	oldStart, oldDrop := startWriteback, dropCached
	t.Cleanup(func() { startWriteback, dropCached = oldStart, oldDrop })
	startWriteback = func(_ int, off, n int64) error { starts = append(starts, span{off, n}); return nil }
	dropCached = func(_ int, off, n int64) error {
		if off+n > written-behindLag {
			t.Errorf("dropping [%d, %d) with only %d bytes written", off, off+n, written)
		}
		drops = append(drops, span{off, n})
		return nil
	}

	f, err := os.Create(filepath.Join(t.TempDir(), "dump.nt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := NewWriteBehind(f)
	rng := rand.New(rand.NewPCG(1, 2))
	var want bytes.Buffer
	const total = 100 << 20
	for want.Len() < total {
		p := make([]byte, rng.IntN(3<<20)+1)
		for i := range p {
			p[i] = byte(rng.Uint32())
		}
		want.Write(p)
		written += int64(len(p)) // as the file will have it once Write has written
		if n, err := w.Write(p); n != len(p) || err != nil {
			t.Fatalf("Write: %d, %v", n, err)
		}
	}
	got, err := os.ReadFile(f.Name())
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("the file differs from what was written (%d bytes, want %d, %v)", len(got), want.Len(), err)
	}
	contiguous := func(what string, s []span, minStep int64) int64 {
		var end int64
		for _, x := range s {
			if x.off != end || x.n < minStep {
				t.Errorf("%s: %v after %d", what, x, end)
			}
			end = x.off + x.n
		}
		return end
	}
	if end := contiguous("writeback", starts, behindStep); end < written-behindStep {
		t.Errorf("writeback asked for up to %d of %d bytes", end, written)
	}
	if end := contiguous("dropping", drops, 1); end < written-behindLag-behindStep {
		t.Errorf("dropping asked for up to %d of %d bytes", end, written)
	}
	if len(starts) < total/(4*behindStep) || len(drops) == 0 {
		t.Errorf("%d writeback and %d dropping calls for %d MiB", len(starts), len(drops), total>>20)
	}
}

// TestWriteBehindSmallFile: a file shorter than a step gets no advice at all.
func TestWriteBehindSmallFile(t *testing.T) {
	calls := 0
	oldStart, oldDrop := startWriteback, dropCached
	t.Cleanup(func() { startWriteback, dropCached = oldStart, oldDrop })
	startWriteback = func(int, int64, int64) error { calls++; return nil }
	dropCached = startWriteback
	f, err := os.Create(filepath.Join(t.TempDir(), "small.ttl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := NewWriteBehind(f)
	for range 100 {
		w.Write(make([]byte, behindStep/200))
	}
	if calls != 0 {
		t.Errorf("%d calls for half a step", calls)
	}
}

// TestWriteBehindRealCalls goes through the system's own calls: the bytes are all there.
func TestWriteBehindRealCalls(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "dump.nt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := NewWriteBehind(f)
	p := bytes.Repeat([]byte("<https://w3id.org/coopgraph/id/x> <http://schema.org/name> \"X\" .\n"), 1<<14)
	var n int64
	for n < 3*behindLag {
		k, err := w.Write(p)
		if err != nil {
			t.Fatal(err)
		}
		n += int64(k)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(f.Name())
	if err != nil || int64(len(got)) != n || !bytes.Equal(got[len(got)-len(p):], p) || !bytes.Equal(got[:len(p)], p) {
		t.Fatalf("read back %d bytes of %d (%v)", len(got), n, err)
	}
}
