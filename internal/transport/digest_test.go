package transport

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDigestRFC7616Vectors checks the responses of RFC 7616 §3.9.1's worked example.
func TestDigestRFC7616Vectors(t *testing.T) {
	for alg, want := range map[string]string{
		"MD5":     "8ca523f5e9506fed4657c9700eebdbec",
		"SHA-256": "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
	} {
		d := digestState{
			realm: "http-auth@example.org", nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
			opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", alg: alg, qop: "auth", nc: 1,
		}
		h := d.authorization("Mufasa", "Circle of Life", "GET", "/dir/index.html", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
		if !strings.Contains(h, `response="`+want+`"`) || !strings.Contains(h, "nc=00000001") || !strings.Contains(h, `opaque="FQhe/`) {
			t.Errorf("%s: %s", alg, h)
		}
	}
}

func TestParseChallenges(t *testing.T) {
	cs := parseChallenges([]string{
		`Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="n1", opaque="o,1"`,
		`Digest realm="http-auth@example.org", qop="auth", algorithm=MD5, nonce="n2", Basic realm="say \"hi\", please"`,
	})
	if len(cs) != 3 {
		t.Fatalf("want 3 challenges, got %+v", cs)
	}
	if cs[0].params["qop"] != "auth, auth-int" || cs[0].params["opaque"] != "o,1" || cs[0].params["algorithm"] != "SHA-256" {
		t.Errorf("first: %+v", cs[0])
	}
	if cs[2].scheme != "basic" || cs[2].params["realm"] != `say "hi", please` {
		t.Errorf("third: %+v", cs[2])
	}
	var a auth
	if err := a.accept([]string{`Digest realm="r", algorithm=MD5, nonce="a", qop="auth"`, `Digest realm="r", algorithm=SHA-256, nonce="b", qop="auth"`}); err != nil {
		t.Fatal(err)
	}
	if a.d.alg != "SHA-256" || a.d.nonce != "b" {
		t.Errorf("did not choose SHA-256: %+v", a.d)
	}
	if err := a.accept([]string{`Negotiate`, `Bearer realm="x"`}); !errors.Is(err, errNoScheme) {
		t.Errorf("want errNoScheme, got %v", err)
	}
}

// digestServer checks RFC 7616 credentials the long way, counts nonce uses (each nc must be
// higher than the last), and declares a nonce stale after maxUses requests.
type digestServer struct {
	t        *testing.T
	alg      string
	user     string
	password string
	maxUses  int

	mu       sync.Mutex
	nonces   map[string]int // nonce → last nc
	uses     map[string]int
	seq      int
	requests int
	denied   int
}

func (s *digestServer) newHash() hash.Hash {
	if s.alg == "SHA-256" {
		return sha256.New()
	}
	return md5.New()
}

func (s *digestServer) h(x string) string {
	hh := s.newHash()
	hh.Write([]byte(x))
	return hex.EncodeToString(hh.Sum(nil))
}

func (s *digestServer) challenge(w http.ResponseWriter, stale bool) {
	s.seq++
	nonce := fmt.Sprintf("nonce-%d", s.seq)
	s.nonces[nonce] = 0
	w.Header().Add("WWW-Authenticate", fmt.Sprintf(`Digest realm="test", qop="auth", algorithm=%s, nonce="%s", opaque="op", stale=%v`, s.alg, nonce, stale))
	s.denied++
	w.WriteHeader(http.StatusUnauthorized)
}

func (s *digestServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	h := r.Header.Get("Authorization")
	if !strings.HasPrefix(h, "Digest ") {
		s.challenge(w, false)
		return
	}
	cs := parseChallenges([]string{h})
	p := cs[0].params
	last, known := s.nonces[p["nonce"]]
	if !known {
		s.challenge(w, true)
		return
	}
	nc, err := strconv.ParseUint(p["nc"], 16, 32)
	if err != nil || int(nc) <= last {
		s.t.Errorf("nonce count not increasing: %q after %d", p["nc"], last)
	}
	s.nonces[p["nonce"]] = int(nc)
	ha1 := s.h(s.user + ":test:" + s.password)
	ha2 := s.h(r.Method + ":" + r.URL.RequestURI())
	want := s.h(ha1 + ":" + p["nonce"] + ":" + p["nc"] + ":" + p["cnonce"] + ":auth:" + ha2)
	if p["uri"] != r.URL.RequestURI() || p["opaque"] != "op" || p["algorithm"] != s.alg {
		s.t.Errorf("bad credentials fields: %s", h)
	}
	if p["username"] != s.user || p["response"] != want {
		s.challenge(w, false)
		return
	}
	if s.uses[p["nonce"]]++; s.uses[p["nonce"]] > s.maxUses {
		delete(s.nonces, p["nonce"])
		s.challenge(w, true)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func fastClient(user, password string) *Client {
	return &Client{HTTP: &http.Client{Timeout: 5 * time.Second}, User: user, Password: password, Retry: Retry{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Millisecond}}
}

// send POSTs body to url as a retried request.
func send(c *Client, url, body string) error {
	_, err := c.Do(context.Background(), &Request{Op: "test", Method: http.MethodPost, URL: url, Body: []byte(body), Retry: true})
	return err
}

// TestDigestClient: the client answers the challenge, then reuses the nonce with a growing
// count, and takes a new nonce when the old one goes stale.
func TestDigestClient(t *testing.T) {
	for _, alg := range []string{"MD5", "SHA-256"} {
		t.Run(alg, func(t *testing.T) {
			s := &digestServer{t: t, alg: alg, user: "dba", password: "p@ss:word", maxUses: 3, nonces: map[string]int{}, uses: map[string]int{}}
			srv := httptest.NewServer(s)
			defer srv.Close()
			c := fastClient("dba", "p@ss:word")
			for i := 0; i < 7; i++ {
				if err := send(c, srv.URL+"/sparql-auth?x=1", "DROP SILENT GRAPH <http://a.example/g>"); err != nil {
					t.Fatalf("request %d: %v", i, err)
				}
			}
			// 7 requests: one challenge at first, one stale nonce after 3 and after 6 uses.
			if s.requests != 10 || s.denied != 3 {
				t.Errorf("%d requests, %d challenges; want 10 and 3", s.requests, s.denied)
			}
		})
	}
}

// TestDigestWrongPassword: refused credentials are reported after one answered challenge,
// without retries, with a hint; the password is not in the message.
func TestDigestWrongPassword(t *testing.T) {
	s := &digestServer{t: t, alg: "MD5", user: "dba", password: "right", maxUses: 100, nonces: map[string]int{}, uses: map[string]int{}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	const wrong = "wrong-secret-123"
	c := fastClient("dba", wrong)
	err := send(c, srv.URL+"/sparql-auth", "DROP SILENT GRAPH <http://a.example/g>")
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("want ErrUnauthorized, got %v", err)
	}
	if strings.Contains(err.Error(), wrong) {
		t.Errorf("the password is in the error: %v", err)
	}
	if s.requests != 2 {
		t.Errorf("%d requests, want 2 (no retries of refused credentials)", s.requests)
	}
}

func TestBasicAuth(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		got = append(got, h)
		if h == "" {
			w.Header().Set("WWW-Authenticate", `Basic realm="store"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c := fastClient("admin", "pw")
	for i := 0; i < 2; i++ {
		if err := send(c, srv.URL, "CLEAR SILENT GRAPH <http://a.example/g>"); err != nil {
			t.Fatal(err)
		}
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("admin:pw"))
	if len(got) != 3 || got[0] != "" || got[1] != want || got[2] != want {
		t.Errorf("Authorization headers %q", got)
	}
}
