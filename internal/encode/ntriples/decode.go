package ntriples

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/rdf"
)

// ErrSyntax is wrapped by the errors of a Decoder for input that is not N-Triples.
var ErrSyntax = errors.New("N-Triples syntax error")

// Decoder reads N-Triples (RDF 1.1) one triple at a time, in file order, holding one line in
// memory. It reads what Encoder writes and any other well-formed N-Triples: comments, blank
// lines, \u and \U escapes, blank nodes.
type Decoder struct {
	r    *bufio.Reader
	line int
	long []byte
}

// NewDecoder returns a Decoder reading from r.
func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{r: bufio.NewReaderSize(r, 256<<10)}
}

// Line returns the number of the line the last triple was read from (1-based).
func (d *Decoder) Line() int { return d.line }

// Decode returns the next triple, or io.EOF after the last one.
func (d *Decoder) Decode() (rdf.Triple, error) {
	for {
		line, err := d.readLine()
		if err != nil {
			return rdf.Triple{}, err
		}
		d.line++
		p := parser{s: string(line)}
		p.ws()
		if p.done() || p.peek() == '#' {
			continue
		}
		t, err := p.triple()
		if err != nil {
			return rdf.Triple{}, fmt.Errorf("line %d, column %d: %w", d.line, p.i+1, err)
		}
		return t, nil
	}
}

// readLine returns the next line without its end, or io.EOF when there is none.
func (d *Decoder) readLine() ([]byte, error) {
	d.long = d.long[:0]
	for {
		b, err := d.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			d.long = append(d.long, b...)
			continue
		}
		if len(d.long) > 0 {
			b = append(d.long, b...)
			d.long = b
		}
		if err == io.EOF {
			if len(b) == 0 {
				return nil, io.EOF
			}
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		b = b[:len(b)-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
		return b, nil
	}
}

type parser struct {
	s string
	i int
}

func (p *parser) done() bool { return p.i >= len(p.s) }
func (p *parser) peek() byte { return p.s[p.i] }

func (p *parser) ws() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *parser) fail(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSyntax, fmt.Sprintf(format, args...))
}

func (p *parser) triple() (rdf.Triple, error) {
	var t rdf.Triple
	var err error
	if t.S, err = p.subject(); err != nil {
		return t, err
	}
	p.ws()
	if p.done() || p.peek() != '<' {
		return t, p.fail("a predicate IRI must follow the subject")
	}
	if t.P, err = p.iri(); err != nil {
		return t, err
	}
	p.ws()
	if t.O, err = p.object(); err != nil {
		return t, err
	}
	p.ws()
	if p.done() || p.peek() != '.' {
		return t, p.fail("a triple must end with \".\"")
	}
	p.i++
	p.ws()
	if !p.done() && p.peek() != '#' {
		return t, p.fail("unexpected text after the triple")
	}
	return t, nil
}

func (p *parser) subject() (rdf.Term, error) {
	if p.done() {
		return rdf.Term{}, p.fail("missing subject")
	}
	switch p.peek() {
	case '<':
		return p.iri()
	case '_':
		return p.blank()
	}
	return rdf.Term{}, p.fail("a subject must be an IRI or a blank node")
}

func (p *parser) object() (rdf.Term, error) {
	if p.done() {
		return rdf.Term{}, p.fail("missing object")
	}
	switch p.peek() {
	case '<':
		return p.iri()
	case '_':
		return p.blank()
	case '"':
		return p.literal()
	}
	return rdf.Term{}, p.fail("an object must be an IRI, a blank node or a literal")
}

func (p *parser) iri() (rdf.Term, error) {
	p.i++ // <
	var b strings.Builder
	for {
		if p.done() {
			return rdf.Term{}, p.fail("unterminated IRI")
		}
		c := p.s[p.i]
		switch {
		case c == '>':
			p.i++
			v := b.String()
			if !strings.Contains(v, ":") {
				return rdf.Term{}, p.fail("relative IRI <%s>", v)
			}
			return rdf.NewIRI(v), nil
		case c == '\\':
			r, err := p.uchar()
			if err != nil {
				return rdf.Term{}, err
			}
			b.WriteRune(r)
		case c <= 0x20 || strings.IndexByte("<\"{}|^`", c) >= 0:
			return rdf.Term{}, p.fail("character %q is not allowed in an IRI", c)
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

func (p *parser) blank() (rdf.Term, error) {
	if !strings.HasPrefix(p.s[p.i:], "_:") {
		return rdf.Term{}, p.fail("malformed blank node")
	}
	p.i += 2
	start := p.i
	for p.i < len(p.s) && strings.IndexByte(" \t<\"#", p.s[p.i]) < 0 {
		p.i++
	}
	// A label may hold dots but not end with one: a final dot ends the triple.
	for p.i > start && p.s[p.i-1] == '.' {
		p.i--
	}
	if p.i == start {
		return rdf.Term{}, p.fail("empty blank node label")
	}
	return rdf.NewBlank(p.s[start:p.i]), nil
}

func (p *parser) literal() (rdf.Term, error) {
	p.i++ // "
	var b strings.Builder
	for {
		if p.done() {
			return rdf.Term{}, p.fail("unterminated string")
		}
		c := p.s[p.i]
		switch c {
		case '"':
			p.i++
			v := b.String()
			if !utf8.ValidString(v) {
				return rdf.Term{}, p.fail("string is not valid UTF-8")
			}
			if p.i < len(p.s) && p.s[p.i] == '@' {
				p.i++
				start := p.i
				for p.i < len(p.s) && (isAlnum(p.s[p.i]) || p.s[p.i] == '-') {
					p.i++
				}
				if p.i == start {
					return rdf.Term{}, p.fail("empty language tag")
				}
				return rdf.NewLangString(v, p.s[start:p.i]), nil
			}
			if strings.HasPrefix(p.s[p.i:], "^^") {
				p.i += 2
				if p.done() || p.peek() != '<' {
					return rdf.Term{}, p.fail("a datatype IRI must follow ^^")
				}
				dt, err := p.iri()
				if err != nil {
					return rdf.Term{}, err
				}
				return rdf.NewTyped(v, dt.Value), nil
			}
			return rdf.NewString(v), nil
		case '\\':
			if p.i+1 >= len(p.s) {
				return rdf.Term{}, p.fail("unterminated escape")
			}
			if e := strings.IndexByte("tbnrf\"'\\", p.s[p.i+1]); e >= 0 {
				b.WriteByte("\t\b\n\r\f\"'\\"[e])
				p.i += 2
				continue
			}
			r, err := p.uchar()
			if err != nil {
				return rdf.Term{}, err
			}
			b.WriteRune(r)
		case '\n', '\r':
			return rdf.Term{}, p.fail("line break in a string")
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

// uchar reads \uXXXX or \UXXXXXXXX at p.i.
func (p *parser) uchar() (rune, error) {
	if p.i+1 >= len(p.s) {
		return 0, p.fail("unterminated escape")
	}
	n := 0
	switch p.s[p.i+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, p.fail("unknown escape \\%c", p.s[p.i+1])
	}
	if p.i+2+n > len(p.s) {
		return 0, p.fail("short \\%c escape", p.s[p.i+1])
	}
	v, err := strconv.ParseUint(p.s[p.i+2:p.i+2+n], 16, 32)
	if err != nil || v > utf8.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
		return 0, p.fail("bad escape %s", p.s[p.i:p.i+2+n])
	}
	p.i += 2 + n
	return rune(v), nil
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
