package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestClientNotRetried: requests not marked for retry (a MOVE) go once.
func TestClientNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(500)
	}))
	defer srv.Close()
	_, err := fastClient("", "").Do(context.Background(), &Request{Op: "move", Method: http.MethodPost, URL: srv.URL, Body: []byte("MOVE <http://a.example/s> TO <http://a.example/t>")})
	if !errors.Is(err, ErrUnavailable) || n.Load() != 1 {
		t.Fatalf("%d requests, %v", n.Load(), err)
	}
}

// TestClientDroppedConnection: a connection closed without an answer is retried, and reported
// as such when it keeps happening.
func TestClientDroppedConnection(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 4 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c := fastClient("", "")
	err := send(c, srv.URL+"/data", "<http://a.example/s> <http://a.example/p> <http://a.example/o> .\n")
	var ne *NetError
	if !errors.As(err, &ne) || !strings.Contains(err.Error(), "after 3 tries") {
		t.Fatalf("want a NetError after 3 tries, got %v", err)
	}
	if err := send(c, srv.URL+"/data", "\n"); err != nil {
		t.Fatalf("the fifth request should pass after one retry: %v", err)
	}
	if c.Retries != 3 {
		t.Errorf("%d retries counted, want 3", c.Retries)
	}
}

// TestClientTimeout: a store that does not answer within the HTTP client's timeout gives an
// error that says so.
func TestClientTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	c := fastClient("", "")
	c.HTTP.Timeout = 20 * time.Millisecond
	c.Retry.Attempts = 2
	err := send(c, srv.URL+"/query", "query=ASK{}")
	if err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("want a timeout, got %v", err)
	}
}

// TestClientCancelStopsRetries: an interrupt ends the waits between tries.
func TestClientCancelStopsRetries(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		cancel()
		w.WriteHeader(503)
	}))
	defer srv.Close()
	c := fastClient("", "")
	c.Retry = Retry{Attempts: 10, Base: time.Hour, Max: time.Hour}
	_, err := c.Do(ctx, &Request{Op: "test", Method: http.MethodPost, URL: srv.URL, Body: []byte("x"), Retry: true})
	if !errors.Is(err, context.Canceled) || n.Load() != 1 {
		t.Fatalf("%d requests, %v", n.Load(), err)
	}
}

func TestRetryWaits(t *testing.T) {
	r := Retry{Attempts: 10, Base: 100 * time.Millisecond, Max: time.Second}
	for attempt := 0; attempt < 8; attempt++ {
		full := min(r.Base<<attempt, r.Max)
		for i := 0; i < 50; i++ {
			if w := r.Wait(attempt); w < full/2 || w > full {
				t.Fatalf("attempt %d: wait %v outside [%v, %v]", attempt, w, full/2, full)
			}
		}
	}
}
