package iri

import (
	"errors"
	"strings"
)

// ErrBadLangTag is returned by CheckLang.
var ErrBadLangTag = errors.New("not a well-formed BCP 47 language tag")

// CheckLang reports whether tag is a well-formed BCP 47 language tag (RFC 5646 section 2.1:
// langtag, privateuse or a grandfathered tag), compared case-insensitively. It checks form, not
// registration, with one step further: the primary language subtag must have 2 or 3 letters
// (an ISO 639 code), because the 4-letter form is reserved and no 5- to 8-letter subtag has
// ever been registered, so such a tag is a mistake ("english" for "en"). "en", "zh-Hant-TW",
// "de-CH-1996", "x-klingon" pass; "english", "en_US", "e" fail.
func CheckLang(tag string) error {
	t := strings.ToLower(tag)
	if grandfathered[t] {
		return nil
	}
	parts := strings.Split(t, "-")
	for _, p := range parts {
		if p == "" || len(p) > 8 || !alnum(p) {
			return ErrBadLangTag
		}
	}
	if parts[0] == "x" {
		return privateUse(parts[1:])
	}
	// language: 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA
	lang := parts[0]
	if !alpha(lang) || len(lang) < 2 || len(lang) > 3 {
		return ErrBadLangTag
	}
	i := 1
	for n := 0; n < 3 && i < len(parts) && len(parts[i]) == 3 && alpha(parts[i]); n++ {
		i++
	}
	if i < len(parts) && len(parts[i]) == 4 && alpha(parts[i]) { // script
		i++
	}
	if i < len(parts) && (len(parts[i]) == 2 && alpha(parts[i]) || len(parts[i]) == 3 && digits(parts[i])) { // region
		i++
	}
	seen := map[string]bool{}
	for i < len(parts) && isVariant(parts[i]) {
		if seen[parts[i]] {
			return ErrBadLangTag
		}
		seen[parts[i]] = true
		i++
	}
	singletons := map[string]bool{}
	for i < len(parts) && len(parts[i]) == 1 && parts[i] != "x" {
		if singletons[parts[i]] {
			return ErrBadLangTag
		}
		singletons[parts[i]] = true
		i++
		n := 0
		for i < len(parts) && len(parts[i]) >= 2 {
			i++
			n++
		}
		if n == 0 {
			return ErrBadLangTag
		}
	}
	if i < len(parts) && parts[i] == "x" {
		return privateUse(parts[i+1:])
	}
	if i != len(parts) {
		return ErrBadLangTag
	}
	return nil
}

func privateUse(parts []string) error {
	if len(parts) == 0 {
		return ErrBadLangTag
	}
	return nil
}

func isVariant(p string) bool {
	return len(p) >= 5 || len(p) == 4 && p[0] >= '0' && p[0] <= '9'
}

func alpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

var grandfathered = map[string]bool{
	"en-gb-oed": true, "i-ami": true, "i-bnn": true, "i-default": true, "i-enochian": true,
	"i-hak": true, "i-klingon": true, "i-lux": true, "i-mingo": true, "i-navajo": true, "i-pwn": true,
	"i-tao": true, "i-tay": true, "i-tsu": true, "sgn-be-fr": true, "sgn-be-nl": true, "sgn-ch-de": true,
	"art-lojban": true, "cel-gaulish": true, "no-bok": true, "no-nyn": true, "zh-guoyu": true,
	"zh-hakka": true, "zh-min": true, "zh-min-nan": true, "zh-xiang": true,
}
