// Package iri checks IRIs (RFC 3987) and language tags (BCP 47, RFC 5646) before they become RDF
// terms. The checks are syntactic and offline: nothing here touches the network.
package iri

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
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
	ErrBidi        = errors.New("bidirectional formatting character not allowed in an IRI")
	ErrUserinfo    = errors.New("a user name or password is not allowed in a web address")
)

// Check reports whether s is an absolute IRI per RFC 3987 (scheme ":" ihier-part [ "?" iquery ]
// [ "#" ifragment ]). It rejects what RFC 3987 rejects, including spaces, < > " { } | \ ^ `,
// control characters, malformed percent-escapes and (RFC 3987 section 4.1) the bidirectional
// formatting characters, which would let an IRI display as another.
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
		if err := checkChars(frag, "/?:@"); err != nil {
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
// be a host, a domain name or an IP address. javascript:, data:, file: and the like are
// refused, and so is a user name or password before the host ("https://bank.example@evil.example/"
// reads as another site). So are forms RFC 3987 allows but that triple stores warn about or
// mishandle (see the comments inside), so that every exported dump loads cleanly.
func CheckWeb(s string) error {
	// The scheme is judged first: "javascript:…" is refused for its scheme, whatever follows.
	if colon := strings.IndexByte(s, ':'); colon > 0 && validScheme(s[:colon]) {
		if scheme := strings.ToLower(s[:colon]); scheme != "http" && scheme != "https" {
			return fmt.Errorf("%w: %q (only http and https)", ErrBadScheme, scheme)
		}
	}
	if err := Check(s); err != nil {
		return err
	}
	scheme := strings.ToLower(s[:strings.IndexByte(s, ':')])
	rest := s[len(scheme)+1:]
	if !strings.HasPrefix(rest, "//") {
		return ErrBadHost
	}
	auth := rest[2:]
	if i := strings.IndexAny(auth, "/?#"); i >= 0 {
		auth = auth[:i]
	}
	if strings.IndexByte(auth, '@') >= 0 {
		return ErrUserinfo
	}
	if auth == "" || auth[0] == ':' {
		return ErrBadHost
	}
	// A web address's port, when written, is a number a server can listen on, and not the
	// scheme's own (which RFC 3986 section 6.2.3 says to leave out).
	if i := strings.LastIndexByte(auth, ':'); i >= 0 && !strings.HasSuffix(auth, "]") {
		p, err := strconv.Atoi(auth[i+1:])
		if err != nil || p < 1 || p > 65535 {
			return ErrBadPort
		}
		if p == 80 && scheme == "http" || p == 443 && scheme == "https" {
			return fmt.Errorf("%w: leave out the default port :%d", ErrNotNormal, p)
		}
	}
	if err := checkDomain(Host(s)); err != nil {
		return err
	}
	// What RFC 3987 allows but stores warn about or mishandle: an upper-case scheme, spaces
	// of other scripts, private-use characters, and characters beyond the Basic Multilingual
	// Plane (Apache Jena checks IRIs in UTF-16 and takes them for lone surrogates).
	if s[:len(scheme)] != scheme {
		return fmt.Errorf("%w: write the scheme in lower case (%s:)", ErrNotNormal, scheme)
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Zs, r):
			return fmt.Errorf("%w: %U (write a space as %%20)", ErrBadChar, r)
		case isIprivate(r):
			return fmt.Errorf("%w: private-use character %U", ErrBadChar, r)
		case r > 0xFFFF:
			return fmt.Errorf("%w: %U is beyond the Basic Multilingual Plane; percent-encode it", ErrBadChar, r)
		}
	}
	return nil
}

// ErrNotNormal is returned by CheckWeb for a web address not in its normal form (RFC 3986
// section 6), which some stores refuse.
var ErrNotNormal = errors.New("not in normal form")

// ErrBadDomain is returned by CheckWeb for a host that is neither an IP address nor a domain
// name: RFC 3987 allows "a!b" or "😀" as a host, no web server can have one.
var ErrBadDomain = errors.New("host is not a domain name")

// checkDomain accepts an IP literal, or dot-separated labels of letters, digits, combining
// marks, hyphens and underscores (a hyphen neither first nor last), as IDNA domain names are.
func checkDomain(h string) error {
	if strings.HasPrefix(h, "[") {
		return nil
	}
	if h == "" || len(h) > 253 {
		return ErrBadDomain
	}
	labels := strings.Split(h, ".")
	if last := labels[len(labels)-1]; last != "" && strings.Trim(last, "0123456789") == "" {
		// A name whose last label is a number is an IPv4 address: WHATWG URL parsers read
		// "2.18" as 2.0.0.18 and refuse "x.2". Only the plain dotted quad is unambiguous.
		if a, err := netip.ParseAddr(h); err != nil || !a.Is4() {
			return fmt.Errorf("%w: a domain name cannot end in a number (an IPv4 address has four)", ErrBadDomain)
		}
		return nil
	}
	for _, label := range labels {
		if label == "" || utf8.RuneCountInString(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return ErrBadDomain
		}
		for _, r := range label {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc) || r == '-' || r == '_') {
				return fmt.Errorf("%w: %q", ErrBadDomain, r)
			}
		}
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
		if !ipLiteral(host[1:end]) {
			return ErrBadHost
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

// ipLiteral reports whether s is what RFC 3986 allows between "[" and "]": an IPv6 address
// (without a zone) or an IPvFuture ("v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )).
func ipLiteral(s string) bool {
	if len(s) > 1 && (s[0] == 'v' || s[0] == 'V') {
		dot := strings.IndexByte(s, '.')
		if dot < 2 || dot == len(s)-1 {
			return false
		}
		for i := 1; i < dot; i++ {
			if !isHex(s[i]) {
				return false
			}
		}
		return scan(s[dot+1:], ":", false) == nil && !strings.Contains(s[dot+1:], "%")
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6() && a.Zone() == ""
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
		if isBidiFormat(r) {
			return ErrBidi
		}
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

// isBidiFormat reports the characters RFC 3987 section 4.1 forbids (LRM, RLM, LRE, RLE, PDF,
// LRO, RLO) and the later isolates (LRI, RLI, FSI, PDI), which do the same harm.
func isBidiFormat(r rune) bool {
	return r == 0x200E || r == 0x200F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

func isIprivate(r rune) bool {
	return r >= 0xE000 && r <= 0xF8FF || r >= 0xF0000 && r <= 0xFFFFD || r >= 0x100000 && r <= 0x10FFFD
}

// Host returns the host of an IRI with an authority ("https://user@Example.org:8080/x" gives
// "example.org", lower-cased), or "" when it has none.
func Host(s string) string {
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || !strings.HasPrefix(s[colon+1:], "//") {
		return ""
	}
	auth := s[colon+3:]
	if i := strings.IndexAny(auth, "/?#"); i >= 0 {
		auth = auth[:i]
	}
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		auth = auth[i+1:]
	}
	if strings.HasPrefix(auth, "[") {
		if i := strings.IndexByte(auth, ']'); i >= 0 {
			return strings.ToLower(auth[:i+1])
		}
		return ""
	}
	if i := strings.LastIndexByte(auth, ':'); i >= 0 {
		auth = auth[:i]
	}
	return strings.ToLower(strings.TrimSuffix(auth, "."))
}

// SiteKey returns what two web addresses of one site have in common, for spotting the same
// website given twice: the host without "www." and the path without a final "/", with the
// query; the scheme, the port, the case of the host and the fragment do not count.
func SiteKey(s string) string {
	h := Host(s)
	if h == "" {
		return s
	}
	h = strings.TrimPrefix(h, "www.")
	rest := s[strings.IndexByte(s, ':')+3:]
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[i:]
	} else {
		rest = ""
	}
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	path, query := rest, ""
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		path, query = rest[:i], rest[i:]
	}
	return h + strings.TrimSuffix(path, "/") + query
}
