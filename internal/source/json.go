package source

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/diag"
)

// parseJSON is a strict RFC 8259 parser that records the position of every value and key; the
// standard library's decoder keeps neither positions nor duplicate keys.
func parseJSON(file string, src []byte) (*Node, *diag.Diagnostic) {
	p := &jsonParser{file: file, src: src, positioner: positioner{src: src}}
	p.space()
	if p.i == len(src) {
		return nil, nil
	}
	n := p.value("", 0)
	if p.err != nil {
		return nil, p.err
	}
	p.space()
	if p.i != len(src) {
		return nil, p.errorf(p.i, "", "json", "unexpected %s after the end of the record", p.describe())
	}
	return n, nil
}

type jsonParser struct {
	positioner
	file string
	src  []byte
	i    int
	err  *diag.Diagnostic
}

func (p *jsonParser) errorf(off int, field, code, format string, args ...any) *diag.Diagnostic {
	if p.err == nil {
		p.err = &diag.Diagnostic{Severity: diag.Error, File: p.file, Pos: p.position(off), Field: displayPath(field), Code: code, Message: fmt.Sprintf(format, args...)}
	}
	return p.err
}

func (p *jsonParser) describe() string {
	if p.i >= len(p.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[p.i:])
	return strconv.QuoteRune(r)
}

func (p *jsonParser) space() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(path string, depth int) *Node {
	if p.err != nil {
		return nil
	}
	if depth > MaxDepth {
		p.errorf(p.i, path, "too-deep", "nested more than %d levels deep", MaxDepth)
		return nil
	}
	start := p.i
	n := &Node{Pos: p.position(start)}
	if p.i >= len(p.src) {
		p.errorf(p.i, path, "json", "malformed JSON: unexpected end of file")
		return nil
	}
	switch c := p.src[p.i]; {
	case c == '{':
		n.Kind = Map
		var seen keySet
		p.i++
		p.space()
		if p.i < len(p.src) && p.src[p.i] == '}' {
			p.i++
			return n
		}
		for {
			p.space()
			if p.i >= len(p.src) || p.src[p.i] != '"' {
				p.errorf(p.i, path, "json", "malformed JSON: expected a string key, found %s", p.describe())
				return nil
			}
			keyOff := p.i
			keyPos := p.position(keyOff)
			key, ok := p.str(path)
			if !ok {
				return nil
			}
			if j := seen.index(n.Keys, key); j >= 0 {
				p.errorf(keyOff, join(path, key), "duplicate-key", "key %q appears twice (first at line %d)", key, n.KeyPos[j].Line)
				return nil
			}
			p.space()
			if p.i >= len(p.src) || p.src[p.i] != ':' {
				p.errorf(p.i, path, "json", "malformed JSON: expected ':' after key %q, found %s", key, p.describe())
				return nil
			}
			p.i++
			p.space()
			child := p.value(join(path, key), depth+1)
			if child == nil {
				return nil
			}
			seen.add(n.Keys, key)
			n.Keys = append(n.Keys, key)
			n.KeyPos = append(n.KeyPos, keyPos)
			n.Items = append(n.Items, child)
			p.space()
			if p.i < len(p.src) && p.src[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.src) && p.src[p.i] == '}' {
				p.i++
				return n
			}
			p.errorf(p.i, path, "json", "malformed JSON: expected ',' or '}', found %s", p.describe())
			return nil
		}
	case c == '[':
		n.Kind = Seq
		p.i++
		p.space()
		if p.i < len(p.src) && p.src[p.i] == ']' {
			p.i++
			return n
		}
		for k := 0; ; k++ {
			p.space()
			child := p.value(join(path, strconv.Itoa(k)), depth+1)
			if child == nil {
				return nil
			}
			n.Items = append(n.Items, child)
			p.space()
			if p.i < len(p.src) && p.src[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.src) && p.src[p.i] == ']' {
				p.i++
				return n
			}
			p.errorf(p.i, path, "json", "malformed JSON: expected ',' or ']', found %s", p.describe())
			return nil
		}
	case c == '"':
		n.Kind = Scalar
		s, ok := p.str(path)
		if !ok {
			return nil
		}
		if err := checkText(s); err != nil {
			p.errorf(start, path, "text", "%v", err)
			return nil
		}
		n.Value = s
		return n
	case c == '-' || c >= '0' && c <= '9':
		n.Kind = Scalar
		num, ok := p.number(path)
		if !ok {
			return nil
		}
		n.Value = num
		return n
	default:
		n.Kind = Scalar
		for _, lit := range []struct {
			word string
			v    any
		}{{"true", true}, {"false", false}, {"null", nil}} {
			if strings.HasPrefix(string(p.src[p.i:min(len(p.src), p.i+5)]), lit.word) {
				p.i += len(lit.word)
				n.Value = lit.v
				return n
			}
		}
		p.errorf(p.i, path, "json", "malformed JSON: unexpected %s", p.describe())
		return nil
	}
}

func (p *jsonParser) number(path string) (json.Number, bool) {
	start := p.i
	if p.src[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.src) && p.src[p.i] >= '0' && p.src[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	intStart := p.i
	if digits() == 0 || p.src[intStart] == '0' && p.i-intStart > 1 {
		p.errorf(start, path, "json", "malformed JSON: bad number")
		return "", false
	}
	if p.i < len(p.src) && p.src[p.i] == '.' {
		p.i++
		if digits() == 0 {
			p.errorf(start, path, "json", "malformed JSON: bad number")
			return "", false
		}
	}
	if p.i < len(p.src) && (p.src[p.i] == 'e' || p.src[p.i] == 'E') {
		p.i++
		if p.i < len(p.src) && (p.src[p.i] == '+' || p.src[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			p.errorf(start, path, "json", "malformed JSON: bad number")
			return "", false
		}
	}
	text := string(p.src[start:p.i])
	if f, err := strconv.ParseFloat(text, 64); err != nil || f != f {
		p.errorf(start, path, "number", "number %s is out of range", text)
		return "", false
	}
	return json.Number(text), true
}

// str reads a JSON string at p.i (which holds the opening quote).
func (p *jsonParser) str(path string) (string, bool) {
	start := p.i
	p.i++
	var b strings.Builder
	for {
		if p.i >= len(p.src) {
			p.errorf(start, path, "json", "malformed JSON: unterminated string")
			return "", false
		}
		c := p.src[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), true
		case c < 0x20:
			p.errorf(p.i, path, "json", "malformed JSON: control character in string (escape it)")
			return "", false
		case c == '\\':
			if p.i+1 >= len(p.src) {
				p.errorf(p.i, path, "json", "malformed JSON: unterminated escape")
				return "", false
			}
			e := p.src[p.i+1]
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := p.hex4(p.i + 2)
				if !ok {
					p.errorf(p.i, path, "json", "malformed JSON: bad \\u escape")
					return "", false
				}
				p.i += 6
				if utf16.IsSurrogate(r) {
					r2, ok2 := rune(0), false
					if p.i+1 < len(p.src) && p.src[p.i] == '\\' && p.src[p.i+1] == 'u' {
						r2, ok2 = p.hex4(p.i + 2)
					}
					dec := utf16.DecodeRune(r, r2)
					if !ok2 || dec == utf8.RuneError {
						p.errorf(p.i-6, path, "text", "unpaired UTF-16 surrogate \\u%04x is not a character", r)
						return "", false
					}
					p.i += 6
					r = dec
				}
				b.WriteRune(r)
				continue
			default:
				p.errorf(p.i, path, "json", "malformed JSON: unknown escape \\%c", e)
				return "", false
			}
			p.i += 2
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

func (p *jsonParser) hex4(at int) (rune, bool) {
	if at+4 > len(p.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.src[at:at+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(v), true
}
