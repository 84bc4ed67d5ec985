// Package encode is what the RDF writers share: the Encoder contract, the escaping tables of
// N-Triples and Turtle, and the buffered line output of N-Triples and N-Quads (Lines). The
// writers themselves live in the subpackages ntriples, nquads, turtle and jsonld; package
// format is the registry that names them and constructs them.
package encode

import (
	"errors"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/rdf"
)

// Encoder writes triples. Like encoding/json's Encoder it buffers, keeps the first error and
// returns it from every later call; Close flushes and must be called once at the end.
type Encoder interface {
	Encode(t rdf.Triple) error
	Close() error
}

// Splicer is an Encoder that also takes records rendered elsewhere: NewRenderer gives a
// Renderer (for one goroutine) that turns the triples of one record into exactly the bytes the
// Encoder would write for them in the middle of its stream, and Splice writes such bytes as if
// their triples had been encoded. Records rendered in parallel, by any number of Renderers, and
// spliced in order give the stream that encoding their triples one after another gives, byte for
// byte; Encode and Splice may be mixed.
type Splicer interface {
	Encoder
	NewRenderer() Renderer
	Splice(b []byte, triples int) error
}

// Renderer renders records for a Splicer. The triples given to one Render must be whole records:
// they start with a subject the stream has not just written, and their subjects belong to
// documents (IRIs without their fragment) that the triples hold whole.
type Renderer interface {
	Render(dst []byte, ts []rdf.Triple) ([]byte, error)
}

// Errors a writer returns for terms it cannot write safely.
var (
	ErrInvalidUTF8 = errors.New("term is not valid UTF-8")
	ErrBadIRI      = errors.New("IRI holds characters no RDF syntax allows")
	ErrBadLangTag  = errors.New("malformed language tag")
	ErrBadBlank    = errors.New("malformed blank node label")
	ErrBadTerm     = errors.New("term of the wrong kind for its position")
)

// AppendIRI appends <iri> in N-Triples/Turtle syntax. An IRI holding a character an IRIREF may
// not contain (space, control characters, < > " { } | ^ ` \\) is refused with ErrBadIRI: escaping
// it as \\u is not allowed either, and writing it raw would let it end the term early.
func AppendIRI(b []byte, iri string) ([]byte, error) {
	if iri == "" {
		return b, ErrBadIRI
	}
	ascii := true
	for i := 0; i < len(iri); i++ {
		c := iri[i]
		if notInIRI[c] {
			return b, ErrBadIRI
		}
		ascii = ascii && c < utf8.RuneSelf
	}
	if !ascii && !utf8.ValidString(iri) {
		return b, ErrInvalidUTF8
	}
	b = append(b, '<')
	b = append(b, iri...)
	return append(b, '>'), nil
}

// notInIRI marks the bytes an IRIREF may not hold as they are.
var notInIRI = func() (t [256]bool) {
	for c := 0; c <= 0x20; c++ {
		t[c] = true
	}
	for _, c := range []byte("<>\"{}|^`\\\x7f") {
		t[c] = true
	}
	return t
}()

// AppendString appends a quoted literal body "…" with the escapes both N-Triples and Turtle
// read: \" \\ \n \r \t, and \u for other control characters.
func AppendString(b []byte, s string) ([]byte, error) {
	if !utf8.ValidString(s) {
		return b, ErrInvalidUTF8
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = appendUchar(b, rune(c))
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"'), nil
}

const hexDigits = "0123456789ABCDEF"

func appendUchar(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
}

// CheckLang reports whether tag fits the LANGTAG production of N-Triples and Turtle.
func CheckLang(tag string) error {
	if tag == "" {
		return ErrBadLangTag
	}
	first := true
	n := 0
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		switch {
		case c == '-':
			if n == 0 {
				return ErrBadLangTag
			}
			first, n = false, 0
			continue
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && !first:
		default:
			return ErrBadLangTag
		}
		n++
	}
	if n == 0 {
		return ErrBadLangTag
	}
	return nil
}

// CheckBlank reports whether a blank node label is one every writer can emit unchanged.
func CheckBlank(label string) error {
	if label == "" {
		return ErrBadBlank
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return ErrBadBlank
		}
	}
	return nil
}

// CheckTriple reports whether the terms are of kinds RDF allows in their positions.
func CheckTriple(t rdf.Triple) error {
	if t.S.Kind != rdf.IRI && t.S.Kind != rdf.Blank || t.P.Kind != rdf.IRI || t.O.Kind == 0 {
		return ErrBadTerm
	}
	return nil
}
