package site

import (
	"strconv"
	"strings"
)

// Offer is one representation a resource has, under its media types: the first is its own,
// the others are aliases a client may ask for it by (application/json for JSON-LD).
type Offer struct {
	Ext        string // file extension, with the dot
	MediaTypes []string
}

// The representations of a co-op, in the order that wins ties: HTML first, so that browsers
// and clients that accept anything get the page.
var (
	OfferHTML     = Offer{".html", []string{"text/html", "application/xhtml+xml"}}
	OfferTurtle   = Offer{".ttl", []string{"text/turtle", "application/x-turtle"}}
	OfferJSONLD   = Offer{".jsonld", []string{"application/ld+json", "application/json"}}
	OfferNTriples = Offer{".nt", []string{"application/n-triples"}}
)

// mediaRange is one element of an Accept header.
type mediaRange struct {
	typ, sub string
	params   int // parameters other than q, which make a range more specific
	q        int // in thousandths
}

// parseAccept reads an Accept header (RFC 9110, section 12.5.1). Elements it cannot read,
// such as a malformed q-value, are left out rather than guessed at.
func parseAccept(h string) []mediaRange {
	var out []mediaRange
	for _, el := range strings.Split(h, ",") {
		parts := strings.Split(el, ";")
		mt := strings.ToLower(strings.TrimSpace(parts[0]))
		typ, sub, ok := strings.Cut(mt, "/")
		if !ok || !token(typ) || !token(sub) || typ == "*" && sub != "*" {
			continue
		}
		r := mediaRange{typ: typ, sub: sub, q: 1000}
		valid := true
		for _, p := range parts[1:] {
			k, v, _ := strings.Cut(p, "=")
			k = strings.ToLower(strings.TrimSpace(k))
			if k == "q" {
				q, ok := parseQ(strings.TrimSpace(v))
				if !ok {
					valid = false
					break
				}
				r.q = q
				break // what follows q are extension parameters, not the media type's
			}
			if k != "" {
				r.params++
			}
		}
		if valid {
			out = append(out, r)
		}
	}
	return out
}

// parseQ reads a qvalue: "0", "0.5", "1", "1.000"; at most three decimals.
func parseQ(s string) (int, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	if len(s) == 1 {
		return int(s[0]-'0') * 1000, true
	}
	if s[1] != '.' {
		return 0, false
	}
	frac := s[2:]
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	frac += strings.Repeat("0", 3-len(frac))
	n, _ := strconv.Atoi(frac)
	if s[0] == '1' {
		if n != 0 {
			return 0, false
		}
		return 1000, true
	}
	return n, true
}

func token(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}

// quality is how much the ranges accept media type mt: the q-value of the most specific range
// that matches it, and whether that range named mt itself; q is -1 when no range matches.
func quality(ranges []mediaRange, mt string) (q int, exact bool) {
	typ, sub, _ := strings.Cut(mt, "/")
	q, spec := -1, -1
	for _, r := range ranges {
		s := -1
		switch {
		case r.typ == typ && r.sub == sub:
			s = 2 + r.params
		case r.typ == typ && r.sub == "*":
			s = 1
		case r.typ == "*" && r.sub == "*":
			s = 0
		}
		if s > spec {
			q, spec = r.q, s
		}
	}
	return q, spec >= 2
}

// offerQuality is the q-value of an offer: that of a range naming its own media type, else
// the best of ranges naming one of its aliases, else that of a wildcard range matching its own
// type (so that application/* means JSON-LD or N-Triples, not XHTML).
func offerQuality(ranges []mediaRange, o Offer) int {
	q, exact := quality(ranges, o.MediaTypes[0])
	if exact {
		return q
	}
	best := -1
	for _, alias := range o.MediaTypes[1:] {
		if aq, ex := quality(ranges, alias); ex && aq > best {
			best = aq
		}
	}
	if best >= 0 {
		return best
	}
	return q
}

// Negotiate returns the index of the offer the Accept header prefers, or -1 when it accepts
// none of them (every match has q=0). Ties go to the earlier offer. An empty header accepts
// anything, so the first offer wins.
func Negotiate(accept string, offers []Offer) int {
	if len(offers) == 0 {
		return -1
	}
	if strings.TrimSpace(accept) == "" {
		return 0
	}
	ranges := parseAccept(accept)
	if len(ranges) == 0 {
		return 0 // nothing readable: as if there were no header
	}
	best, bestQ := -1, 0
	for i, o := range offers {
		if q := offerQuality(ranges, o); q > bestQ {
			best, bestQ = i, q
		}
	}
	return best
}
