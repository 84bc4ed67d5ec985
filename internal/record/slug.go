package record

import (
	"strings"
	"unicode"
)

// Slug turns a name into an id: lower-case ASCII letters and digits in words joined by single
// hyphens ("Up & Go" → "up-and-go", "Seoul's Taxi" → "seouls-taxi", "Fairmöndo" →
// "fairmondo"), cut to at most MaxIDLength characters at a word boundary. Letters of other
// scripts are left out; the result is "" when nothing is left.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	word := func(s string) {
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(s)
	}
	for _, r := range name {
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			word(string(r))
		case r == '\'' || r == '\u2019' || unicode.Is(unicode.Mn, r):
			// Apostrophes and combining marks join the letters around them.
		case r == '&':
			hyphen = true
			word("and")
			hyphen = true
		default:
			if f, ok := fold[r]; ok {
				word(f)
			} else {
				hyphen = true
			}
		}
	}
	s := b.String()
	for len(s) > MaxIDLength {
		i := strings.LastIndexByte(s[:MaxIDLength+1], '-')
		if i <= 0 {
			s = strings.TrimRight(s[:MaxIDLength], "-")
			break
		}
		s = s[:i]
	}
	return s
}

// fold spells Latin letters with diacritics, and a few ligatures, in ASCII.
var fold = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'þ': "th", 'ł': "l", 'ı': "i", 'ŋ': "n", 'ħ': "h"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥ",
		"i": "ìíîïĩīĭį", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏő",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
