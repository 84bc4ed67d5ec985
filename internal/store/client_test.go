package store

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

// TestClientStatuses: what is retried, what is not, and what each failure says.
func TestClientStatuses(t *testing.T) {
	tests := []struct {
		name     string
		status   []int // answers in turn; the last repeats
		body     string
		requests int32
		kind     error
		hint     string
	}{
		{"5xx then success", []int{500, 503, 200}, "", 3, nil, ""},
		{"5xx throughout", []int{502}, "", 3, ErrUnavailable, ""},
		{"429 then success", []int{429, 200}, "", 2, nil, ""},
		{"400 at once", []int{400}, "Virtuoso 37000 Error SP030: syntax error", 1, ErrRefused, ""},
		{"too large", []int{400}, "SP030: SPARQL compiler, line 4992: memory exhausted", 1, ErrRefused, "lower --batch"},
		{"413", []int{413}, "", 1, ErrRefused, "lower --batch"},
		{"403", []int{403}, "<html>forbidden</html>", 1, ErrForbidden, "SPARQL_UPDATE"},
		{"Virtuoso permission", []int{500}, "Virtuoso 42000 Error SR186:SECURITY: No permission to execute procedure DB.DBA.SPARUL_DROP", 1, ErrForbidden, "SPARQL_UPDATE"},
		{"404", []int{404}, "", 1, ErrNotFound, "wrong endpoint path"},
		{"Virtuoso transaction too big", []int{500}, "Virtuoso 40005 Error SR325: Transaction aborted because it's log after image size went above the limit", 1, ErrRefused, "TransactionAfterImageLimit"},
		{"401 without user", []int{401}, "", 1, ErrUnauthorized, "give --user"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				st := tc.status[min(i, len(tc.status)-1)]
				if st == 401 {
					w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
				}
				w.WriteHeader(st)
				w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c := fastClient("", "")
			err := c.Update(context.Background(), srv.URL+"/update", "test", "DROP SILENT GRAPH <http://a.example/g>", true)
			if n.Load() != tc.requests {
				t.Errorf("%d requests, want %d", n.Load(), tc.requests)
			}
			if tc.kind == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.hint) {
				t.Fatalf("want %v with %q, got %v", tc.kind, tc.hint, err)
			}
			if strings.Contains(err.Error(), "<html>") {
				t.Errorf("an HTML page in the message: %v", err)
			}
		})
	}
}

// TestClientNotRetried: requests marked not to be retried (MOVE) go once.
func TestClientNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(500)
	}))
	defer srv.Close()
	err := fastClient("", "").Update(context.Background(), srv.URL, "move", "MOVE <http://a.example/s> TO <http://a.example/t>", false)
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
	err := c.Post(context.Background(), srv.URL+"/data", "post", "http://a.example/g", []byte("<http://a.example/s> <http://a.example/p> <http://a.example/o> .\n"))
	var ne *NetError
	if !errors.As(err, &ne) || !strings.Contains(err.Error(), "after 3 tries") {
		t.Fatalf("want a NetError after 3 tries, got %v", err)
	}
	if err := c.Post(context.Background(), srv.URL+"/data", "post", "http://a.example/g", []byte("\n")); err != nil {
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
	_, err := c.Count(context.Background(), srv.URL+"/query", "http://a.example/g")
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
	err := c.Update(ctx, srv.URL, "test", "DROP SILENT GRAPH <http://a.example/g>", true)
	if !errors.Is(err, context.Canceled) || n.Load() != 1 {
		t.Fatalf("%d requests, %v", n.Load(), err)
	}
}

func TestRetryWaits(t *testing.T) {
	r := Retry{Attempts: 10, Base: 100 * time.Millisecond, Max: time.Second}
	for attempt := 0; attempt < 8; attempt++ {
		full := min(r.Base<<attempt, r.Max)
		for i := 0; i < 50; i++ {
			if w := r.wait(attempt); w < full/2 || w > full {
				t.Fatalf("attempt %d: wait %v outside [%v, %v]", attempt, w, full/2, full)
			}
		}
	}
}

func TestBar(t *testing.T) {
	var b strings.Builder
	bar := NewBar(&b)
	bar.Start(2500000)
	bar.Add(1250000)
	bar.Add(1250000)
	bar.Finish()
	out := b.String()
	if !strings.HasPrefix(out, "\r[...") || !strings.Contains(out, "  0% 0/2,500,000 triples") || !strings.Contains(out, "100% 2,500,000/2,500,000 triples") || !strings.HasSuffix(out, "\n") {
		t.Errorf("bar drew %q", out)
	}
}
