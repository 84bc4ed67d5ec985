package transport

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strings"
	"sync"
)

// challenge is one authentication challenge of a WWW-Authenticate header.
type challenge struct {
	scheme string            // lower case: "digest", "basic"
	params map[string]string // names in lower case
}

// parseChallenges reads the challenges of WWW-Authenticate header values (RFC 9110 §11.6.1):
// scheme followed by comma-separated name=value or name="quoted value" pairs; several
// challenges may share one header.
func parseChallenges(values []string) []challenge {
	var out []challenge
	for _, v := range values {
		p := authParser{s: v}
		for {
			p.skip(" \t,")
			scheme := p.token()
			if scheme == "" {
				break // end of header, or something unreadable: stop here
			}
			c := challenge{scheme: strings.ToLower(scheme), params: map[string]string{}}
			for {
				save := p.i
				p.skip(" \t,")
				name := p.token()
				p.skip(" \t")
				if name == "" || !p.eat('=') {
					p.i = save // not a parameter: the next challenge's scheme
					break
				}
				p.skip(" \t")
				c.params[strings.ToLower(name)] = p.value()
			}
			out = append(out, c)
		}
	}
	return out
}

type authParser struct {
	s string
	i int
}

func (p *authParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *authParser) eat(c byte) bool {
	if p.peek() == c {
		p.i++
		return true
	}
	return false
}

func (p *authParser) skip(set string) {
	for p.i < len(p.s) && strings.IndexByte(set, p.s[p.i]) >= 0 {
		p.i++
	}
}

// token reads an RFC 9110 token (plus '/', '=' trailing padding is left to the caller).
func (p *authParser) token() string {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			break
		}
		p.i++
	}
	return p.s[start:p.i]
}

func (p *authParser) value() string {
	if !p.eat('"') {
		return p.token()
	}
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		switch c {
		case '"':
			return b.String()
		case '\\':
			if p.i < len(p.s) {
				b.WriteByte(p.s[p.i])
				p.i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// digestAlgorithms are the RFC 7616 algorithms coopgraph answers, strongest first.
var digestAlgorithms = []string{"SHA-256", "SHA-256-sess", "MD5", "MD5-sess"}

func digestHash(alg string) func() hash.Hash {
	switch strings.TrimSuffix(strings.ToUpper(alg), "-SESS") {
	case "SHA-256":
		return sha256.New
	case "MD5":
		return md5.New
	}
	return nil
}

// auth is the authentication state for one protection space: the scheme the store asked for
// and, for Digest, its current nonce and the count of requests made with it.
type auth struct {
	mu     sync.Mutex
	scheme string // "", "basic" or "digest"
	d      digestState
}

type digestState struct {
	realm, nonce, opaque, alg string
	qop                       string // "auth" or "" (RFC 2069 servers)
	userhash                  bool
	nc                        uint32
}

// errNoScheme is returned when a store asks for an authentication scheme coopgraph lacks.
var errNoScheme = errors.New("the store asks for an authentication scheme coopgraph does not speak (it speaks Basic and Digest with MD5 or SHA-256)")

// accept takes the challenges of a 401 response and chooses the strongest scheme coopgraph
// speaks: Digest with SHA-256, then with MD5, then Basic.
func (a *auth) accept(values []string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	cs := parseChallenges(values)
	var best *challenge
	bestRank := len(digestAlgorithms)
	for i := range cs {
		c := &cs[i]
		if c.scheme != "digest" {
			continue
		}
		alg := c.params["algorithm"]
		if alg == "" {
			alg = "MD5"
		}
		if c.params["qop"] != "" && !hasToken(c.params["qop"], "auth") {
			continue // auth-int only: we do not hash bodies
		}
		for r, a := range digestAlgorithms {
			if strings.EqualFold(a, alg) && r < bestRank {
				best, bestRank = c, r
			}
		}
	}
	if best != nil {
		alg := digestAlgorithms[bestRank]
		qop := ""
		if best.params["qop"] != "" {
			qop = "auth"
		}
		a.scheme = "digest"
		a.d = digestState{
			realm: best.params["realm"], nonce: best.params["nonce"], opaque: best.params["opaque"],
			alg: alg, qop: qop, userhash: strings.EqualFold(best.params["userhash"], "true"),
		}
		return nil
	}
	for _, c := range cs {
		if c.scheme == "basic" {
			a.scheme = "basic"
			return nil
		}
	}
	return errNoScheme
}

func hasToken(list, tok string) bool {
	for _, t := range strings.Split(list, ",") {
		if strings.EqualFold(strings.TrimSpace(t), tok) {
			return true
		}
	}
	return false
}

// header returns the Authorization header for a request, or "" before any challenge.
func (a *auth) header(user, password, method, uri string) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch a.scheme {
	case "basic":
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password)), nil
	case "digest":
		a.d.nc++
		cnonce, err := newCnonce()
		if err != nil {
			return "", err
		}
		return a.d.authorization(user, password, method, uri, cnonce), nil
	}
	return "", nil
}

func newCnonce() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// authorization computes the RFC 7616 Digest credentials for one request.
func (d *digestState) authorization(user, password, method, uri, cnonce string) string {
	newHash := digestHash(d.alg)
	h := func(s string) string {
		x := newHash()
		x.Write([]byte(s))
		return hex.EncodeToString(x.Sum(nil))
	}
	nc := fmt.Sprintf("%08x", d.nc)
	ha1 := h(user + ":" + d.realm + ":" + password)
	if strings.HasSuffix(strings.ToUpper(d.alg), "-SESS") {
		ha1 = h(ha1 + ":" + d.nonce + ":" + cnonce)
	}
	ha2 := h(method + ":" + uri)
	var response string
	if d.qop != "" {
		response = h(ha1 + ":" + d.nonce + ":" + nc + ":" + cnonce + ":" + d.qop + ":" + ha2)
	} else {
		response = h(ha1 + ":" + d.nonce + ":" + ha2)
	}
	name := user
	if d.userhash {
		name = h(user + ":" + d.realm)
	}
	var b strings.Builder
	b.WriteString("Digest ")
	fmt.Fprintf(&b, "username=%s, realm=%s, uri=%s, algorithm=%s, nonce=%s", quote(name), quote(d.realm), quote(uri), d.alg, quote(d.nonce))
	if d.qop != "" {
		fmt.Fprintf(&b, ", nc=%s, cnonce=%s, qop=%s", nc, quote(cnonce), d.qop)
	}
	fmt.Fprintf(&b, ", response=%s", quote(response))
	if d.opaque != "" {
		fmt.Fprintf(&b, ", opaque=%s", quote(d.opaque))
	}
	if d.userhash {
		b.WriteString(", userhash=true")
	}
	return b.String()
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
