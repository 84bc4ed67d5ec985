package dcc

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// Sniffed is what one pass over a file tells before it is read as text: its encoding, its size
// and its SHA-256 sum.
type Sniffed struct {
	Encoding string
	Size     int64
	SHA256   [32]byte
}

// counter counts the bytes written to it.
type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// Sniff reads r to its end once, in constant memory: the encoding is UTF-8 (with or without a
// byte-order mark), UTF-16 when a byte-order mark says so, else Windows-1252 when the bytes are
// not valid UTF-8.
func Sniff(r io.Reader) (Sniffed, error) {
	var s Sniffed
	h := sha256.New()
	var size counter
	br := bufio.NewReaderSize(io.TeeReader(r, io.MultiWriter(h, &size)), 64<<10)
	head, _ := br.Peek(3)
	switch {
	case len(head) >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF:
		s.Encoding = UTF8BOM
	case len(head) >= 2 && head[0] == 0xFF && head[1] == 0xFE:
		s.Encoding = UTF16LE
	case len(head) >= 2 && head[0] == 0xFE && head[1] == 0xFF:
		s.Encoding = UTF16BE
	}
	if s.Encoding == "" {
		// Valid UTF-8 or not: checked chunk by chunk, carrying a rune cut at a chunk's end.
		valid := true
		var carry []byte
		buf := make([]byte, 64<<10)
		for {
			n, err := br.Read(buf)
			chunk := append(carry, buf[:n]...)
			cut := len(chunk)
			for i := 1; i <= utf8.UTFMax && i <= len(chunk); i++ {
				if utf8.RuneStart(chunk[len(chunk)-i]) {
					if !utf8.FullRune(chunk[len(chunk)-i:]) {
						cut = len(chunk) - i
					}
					break
				}
			}
			if valid && !utf8.Valid(chunk[:cut]) {
				valid = false
			}
			carry = append(carry[:0:0], chunk[cut:]...)
			if err == io.EOF {
				if len(carry) > 0 {
					valid = false
				}
				break
			}
			if err != nil {
				return s, err
			}
		}
		s.Encoding = UTF8
		if !valid {
			s.Encoding = Windows1252
		}
	} else if _, err := io.Copy(io.Discard, br); err != nil {
		return s, err
	}
	s.SHA256 = [32]byte(h.Sum(nil))
	s.Size = size.n
	return s, nil
}

// lineEnds names what ends the lines of text read by a textReader.
func lineEnds(crlf, cr int) string {
	switch {
	case crlf > 0 && cr == 0:
		return "CRLF"
	case crlf == 0 && cr > 0:
		return "CR"
	case crlf == 0 && cr == 0:
		return "LF"
	}
	return "mixed CRLF and CR"
}

// textReader reads a file as UTF-8 text with "\n" line ends, decoding the encoding Sniff found:
// a byte-order mark is dropped; in UTF-8 after a byte-order mark, each run of invalid bytes
// becomes U+FFFD; CRLF and lone CR become "\n". It counts the line ends it replaced.
type textReader struct {
	r         *bufio.Reader
	enc       string
	out       []byte // decoded, not yet returned
	lastCR    bool
	crlf, cr  int
	started   bool
	err       error
	lastBad   bool
	pendingHi rune // a UTF-16 high surrogate waiting for its pair
}

func newTextReader(r io.Reader, enc string) *textReader {
	return &textReader{r: bufio.NewReaderSize(r, 64<<10), enc: enc}
}

func (t *textReader) Read(p []byte) (int, error) {
	for len(t.out) == 0 {
		if t.err != nil {
			if t.lastCR {
				t.lastCR = false
				t.cr++
			}
			return 0, t.err
		}
		t.fill()
	}
	n := copy(p, t.out)
	t.out = t.out[n:]
	return n, nil
}

// emit appends one rune, turning CRLF and lone CR into "\n".
func (t *textReader) emit(r rune) {
	if t.lastCR {
		t.lastCR = false
		if r == '\n' {
			t.crlf++
			return
		}
		t.cr++
	}
	if r == '\r' {
		t.lastCR = true
		t.out = append(t.out, '\n')
		return
	}
	t.out = utf8.AppendRune(t.out, r)
}

func (t *textReader) fill() {
	t.out = t.out[:0]
	if !t.started {
		t.started = true
		switch t.enc {
		case UTF8BOM:
			t.r.Discard(3)
		case UTF16LE, UTF16BE:
			t.r.Discard(2)
		}
	}
	switch t.enc {
	case UTF8, UTF8BOM:
		chunk, err := t.r.Peek(32 << 10)
		if len(chunk) == 0 {
			t.err = err
			if t.err == nil {
				t.err = io.EOF
			}
			return
		}
		// Keep a rune cut at the chunk's end for the next fill, unless the file ends there.
		cut := len(chunk)
		if err == nil {
			for i := 1; i <= utf8.UTFMax && i <= len(chunk); i++ {
				if utf8.RuneStart(chunk[len(chunk)-i]) {
					if !utf8.FullRune(chunk[len(chunk)-i:]) {
						cut = len(chunk) - i
					}
					break
				}
			}
		}
		c := chunk[:cut]
		if !t.lastCR && bytes.IndexByte(c, '\r') < 0 && (t.enc == UTF8 || utf8.Valid(c)) {
			t.out = append(t.out, c...) // the common case: nothing to change
			t.lastBad = false
		} else {
			for len(c) > 0 {
				r, size := utf8.DecodeRune(c)
				c = c[size:]
				if r == utf8.RuneError && size == 1 {
					if !t.lastBad {
						t.emit(utf8.RuneError)
					}
					t.lastBad = true
					continue
				}
				t.lastBad = false
				t.emit(r)
			}
		}
		t.r.Discard(cut)
	case UTF16LE, UTF16BE:
		for i := 0; i < 8<<10; i++ {
			var b [2]byte
			if _, err := io.ReadFull(t.r, b[:]); err != nil {
				if t.pendingHi != 0 {
					t.emit(utf8.RuneError)
					t.pendingHi = 0
				}
				t.err = io.EOF
				return
			}
			u := rune(b[0]) | rune(b[1])<<8
			if t.enc == UTF16BE {
				u = rune(b[1]) | rune(b[0])<<8
			}
			switch {
			case t.pendingHi != 0 && utf16.IsSurrogate(u) && u >= 0xDC00:
				t.emit(utf16.DecodeRune(t.pendingHi, u))
				t.pendingHi = 0
			case u >= 0xD800 && u < 0xDC00:
				if t.pendingHi != 0 {
					t.emit(utf8.RuneError)
				}
				t.pendingHi = u
			default:
				if t.pendingHi != 0 {
					t.emit(utf8.RuneError)
					t.pendingHi = 0
				}
				if utf16.IsSurrogate(u) {
					u = utf8.RuneError
				}
				t.emit(u)
			}
		}
	default: // Windows-1252
		for i := 0; i < 32<<10; i++ {
			c, err := t.r.ReadByte()
			if err != nil {
				t.err = io.EOF
				return
			}
			switch {
			case c < 0x80:
				t.emit(rune(c))
			case c < 0xA0:
				t.emit(windows1252[c-0x80])
			default:
				t.emit(rune(c))
			}
		}
	}
}
