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

	"github.com/coopgraph/coopgraph/internal/transport"
)

func fastClient(user, password string) *Client {
	return NewClient(&transport.Client{HTTP: &http.Client{Timeout: 5 * time.Second}, User: user, Password: password, Retry: transport.Retry{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Millisecond}})
}

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
		{"5xx throughout", []int{502}, "", 3, transport.ErrUnavailable, ""},
		{"429 then success", []int{429, 200}, "", 2, nil, ""},
		{"400 at once", []int{400}, "Virtuoso 37000 Error SP030: syntax error", 1, transport.ErrRefused, ""},
		{"too large", []int{400}, "SP030: SPARQL compiler, line 4992: memory exhausted", 1, transport.ErrRefused, "lower --batch"},
		{"413", []int{413}, "", 1, transport.ErrRefused, "lower --batch"},
		{"403", []int{403}, "<html>forbidden</html>", 1, transport.ErrForbidden, "SPARQL_UPDATE"},
		{"Virtuoso permission", []int{500}, "Virtuoso 42000 Error SR186:SECURITY: No permission to execute procedure DB.DBA.SPARUL_DROP", 1, transport.ErrForbidden, "SPARQL_UPDATE"},
		{"404", []int{404}, "", 1, transport.ErrNotFound, "wrong endpoint path"},
		{"Virtuoso transaction too big", []int{500}, "Virtuoso 40005 Error SR325: Transaction aborted because it's log after image size went above the limit", 1, transport.ErrRefused, "TransactionAfterImageLimit"},
		{"401 without user", []int{401}, "", 1, transport.ErrUnauthorized, "give --user"},
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

// TestClientWrongPasswordHint: refused credentials are reported with what to check, without the
// password.
func TestClientWrongPasswordHint(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	const wrong = "wrong-secret-123"
	err := fastClient("dba", wrong).Update(context.Background(), srv.URL, "test", "DROP SILENT GRAPH <http://a.example/g>", true)
	if !errors.Is(err, transport.ErrUnauthorized) || !strings.Contains(err.Error(), `wrong password for user "dba"`) || !strings.Contains(err.Error(), "COOPGRAPH_PASSWORD") {
		t.Fatalf("want ErrUnauthorized with a hint, got %v", err)
	}
	if strings.Contains(err.Error(), wrong) {
		t.Errorf("the password is in the error: %v", err)
	}
}
