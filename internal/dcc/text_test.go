package dcc

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
)

// TestTextReaderMatchesDecodeText: the streaming reader gives the text, encoding and line ends
// that decoding the whole file at once gives, for random files of every encoding, with CRs,
// CRLFs, invalid bytes and runes cut at every chunk boundary (files past 32 KiB).
func TestTextReaderMatchesDecodeText(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := [][]byte{[]byte("a,b\n"), []byte("\r\n"), []byte("\r"), []byte("é"), []byte("日本"), []byte("🐝"),
		{0x80}, {0xE6, 0x97}, {0xFF}, []byte("\"q\"\n"), []byte("x"), {0x93}, {0x00, 0xD8}}
	heads := [][]byte{nil, {0xEF, 0xBB, 0xBF}, {0xFF, 0xFE}, {0xFE, 0xFF}}
	n := 400
	if testing.Short() {
		n = 60
	}
	for i := range n {
		var b bytes.Buffer
		b.Write(heads[rng.IntN(len(heads))])
		size := rng.IntN(100)
		if i%10 == 0 {
			size = 20000 + rng.IntN(20000) // past the reader's chunks
		}
		for range size {
			b.Write(pieces[rng.IntN(len(pieces))])
		}
		src := b.Bytes()
		wantText, wantEnc, wantEnds := decodeText(src)
		s, err := Sniff(bytes.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		tr := newTextReader(bytes.NewReader(src), s.Encoding)
		got, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if s.Encoding != wantEnc || string(got) != wantText || lineEnds(tr.crlf, tr.cr) != wantEnds || s.Size != int64(len(src)) {
			t.Fatalf("file %d (%d bytes): %s %q %s, want %s %q %s", i, len(src), s.Encoding, shorten(got), lineEnds(tr.crlf, tr.cr), wantEnc, shorten([]byte(wantText)), wantEnds)
		}
	}
}

func shorten(b []byte) []byte {
	if len(b) > 80 {
		return b[:80]
	}
	return b
}
