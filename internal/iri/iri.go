// Package iri checks IRIs (RFC 3987) and language tags (BCP 47, RFC 5646) before they become RDF
// terms. The checks are syntactic and offline: nothing here touches the network.
package iri

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Errors returned by Check; match them with errors.Is.
var (
	ErrEmpty       = errors.New("empty IRI")
	ErrRelative    = errors.New("not an absolute IRI (no scheme)")
	ErrBadChar     = errors.New("character not allowed in an IRI")
	ErrBadEscape   = errors.New("bad percent-escape")
	ErrBadScheme   = errors.New("scheme not allowed")
	ErrBadHost     = errors.New("bad or missing host")
	ErrBadPort     = errors.New("bad port")
	ErrFragment    = errors.New("fragment not allowed here")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
)

// Check reports whether s is an absolute IRI per RFC 3987 (scheme ":" ihier-part [ "?" iquery ]
// [ "#" ifragment ]). It rejects what RFC 3987 rejects, including spaces, < > " { } | \ ^ `,
// control characters, and malformed percent-escapes.
func Check(s string) error {
	if s == "" {
		return ErrEmpty
	}
	if !utf8.ValidString(s) {
		return ErrInvalidUTF8
	}
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || !validScheme(s[:colon]) {
		return ErrRelative
	}
	rest := s[colon+1:]
	var frag, query string
	hasFrag, hasQuery := false, false
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		frag, rest, hasFrag = rest[i+1:], rest[:i], true
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		query, rest, hasQuery = rest[i+1:], rest[:i], true
	}
	if hasFrag {
		if err := checkChars(frag, "/?"); err != nil {
			return fmt.Errorf("fragment: %w", err)
		}
	}
	if hasQuery {
		if err := checkCharsQuery(query); err != nil {
			return fmt.Errorf("query: %w", err)
		}
	}
	path := rest
	if strings.HasPrefix(rest, "//") {
		auth := rest[2:]
		if i := strings.IndexByte(auth, '/'); i >= 0 {
			auth, path = auth[:i], auth[i:]
		} else {
			path = ""
		}
		if err := checkAuthority(auth); err != nil {
			return err
		}
	}
	if err := checkChars(path, "/@:"); err != nil {
		return fmt.Errorf("path: %w", err)
	}
	return nil
}

// CheckWeb is Check for the IRIs of web pages: the scheme must be http or https and there must
// be a host. javascript:, data:, file: and the like are refused.
func CheckWeb(s string) error {
	if err := Check(s); err != nil {
		return err
	}
	scheme := strings.ToLower(s[:strings.IndexByte(s, ':')])
	if scheme != "http" && scheme != "https" {
		return fmt.Errorf("%w: %q (only http and https)", ErrBadScheme, scheme)
	}
	rest := s[len(scheme)+1:]
	if !strings.HasPrefix(rest, "//") {
		return ErrBadHost
	}
	auth := rest[2:]
	if i := strings.IndexAny(auth, "/?#"); i >= 0 {
		auth = auth[:i]
	}
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		auth = auth[i+1:]
	}
	if auth == "" || auth[0] == ':' {
		return ErrBadHost
	}
	return nil
}

func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

func checkAuthority(auth string) error {
	host := auth
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		if err := checkChars(auth[:i], ":"); err != nil {
			return fmt.Errorf("userinfo: %w", err)
		}
		host = auth[i+1:]
	}
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return ErrBadHost
		}
		lit := host[1:end]
		for i := 0; i < len(lit); i++ {
			c := lit[i]
			if !(isHex(c) || c == ':' || c == '.' || c == 'v' || c == 'V') {
				return ErrBadHost
			}
		}
		host = host[end+1:]
		if host != "" && host[0] != ':' {
			return ErrBadHost
		}
		return checkPort(strings.TrimPrefix(host, ":"))
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		if err := checkPort(host[i+1:]); err != nil {
			return err
		}
		host = host[:i]
	}
	if err := checkChars(host, ""); err != nil {
		return fmt.Errorf("host: %w", ErrBadHost)
	}
	return nil
}

func checkPort(p string) error {
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return ErrBadPort
		}
	}
	return nil
}

// checkChars accepts iunreserved, pct-encoded, sub-delims and the extra ASCII characters given.
func checkChars(s, extra string) error {
	return scan(s, extra, false)
}

// checkCharsQuery also accepts iprivate characters, which RFC 3987 allows only in the query.
func checkCharsQuery(s string) error {
	return scan(s, "/?:@", true)
}

func scan(s, extra string, private bool) error {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			case strings.IndexByte("-._~!$&'()*+,;=", c) >= 0:
			case c == '%':
				if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
					return ErrBadEscape
				}
				i += 3
				continue
			case extra != "" && strings.IndexByte(extra, c) >= 0:
			default:
				return fmt.Errorf("%w: %q", ErrBadChar, rune(c))
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isUcschar(r) && !(private && isIprivate(r)) {
			return fmt.Errorf("%w: %U", ErrBadChar, r)
		}
		i += n
	}
	return nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// isUcschar is RFC 3987's ucschar production.
func isUcschar(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFEF:
		return true
	case r >= 0x10000 && r <= 0xEFFFD:
		return r&0xFFFF <= 0xFFFD
	}
	return false
}

func isIprivate(r rune) bool {
	return r >= 0xE000 && r <= 0xF8FF || r >= 0xF0000 && r <= 0xFFFFD || r >= 0x100000 && r <= 0x10FFFD
}
