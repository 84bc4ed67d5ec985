// Package transport sends HTTP requests to a store and gets their answers: it authenticates
// (Basic or RFC 7616 Digest, as the server asks), bounds each request in time, retries what may
// be retried with growing waits, and turns failures into errors of a few kinds. It knows
// nothing of SPARQL: package store speaks the protocols over it.
package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The kinds of failed answers; match them with errors.Is. An HTTPError unwraps to one of them.
var (
	ErrUnauthorized = errors.New("the store refused the credentials")
	ErrForbidden    = errors.New("the user may not do this on the store")
	ErrNotFound     = errors.New("no such endpoint")
	ErrRefused      = errors.New("the store refused the request")
	ErrUnavailable  = errors.New("the store failed")
)

// HTTPError is a store's answer other than success.
type HTTPError struct {
	Op     string // what coopgraph was doing ("POST triples 1-1000 to the staging graph")
	URL    string // the endpoint, without query
	Status int
	Body   string // the start of the store's message, one line
	Hint   string // what to fix
	// Kind is one of the ErrXxx values; it decides whether the request is retried.
	Kind error
	// retryAfter is the store's Retry-After, for 429 and 503 answers.
	retryAfter time.Duration
}

func (e *HTTPError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s answered %d %s", e.Op, e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		fmt.Fprintf(&b, ": %s", e.Body)
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, " (%s)", e.Hint)
	}
	return b.String()
}

// Unwrap returns the ErrXxx kind of the answer.
func (e *HTTPError) Unwrap() error { return e.Kind }

// NetError is a request that got no answer: the connection failed, was dropped, or timed out.
type NetError struct {
	Op  string
	URL string
	Err error
}

func (e *NetError) Error() string { return fmt.Sprintf("%s: %s: %v", e.Op, e.URL, e.Err) }
func (e *NetError) Unwrap() error { return e.Err }

// Retry says how often and how patiently failed requests are sent again.
type Retry struct {
	// Attempts is the number of tries of one request, the first included (≥ 1).
	Attempts int
	// Base is the wait before the second try; each later wait doubles, up to Max, and each is
	// drawn at random between half and all of that (jitter, so that many clients do not retry
	// in step).
	Base, Max time.Duration
}

// DefaultRetry tries each request 5 times over about 15 seconds.
var DefaultRetry = Retry{Attempts: 5, Base: 500 * time.Millisecond, Max: 8 * time.Second}

// Wait returns how long to wait before try attempt+2 (attempt 0: before the second try).
func (r Retry) Wait(attempt int) time.Duration {
	d := r.Base << attempt
	if d > r.Max || d <= 0 {
		d = r.Max
	}
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(half+1)
}

// Client sends requests: it authenticates (Basic or RFC 7616 Digest, as the server asks),
// retries what can be retried, and turns failures into errors. It never puts the password in
// an error or a log line. Its zero value is not usable: set HTTP.
type Client struct {
	HTTP     *http.Client
	User     string
	Password string
	Retry    Retry
	// Logf, when set, receives one line per request (method, endpoint, status, time), never
	// a header or a body.
	Logf func(format string, args ...any)
	// Retries counts the requests sent again.
	Retries int
	// Classify, when set, may change the Kind and Hint of a failed answer before the client
	// decides whether to retry it; body is the whole answer (up to 4 MiB). Protocols use it for
	// what servers say in their bodies (a 500 that is a refusal of rights, say).
	Classify func(e *HTTPError, body []byte)

	mu    sync.Mutex
	auths map[string]*auth // by protection space: scheme://host/path
}

// Request is one HTTP request; its body is in memory so that it can be sent again.
type Request struct {
	Op     string // what is being done, for messages ("count the triples of <g>")
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// Retry allows sending it again after a failure whose outcome is unknown (the request is
	// idempotent: a graph union, a count, a DROP SILENT).
	Retry bool
}

// Response is a successful answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// maxBody bounds what is read of an answer: counts and error messages are small.
const maxBody = 4 << 20

func (c *Client) authFor(u *url.URL) *auth {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.auths == nil {
		c.auths = map[string]*auth{}
	}
	k := u.Scheme + "://" + u.Host + u.Path
	a := c.auths[k]
	if a == nil {
		a = &auth{}
		c.auths[k] = a
	}
	return a
}

// CountRetry adds one to c.Retries; requests may be sent from several goroutines at once.
func (c *Client) CountRetry() {
	c.mu.Lock()
	c.Retries++
	c.mu.Unlock()
}

// Log passes a line to c.Logf, when set.
func (c *Client) Log(format string, args ...any) {
	if c.Logf != nil {
		c.Logf(format, args...)
	}
}

// Do sends req, retrying as c.Retry allows, and returns a 2xx answer or an error.
//
// A request once sent is let finish (within the HTTP client's timeout) even when ctx is
// cancelled: a request cut off on our side may still be carried out by the store later, after
// the cleanup that follows an interrupt, and leave triples behind. ctx stops the waits between
// tries, and callers check it between requests.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	attempts := max(c.Retry.Attempts, 1)
	for attempt := 0; ; attempt++ {
		resp, err := c.once(context.WithoutCancel(ctx), req)
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w (%v)", ctx.Err(), err)
		}
		if !req.Retry || !retryable(err) || attempt+1 >= attempts {
			if attempt > 0 {
				return nil, fmt.Errorf("%w (after %d tries)", err, attempt+1)
			}
			return nil, err
		}
		w := c.Retry.Wait(attempt)
		var he *HTTPError
		if errors.As(err, &he) && he.Status == http.StatusTooManyRequests {
			w = max(w, he.retryAfter)
		}
		c.Log("retry in %v: %v", w.Round(time.Millisecond), err)
		c.CountRetry()
		t := time.NewTimer(w)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// retryable reports whether a failure may pass on a second try: no answer (timeout, reset,
// dropped connection) or a 5xx/429 answer that is not a refusal.
func retryable(err error) bool {
	var ne *NetError
	if errors.As(err, &ne) {
		return true
	}
	var he *HTTPError
	if errors.As(err, &he) {
		return errors.Is(he.Kind, ErrUnavailable)
	}
	return false
}

// once sends req one time (twice when the store first asks for credentials).
func (c *Client) once(ctx context.Context, req *Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, err
	}
	a := c.authFor(u)
	for round := 0; ; round++ {
		hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, bytes.NewReader(req.Body))
		if err != nil {
			return nil, err
		}
		for k, v := range req.Header {
			hr.Header[k] = v
		}
		if c.User != "" {
			h, err := a.header(c.User, c.Password, req.Method, u.RequestURI())
			if err != nil {
				return nil, err
			}
			if h != "" {
				hr.Header.Set("Authorization", h)
			}
		}
		start := time.Now()
		hresp, err := c.HTTP.Do(hr)
		if err != nil {
			c.Log("%s: %s %s: %v", req.Op, req.Method, endpoint(u), cleanNetErr(err))
			return nil, &NetError{Op: req.Op, URL: endpoint(u), Err: cleanNetErr(err)}
		}
		body, rerr := io.ReadAll(io.LimitReader(hresp.Body, maxBody))
		hresp.Body.Close()
		c.Log("%s: %s %s: %d in %v", req.Op, req.Method, endpoint(u), hresp.StatusCode, time.Since(start).Round(time.Millisecond))
		if rerr != nil {
			return nil, &NetError{Op: req.Op, URL: endpoint(u), Err: cleanNetErr(rerr)}
		}
		resp := &Response{Status: hresp.StatusCode, Header: hresp.Header, Body: body}
		if resp.Status == http.StatusUnauthorized && c.User != "" && round == 0 {
			// Answer the challenge once: the first try may have had no credentials yet, or a
			// nonce the store has since dropped. Credentials refused twice are wrong.
			if err := a.accept(hresp.Header.Values("WWW-Authenticate")); err != nil {
				return nil, c.httpError(req, u, resp, err.Error())
			}
			continue
		}
		if resp.Status >= 200 && resp.Status < 300 {
			return resp, nil
		}
		return nil, c.httpError(req, u, resp, "")
	}
}

// endpoint is the URL without its query, for messages.
func endpoint(u *url.URL) string {
	v := *u
	v.RawQuery, v.Fragment, v.User = "", "", nil
	return v.String()
}

// cleanNetErr drops the *url.Error wrapper, whose text repeats the whole URL.
func cleanNetErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("connection closed by the store before it answered: %w", err)
	case errors.Is(err, syscall.ECONNRESET):
		return fmt.Errorf("connection reset: %w", err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("connection refused (is the store running, and is the port right?): %w", err)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("no answer within the timeout (raise --timeout?): %w", err)
	}
	return err
}

// httpError turns an answer into an error of its kind: by status, then as c.Classify says.
func (c *Client) httpError(req *Request, u *url.URL, r *Response, hint string) error {
	e := &HTTPError{Op: req.Op, URL: endpoint(u), Status: r.Status, Body: excerpt(r.Body), retryAfter: retryAfterSeconds(r.Header)}
	switch {
	case r.Status == http.StatusUnauthorized:
		e.Kind = ErrUnauthorized
	case r.Status == http.StatusForbidden:
		e.Kind = ErrForbidden
	case r.Status == http.StatusNotFound:
		e.Kind = ErrNotFound
	case r.Status == http.StatusTooManyRequests, r.Status >= 500:
		e.Kind = ErrUnavailable
	default:
		e.Kind = ErrRefused
	}
	if c.Classify != nil {
		c.Classify(e, r.Body)
	}
	if hint != "" {
		e.Hint = hint
	}
	return e
}

// excerpt returns the start of a store's message as one line.
func excerpt(b []byte) string {
	s := string(b)
	if strings.Contains(s, "<html") || strings.Contains(s, "<HTML") || strings.Contains(s, "<!DOCTYPE") {
		return "" // an HTML error page says nothing more than its status
	}
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}

// retryAfterSeconds parses a Retry-After header given in seconds, bounded to a minute.
func retryAfterSeconds(h http.Header) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || n < 0 {
		return 0
	}
	return min(time.Duration(n)*time.Second, time.Minute)
}
