// Package faultproxy is a fault-injecting HTTP proxy for tests: it listens on 127.0.0.1, passes
// requests on to one upstream server (also on the loopback), and, as its Faults say, answers
// 500 to every k-th request without passing it on, drops connections after a number of bytes,
// or carries out a SPARQL MOVE and swallows its answer. It reads each request whole (HTTP/1.1,
// Content-Length bodies, as Go's client sends them) before deciding, and opens a new upstream
// connection per request, so that a fault never leaks into the next request.
package faultproxy

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Request is what a Faults hook sees of a request.
type Request struct {
	N      int // 1-based number of the request through the proxy
	Method string
	Path   string
	Header http.Header
	Body   []byte // the body; of a form (application/x-www-form-urlencoded), its query or update
}

// IsMove reports whether the request is a SPARQL Update MOVE, or the guarded replace that load
// sends in place of a MOVE sent again (DELETE { … } WHERE { … FILTER EXISTS … } ; INSERT … ;
// DROP SILENT GRAPH).
func (r *Request) IsMove() bool {
	b := bytes.TrimSpace(r.Body)
	return bytes.HasPrefix(b, []byte("MOVE ")) ||
		bytes.HasPrefix(b, []byte("DELETE {")) && bytes.Contains(b, []byte("FILTER EXISTS")) && bytes.Contains(b, []byte("DROP SILENT GRAPH"))
}

// IsData reports whether the request carries triples (a GSP POST or PUT, an INSERT DATA).
func (r *Request) IsData() bool {
	return r.Method == http.MethodPost && strings.Contains(r.Path, "graph-crud") || r.Method == http.MethodPut ||
		bytes.HasPrefix(bytes.TrimSpace(r.Body), []byte("INSERT DATA"))
}

// Action is what the proxy does with one request.
type Action int

// The actions.
const (
	Pass     Action = iota // pass it on and its answer back
	Fail500                // answer 500 without passing it on
	Drop                   // pass on DropAfter bytes of it, then close both connections
	Swallow                // pass it on, let the store answer, close the client's connection
	Blackout               // close the client's connection without passing anything on
)

func (a Action) String() string {
	return [...]string{"pass", "500", "drop", "swallow", "blackout"}[a]
}

// Faults decide the fate of each request.
type Faults struct {
	// FailEvery answers 500 to every k-th request (k, 2k, …; 0: never), whatever it is.
	FailEvery int
	// DropEvery drops every k-th request (0: never) after DropAfter bytes of it were passed on:
	// the store sees a cut request, the client a dropped connection.
	DropEvery int
	DropAfter int
	// SwallowMoves carries out the first n MOVE requests but swallows their answers.
	SwallowMoves int
	// Decide, when set, is asked first; returning Pass leaves the request to the rules above.
	// It runs on the request's goroutine, before anything is passed on, and may block.
	Decide func(r *Request) Action
}

// Proxy is a running fault proxy.
type Proxy struct {
	URL string // http://127.0.0.1:port, to put in place of the upstream's scheme and host

	upstream string // host:port
	faults   Faults
	ln       net.Listener
	wg       sync.WaitGroup

	mu     sync.Mutex
	n      int
	moves  int
	counts map[Action]int
	conns  map[net.Conn]struct{}
	closed bool
}

// Start starts a proxy in front of upstream (an http:// URL on the loopback).
func Start(upstream string, f Faults) (*Proxy, error) {
	u, err := url.Parse(upstream)
	if err != nil || u.Scheme != "http" {
		return nil, fmt.Errorf("faultproxy: %q is not an http URL", upstream)
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("faultproxy: %q is not on the loopback", upstream)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{URL: "http://" + ln.Addr().String(), upstream: u.Host, faults: f, ln: ln,
		counts: map[Action]int{}, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Counts returns how many requests met each action so far.
func (p *Proxy) Counts() map[Action]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[Action]int, len(p.counts))
	for k, v := range p.counts {
		out[k] = v
	}
	return out
}

// Close stops the proxy and closes its connections.
func (p *Proxy) Close() {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.ln.Close()
	p.wg.Wait()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			c.Close()
			return
		}
		p.conns[c] = struct{}{}
		p.mu.Unlock()
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.serve(c)
			p.mu.Lock()
			delete(p.conns, c)
			p.mu.Unlock()
			c.Close()
		}()
	}
}

// serve handles the requests of one client connection in turn.
func (p *Proxy) serve(c net.Conn) {
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return
		}
		if !p.handle(c, req, body) {
			return
		}
	}
}

// decide numbers the request and picks its action.
func (p *Proxy) decide(r *Request) Action {
	p.mu.Lock()
	p.n++
	r.N = p.n
	p.mu.Unlock()
	a := Pass
	if p.faults.Decide != nil {
		a = p.faults.Decide(r)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if a == Pass {
		f := p.faults
		switch {
		case r.IsMove() && p.moves < f.SwallowMoves:
			p.moves++
			a = Swallow
		case f.FailEvery > 0 && r.N%f.FailEvery == 0:
			a = Fail500
		case f.DropEvery > 0 && r.N%f.DropEvery == 0:
			a = Drop
		}
	}
	p.counts[a]++
	return a
}

// handle acts on one request; it returns whether the client connection stays open.
func (p *Proxy) handle(c net.Conn, req *http.Request, body []byte) bool {
	r := &Request{Method: req.Method, Path: req.URL.Path, Header: req.Header, Body: body}
	if strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if v, err := url.ParseQuery(string(body)); err == nil {
			for _, k := range []string{"query", "update"} {
				if s := v.Get(k); s != "" {
					r.Body = []byte(s)
				}
			}
		}
	}
	switch p.decide(r) {
	case Fail500:
		msg := "injected failure"
		fmt.Fprintf(c, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s", len(msg), msg)
		return true
	case Blackout:
		return false
	case Drop:
		var raw bytes.Buffer
		p.outgoing(req, body).Write(&raw)
		up, err := net.DialTimeout("tcp", p.upstream, 5*time.Second)
		if err == nil {
			up.Write(raw.Bytes()[:min(p.faults.DropAfter, raw.Len())])
			up.Close()
		}
		return false
	case Swallow:
		resp, err := p.roundTrip(req, body)
		if err == nil {
			resp.Body.Close()
		}
		return false
	}
	resp, err := p.roundTrip(req, body)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	if err := resp.Write(c); err != nil {
		return false
	}
	return !resp.Close
}

// outgoing is req as it goes upstream, with its whole body and no keep-alive.
func (p *Proxy) outgoing(req *http.Request, body []byte) *http.Request {
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.ContentLength = int64(len(body))
	out.TransferEncoding = nil
	out.Close = true
	out.RequestURI = ""
	out.URL.Scheme, out.URL.Host, out.Host = "http", p.upstream, p.upstream
	return out
}

// roundTrip passes the request on over a new connection and reads the whole answer.
func (p *Proxy) roundTrip(req *http.Request, body []byte) (*http.Response, error) {
	up, err := net.DialTimeout("tcp", p.upstream, 5*time.Second)
	if err != nil {
		return nil, err
	}
	defer up.Close()
	if err := p.outgoing(req, body).Write(up); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(up), req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusSwitchingProtocols {
		return nil, errors.New("faultproxy: protocol switch not supported")
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.TransferEncoding = nil
	resp.Close = false
	resp.Header.Del("Connection")
	return resp, nil
}
