// Package ntread reads N-Triples (RDF 1.1), strictly and in constant memory: the one reader of
// the syntax in coopgraph, used by load (the dumps it sends), diff (the exports it compares) and
// the tests. Its errors carry the file and the diag.Position of the fault.
package ntread

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

// MaxLine bounds one N-Triples line, so that a file without newlines cannot take all memory.
const MaxLine = 64 << 20

// SyntaxError is a line that is not N-Triples.
type SyntaxError struct {
	File string
	Pos  diag.Position // line and column (in characters) 1-based, byte offset in the file
	Msg  string
}

// Error renders the error on one line: file:line:col: message.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
}

// ErrSyntax matches every *SyntaxError with errors.Is.
var ErrSyntax = errors.New("not N-Triples")

// Is makes errors.Is(err, ErrSyntax) true for syntax errors.
func (e *SyntaxError) Is(target error) bool { return target == ErrSyntax }

// Reader reads N-Triples one triple at a time, holding one line in memory. It is strict:
// relative or malformed IRIs, bad escapes, malformed language tags, blank node labels outside
// the grammar and trailing garbage are errors naming the file, line and column. Comments,
// blank lines, CRLF line ends, \u and \U escapes are read as the grammar allows.
type Reader struct {
	br   *bufio.Reader
	name string
	line int
	off  int64 // byte offset of the line Next read last
	next int64 // byte offset of the line after it
	long []byte
	t    rdf.Triple
	err  error
	seen map[string]struct{}
}

// NewReader returns a Reader of r; name is used in errors.
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 256<<10), name: name, seen: make(map[string]struct{})}
}

// Next reads the next triple; it returns false at the end of the input or on an error (see Err).
func (r *Reader) Next() bool {
	if r.err != nil {
		return false
	}
	for {
		b, err := r.readLine()
		if err == io.EOF {
			return false
		}
		if err != nil {
			r.err = err
			return false
		}
		r.line++
		p := lineParser{s: string(b), seen: r.seen}
		ok, perr := p.triple(&r.t)
		if perr != nil {
			r.err = &SyntaxError{File: r.name, Pos: diag.Position{
				Line: r.line, Col: utf8.RuneCountInString(p.s[:min(p.i, len(p.s))]) + 1, Offset: int(r.off) + p.i,
			}, Msg: perr.Error()}
			return false
		}
		if ok {
			return true
		}
	}
}

// readLine returns the next line without its end (LF or CRLF), or io.EOF when there is none.
func (r *Reader) readLine() ([]byte, error) {
	r.off = r.next
	r.long = r.long[:0]
	for {
		b, err := r.br.ReadSlice('\n')
		if len(r.long)+len(b) > MaxLine+2 { // the line, and CRLF
			return nil, &SyntaxError{File: r.name, Pos: diag.Position{Line: r.line + 1, Col: 1, Offset: int(r.off)}, Msg: fmt.Sprintf("line longer than %d bytes", MaxLine)}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			r.long = append(r.long, b...)
			continue
		}
		if len(r.long) > 0 {
			r.long = append(r.long, b...)
			b = r.long
		}
		if err == io.EOF {
			if len(b) == 0 {
				return nil, io.EOF
			}
			r.next += int64(len(b))
			return b, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.name, err)
		}
		r.next += int64(len(b))
		b = b[:len(b)-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
		return b, nil
	}
}

// Triple returns the triple Next read. Its strings stay valid after later calls.
func (r *Reader) Triple() rdf.Triple { return r.t }

// Line returns the line number of the triple Next read.
func (r *Reader) Line() int { return r.line }

// Err returns the error that stopped Next, or nil at a clean end of input.
func (r *Reader) Err() error { return r.err }

type lineParser struct {
	s    string
	i    int
	seen map[string]struct{} // IRIs already checked
}

// triple parses one line into t; it returns false for blank and comment lines.
func (p *lineParser) triple(t *rdf.Triple) (bool, error) {
	p.ws()
	if p.i >= len(p.s) || p.s[p.i] == '#' {
		return false, nil
	}
	var err error
	switch p.peek() {
	case '<':
		t.S, err = p.iriTerm()
	case '_':
		t.S, err = p.blank()
	default:
		return false, errors.New("expected a subject (<IRI> or _:label)")
	}
	if err != nil {
		return false, err
	}
	if !p.ws() {
		return false, errors.New("expected white space after the subject")
	}
	if p.peek() != '<' {
		return false, errors.New("expected a predicate (<IRI>)")
	}
	if t.P, err = p.iriTerm(); err != nil {
		return false, err
	}
	if !p.ws() {
		return false, errors.New("expected white space after the predicate")
	}
	switch p.peek() {
	case '<':
		t.O, err = p.iriTerm()
	case '_':
		t.O, err = p.blank()
	case '"':
		t.O, err = p.literal()
	default:
		return false, errors.New("expected an object (<IRI>, _:label or \"literal\")")
	}
	if err != nil {
		return false, err
	}
	p.ws()
	if p.peek() != '.' {
		return false, errors.New("expected '.' at the end of the triple")
	}
	p.i++
	p.ws()
	if p.i < len(p.s) && p.s[p.i] != '#' {
		return false, errors.New("unexpected text after the triple's '.'")
	}
	return true, nil
}

func (p *lineParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// ws skips spaces and tabs and reports whether there were any.
func (p *lineParser) ws() bool {
	start := p.i
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
	return p.i > start
}

func (p *lineParser) iriTerm() (rdf.Term, error) {
	v, err := p.iriRef()
	if err != nil {
		return rdf.Term{}, err
	}
	return rdf.NewIRI(v), nil
}

// iriRef reads <…>, decoding \u escapes, and checks that the result is an absolute IRI.
func (p *lineParser) iriRef() (string, error) {
	start := p.i
	p.i++ // '<'
	// Fast path: no escapes, the IRI is a slice of the line.
	if end := strings.IndexByte(p.s[p.i:], '>'); end >= 0 {
		raw := p.s[p.i : p.i+end]
		if strings.IndexByte(raw, '\\') < 0 {
			for j := 0; j < len(raw); j++ {
				if c := raw[j]; c <= 0x20 || strings.IndexByte("<\"{}|^`", c) >= 0 {
					p.i += j
					return "", fmt.Errorf("character %q not allowed in an IRI", rune(c))
				}
			}
			if err := p.checkIRI(raw); err != nil {
				p.i = start
				return "", err
			}
			p.i += end + 1
			return raw, nil
		}
	}
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			p.i = start
			return "", errors.New("IRI not closed with '>'")
		}
		c := p.s[p.i]
		switch {
		case c == '>':
			p.i++
			v := b.String()
			if err := p.checkIRI(v); err != nil {
				p.i = start
				return "", err
			}
			return v, nil
		case c == '\\':
			r, err := p.uchar()
			if err != nil {
				return "", err
			}
			if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
				return "", fmt.Errorf("escaped character %U not allowed in an IRI", r)
			}
			b.WriteRune(r)
		case c <= 0x20 || strings.IndexByte("<\"{}|^`", c) >= 0:
			return "", fmt.Errorf("character %q not allowed in an IRI", rune(c))
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

// checkIRI checks an IRI with package iri, remembering the IRIs that passed: predicates,
// classes and datatypes repeat on almost every line.
func (p *lineParser) checkIRI(v string) error {
	if p.seen != nil {
		if _, ok := p.seen[v]; ok {
			return nil
		}
	}
	if err := iri.Check(v); err != nil {
		return fmt.Errorf("bad IRI <%s>: %v", v, err)
	}
	if p.seen != nil {
		if len(p.seen) >= 4096 {
			clear(p.seen)
		}
		p.seen[v] = struct{}{}
	}
	return nil
}

// uchar reads \uXXXX or \UXXXXXXXX at p.i.
func (p *lineParser) uchar() (rune, error) {
	if p.i+1 >= len(p.s) {
		return 0, errors.New("unfinished escape")
	}
	n := 0
	switch p.s[p.i+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, fmt.Errorf("unknown escape \\%c", p.s[p.i+1])
	}
	if p.i+2+n > len(p.s) {
		return 0, errors.New("unfinished \\u escape")
	}
	v, err := strconv.ParseUint(p.s[p.i+2:p.i+2+n], 16, 32)
	if err != nil {
		return 0, fmt.Errorf("bad \\u escape %q", p.s[p.i:p.i+2+n])
	}
	r := rune(v)
	if !utf8.ValidRune(r) {
		return 0, fmt.Errorf("escape %q is not a Unicode scalar value", p.s[p.i:p.i+2+n])
	}
	p.i += 2 + n
	return r, nil
}

// blank reads _:label.
func (p *lineParser) blank() (rdf.Term, error) {
	if !strings.HasPrefix(p.s[p.i:], "_:") {
		return rdf.Term{}, errors.New("expected _: to start a blank node")
	}
	p.i += 2
	start := p.i
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		first := p.i == start
		if !blankChar(r, first) {
			break
		}
		p.i += n
	}
	// A label cannot end with '.': a trailing dot ends the triple.
	for p.i > start && p.s[p.i-1] == '.' {
		p.i--
	}
	if p.i == start {
		return rdf.Term{}, errors.New("empty or malformed blank node label")
	}
	return rdf.NewBlank(p.s[start:p.i]), nil
}

func blankChar(r rune, first bool) bool {
	switch {
	case r == utf8.RuneError:
		return false
	case r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		return true
	case r < 0x80:
		return !first && (r == '-' || r == '.')
	case first:
		return unicode.IsLetter(r)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == 0xB7 || r >= 0x300 && r <= 0x36F || r == 0x203F || r == 0x2040
}

// literal reads "…" with an optional @lang or ^^<datatype>.
func (p *lineParser) literal() (rdf.Term, error) {
	p.i++ // '"'
	var v string
	if end := strings.IndexByte(p.s[p.i:], '"'); end >= 0 && !strings.ContainsAny(p.s[p.i:p.i+end], "\\\r") {
		v = p.s[p.i : p.i+end] // no escapes: a slice of the line
		p.i += end + 1
	} else {
		var err error
		if v, err = p.escapedString(); err != nil {
			return rdf.Term{}, err
		}
	}
	return p.literalTail(v)
}

// escapedString reads the rest of a quoted string that has escapes.
func (p *lineParser) escapedString() (string, error) {
	var b strings.Builder
body:
	for {
		if p.i >= len(p.s) {
			return "", errors.New("literal not closed with '\"'")
		}
		c := p.s[p.i]
		switch c {
		case '"':
			p.i++
			break body
		case '\\':
			if p.i+1 >= len(p.s) {
				return "", errors.New("unfinished escape")
			}
			if e := echar(p.s[p.i+1]); e != 0 {
				b.WriteByte(e)
				p.i += 2
				continue
			}
			r, err := p.uchar()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
		case '\r', '\n':
			return "", errors.New("raw line break in a literal")
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return b.String(), nil
}

// literalTail reads what may follow a literal's string: @lang or ^^<datatype>.
func (p *lineParser) literalTail(v string) (rdf.Term, error) {
	if !utf8.ValidString(v) {
		return rdf.Term{}, errors.New("literal is not valid UTF-8")
	}
	switch {
	case strings.HasPrefix(p.s[p.i:], "@"):
		p.i++
		start := p.i
		for p.i < len(p.s) && (isAlnum(p.s[p.i]) || p.s[p.i] == '-') {
			p.i++
		}
		tag := p.s[start:p.i]
		if err := checkLangTag(tag); err != nil {
			p.i = start
			return rdf.Term{}, err
		}
		return rdf.NewLangString(v, tag), nil
	case strings.HasPrefix(p.s[p.i:], "^^"):
		p.i += 2
		if p.peek() != '<' {
			return rdf.Term{}, errors.New("expected <datatype IRI> after ^^")
		}
		dt, err := p.iriRef()
		if err != nil {
			return rdf.Term{}, err
		}
		if dt == vocab.RDFLangString {
			return rdf.Term{}, errors.New("rdf:langString needs a language tag, not ^^")
		}
		return rdf.NewTyped(v, dt), nil
	}
	return rdf.NewString(v), nil
}

func echar(c byte) byte {
	switch c {
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 'f':
		return '\f'
	case '"', '\'', '\\':
		return c
	}
	return 0
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// checkLangTag applies N-Triples' LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func checkLangTag(tag string) error {
	parts := strings.Split(tag, "-")
	for i, s := range parts {
		if s == "" {
			return fmt.Errorf("malformed language tag %q", tag)
		}
		for j := 0; j < len(s); j++ {
			if i == 0 && !(s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
				return fmt.Errorf("malformed language tag %q", tag)
			}
		}
	}
	return nil
}

// ParseLine reads one line of N-Triples (without its line end): ok is false for a blank or
// comment line. A syntax error is a *SyntaxError with the column and the byte offset in the
// line; the caller sets File and Pos.Line.
func ParseLine(line string) (t rdf.Triple, ok bool, err error) {
	p := lineParser{s: line}
	ok, err = p.triple(&t)
	if err != nil {
		return t, false, &SyntaxError{Pos: diag.Position{Col: utf8.RuneCountInString(p.s[:min(p.i, len(p.s))]) + 1, Offset: p.i}, Msg: err.Error()}
	}
	return t, ok, nil
}
