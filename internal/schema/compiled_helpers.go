package schema

import (
	"encoding/json"
	"math/big"
	"strconv"

	"github.com/coopgraph/coopgraph/internal/source"
)

//go:generate go run ./gen/schemagen compiled.go
//go:generate go run ./gen/schemagen compiled_keywords_test.go testdata/keywords.schema.json compiledKeywords

// The helpers of the compiled validators (compiled.go): each reads a keyword as gojsonschema
// does, or answers no where that would take more than the records need, so that gojsonschema
// decides.

func isString(n *source.Node) bool {
	_, ok := n.Value.(string)
	return ok && n.Kind == source.Scalar
}

func isNumber(n *source.Node) bool {
	_, ok := n.Value.(json.Number)
	return ok && n.Kind == source.Scalar
}

// isInteger: a number without a fraction, by its exact value ("2013", "2013.0", "2.013e3").
func isInteger(n *source.Node) bool {
	x, ok := n.Value.(json.Number)
	if !ok || n.Kind != source.Scalar {
		return false
	}
	s := string(x)
	digits := s
	if len(digits) > 1 && digits[0] == '-' {
		digits = digits[1:]
	}
	plain := len(digits) > 0
	for i := 0; i < len(digits) && plain; i++ {
		plain = digits[i] >= '0' && digits[i] <= '9'
	}
	if plain {
		return true
	}
	r, ok := new(big.Rat).SetString(s)
	return ok && r.IsInt()
}

func isBool(n *source.Node) bool {
	_, ok := n.Value.(bool)
	return ok && n.Kind == source.Scalar
}

func isNull(n *source.Node) bool { return n.Kind == source.Scalar && n.Value == nil }

// hasNonSpace is the pattern \S: a character other than the five Go's regular expressions
// count as space (tab, newline, form feed, carriage return, space).
func hasNonSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\f', '\r':
		default:
			return true
		}
	}
	return false
}

// numCmp compares x with a bound by exact value (f is the float64 nearest the bound, r the
// bound). Rounding to float64 keeps order, so a float comparison that is not equal is the
// answer; equal floats are compared exactly. ok is false for a number that cannot be read.
func numCmp(x json.Number, f float64, r *big.Rat) (int, bool) {
	if v, err := strconv.ParseFloat(string(x), 64); err == nil {
		if v < f {
			return -1, true
		}
		if v > f {
			return 1, true
		}
	}
	xr, ok := new(big.Rat).SetString(string(x))
	if !ok {
		return 0, false
	}
	return xr.Cmp(r), true
}

func multipleOf(x json.Number, r *big.Rat) bool {
	xr, ok := new(big.Rat).SetString(string(x))
	return ok && new(big.Rat).Quo(xr, r).IsInt()
}

// uniqueStrings: the items are all strings, each once. (Lists of other values are left to
// gojsonschema.)
func uniqueStrings(items []*source.Node) bool {
	if len(items) > 16 {
		seen := make(map[string]bool, len(items))
		for _, it := range items {
			s, ok := it.Value.(string)
			if !ok || it.Kind != source.Scalar || seen[s] {
				return false
			}
			seen[s] = true
		}
		return true
	}
	for i, it := range items {
		s, ok := it.Value.(string)
		if !ok || it.Kind != source.Scalar {
			return false
		}
		for _, prev := range items[:i] {
			if prev.Value.(string) == s {
				return false
			}
		}
	}
	return true
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func mustRat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("schema: bad number " + s)
	}
	return r
}

// The functions of gen.KnownPatterns, each equal to its pattern as a Go regular expression
// (TestKnownPatterns). Bytes are compared, not runes: every character the patterns name is
// ASCII, and a byte of a longer or invalid UTF-8 sequence is none of them.

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// isTrimmedLine is ^\S(.*\S)?$: one line ("." is not a line feed), not starting or ending
// with space.
func isTrimmedLine(s string) bool {
	if s == "" || isSpaceByte(s[0]) || isSpaceByte(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return false
		}
	}
	return true
}

// IsSlug reports whether s matches ^[a-z0-9]+(-[a-z0-9]+)*$, the pattern of a record's id
// (lower-case letters and digits in words joined by single hyphens), without a regular
// expression.
func IsSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-':
			if s[i-1] == '-' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// isLangTag is ^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$.
func isLangTag(s string) bool {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '-' {
			c := s[i]
			letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !letter && (start == 0 || c < '0' || c > '9') {
				return false
			}
			continue
		}
		if n := i - start; n < 1 || n > 8 {
			return false
		}
		start = i + 1
	}
	return true
}

// isTwoCapitals is ^[A-Z]{2}$.
func isTwoCapitals(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// isDateForm is ^[0-9]{4}-[0-9]{2}-[0-9]{2}$.
func isDateForm(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := 0; i < 10; i++ {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}
