package synth

import (
	"strings"
	"unicode/utf8"
)

// yamlWriter writes a record the way maintainers do: block mappings, flow lists of enumerated
// values, plain scalars where they are safe, folded blocks for long prose, double quotes for
// the rest.
type yamlWriter struct {
	b     []byte
	depth int
}

func (y *yamlWriter) indent() {
	for i := 0; i < y.depth; i++ {
		y.b = append(y.b, "  "...)
	}
}

func (y *yamlWriter) comment(s string) { y.b = append(append(append(y.b, "# "...), s...), '\n') }

func (y *yamlWriter) key(k string) {
	if n := len(y.b); n > 0 && y.b[n-1] != '\n' {
		y.b = append(y.b, '\n')
	}
	y.indent()
	y.b = append(append(y.b, k...), ':')
}

func (y *yamlWriter) open()  { y.depth++ }
func (y *yamlWriter) close() { y.depth-- }

// plain writes a value known to be safe unquoted (an id, an enumerated value, a date).
func (y *yamlWriter) plain(v string) { y.b = append(append(y.b, ' '), v...) }

// raw writes a number.
func (y *yamlWriter) raw(v string) { y.plain(v) }

func (y *yamlWriter) str(v string) {
	y.b = append(y.b, ' ')
	y.b = appendScalar(y.b, v, 2*(y.depth+1))
}

func (y *yamlWriter) flowList(l []string) {
	y.b = append(y.b, " ["...)
	for i, s := range l {
		if i > 0 {
			y.b = append(y.b, ", "...)
		}
		y.b = append(y.b, s...)
	}
	y.b = append(y.b, ']')
}

// blockList writes one item a line; plain says the items are ids, safe unquoted.
func (y *yamlWriter) blockList(l []string, plain bool) {
	for _, s := range l {
		y.b = append(y.b, '\n')
		y.indent()
		y.b = append(y.b, "  - "...)
		if plain {
			y.b = append(y.b, s...)
		} else {
			y.b = appendScalar(y.b, s, 2*y.depth+4)
		}
	}
}

// appendScalar writes s as a plain scalar when that is safe, as a folded block (at the given
// indentation) when it is long prose, and double-quoted otherwise.
func appendScalar(b []byte, s string, indent int) []byte {
	switch {
	case plainSafe(s):
		return append(b, s...)
	case len(s) > 80 && foldable(s):
		b = append(b, ">-"...)
		line := 0
		for i, w := range strings.Split(s, " ") {
			if i == 0 || line+1+len(w) > 88 {
				b = append(b, '\n')
				for k := 0; k < indent; k++ {
					b = append(b, ' ')
				}
				line = 0
			} else {
				b = append(b, ' ')
				line++
			}
			b = append(b, w...)
			line += len(w)
		}
		return b
	}
	return appendQuoted(b, s)
}

// plainSafe: letters, digits and a little punctuation, starting with a letter and holding a
// space (so that it never reads as a boolean, null or number).
func plainSafe(s string) bool {
	if s == "" || !(s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z') || s[len(s)-1] == ' ' || !strings.Contains(s, " ") || strings.Contains(s, "  ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte(" .,'()&/-", c) >= 0) {
			return false
		}
	}
	return true
}

// foldable: one paragraph of words separated by single spaces, with nothing YAML would read as
// a line break or a byte-order mark.
func foldable(s string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff {
			return false
		}
	}
	return true
}

// appendQuoted writes a YAML double-quoted scalar.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	for _, c := range s {
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		case 0x85:
			b = append(b, `\N`...)
		case 0x2028:
			b = append(b, `\L`...)
		case 0x2029:
			b = append(b, `\P`...)
		case 0xfeff:
			b = append(b, `\uFEFF`...)
		default:
			b = utf8.AppendRune(b, c)
		}
	}
	return append(b, '"')
}
