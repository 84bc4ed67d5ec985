package faultproxy_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/coopgraph/coopgraph/internal/testkit/faultproxy"
)

// upstream records the bodies it received whole.
type upstream struct {
	mu     sync.Mutex
	bodies []string
}

func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return // a cut request
	}
	u.mu.Lock()
	u.bodies = append(u.bodies, string(b))
	u.mu.Unlock()
	io.WriteString(w, "ok:"+string(b))
}

func (u *upstream) got() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.bodies...)
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name   string
		faults faultproxy.Faults
		bodies []string
		// answers: "ok" (passed), "500", "err" (no answer); arrived: bodies the upstream got
		answers []string
		arrived []string
	}{
		{"pass", faultproxy.Faults{}, []string{"a", "b"}, []string{"ok", "ok"}, []string{"a", "b"}},
		{"500 every 2nd", faultproxy.Faults{FailEvery: 2}, []string{"a", "b", "c", "d"}, []string{"ok", "500", "ok", "500"}, []string{"a", "c"}},
		{"drop every 3rd after 10 bytes", faultproxy.Faults{DropEvery: 3, DropAfter: 10}, []string{"a", "b", "c", "d"}, []string{"ok", "ok", "err", "ok"}, []string{"a", "b", "d"}},
		{"swallow the first MOVE", faultproxy.Faults{SwallowMoves: 1}, []string{"MOVE <a> TO <b>", "MOVE <a> TO <b>", "x"}, []string{"err", "ok", "ok"}, []string{"MOVE <a> TO <b>", "MOVE <a> TO <b>", "x"}},
		{"decide", faultproxy.Faults{Decide: func(r *faultproxy.Request) faultproxy.Action {
			if string(r.Body) == "kill" {
				return faultproxy.Blackout
			}
			return faultproxy.Pass
		}}, []string{"a", "kill", "b"}, []string{"ok", "err", "ok"}, []string{"a", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up := &upstream{}
			srv := httptest.NewServer(up)
			defer srv.Close()
			p, err := faultproxy.Start(srv.URL, tc.faults)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			client := &http.Client{}
			for i, b := range tc.bodies {
				resp, err := client.Post(p.URL+"/sparql", "application/sparql-update", strings.NewReader(b))
				got := "err"
				if err == nil {
					rb, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					switch {
					case resp.StatusCode == 500:
						got = "500"
					case resp.StatusCode == 200 && string(rb) == "ok:"+b:
						got = "ok"
					default:
						got = resp.Status + " " + string(rb)
					}
				}
				if got != tc.answers[i] {
					t.Errorf("request %d (%q): got %s, want %s", i+1, b, got, tc.answers[i])
				}
			}
			if got := up.got(); strings.Join(got, "|") != strings.Join(tc.arrived, "|") {
				t.Errorf("the upstream got %q, want %q", got, tc.arrived)
			}
		})
	}
}

// TestLoopbackOnly: the proxy refuses an upstream off the loopback.
func TestLoopbackOnly(t *testing.T) {
	if _, err := faultproxy.Start("http://192.0.2.1:80", faultproxy.Faults{}); err == nil {
		t.Fatal("an upstream off the loopback was accepted")
	}
}

func TestIsMove(t *testing.T) {
	for body, want := range map[string]bool{
		"MOVE <urn:s> TO <urn:t>": true,
		"DELETE { GRAPH <urn:t> { ?s ?p ?o } } WHERE { GRAPH <urn:t> { ?s ?p ?o } FILTER EXISTS { GRAPH <urn:s> { ?x ?y ?z } } } ;\nINSERT { GRAPH <urn:t> { ?s ?p ?o } } WHERE { GRAPH <urn:s> { ?s ?p ?o } } ;\nDROP SILENT GRAPH <urn:s>": true,
		"DELETE DATA { GRAPH <urn:t> { <urn:a> <urn:b> <urn:c> } }": false,
		"DROP SILENT GRAPH <urn:s>":                                 false,
		"SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:s> { ?s ?p ?o } FILTER EXISTS { GRAPH <urn:t> { ?s ?p ?o } } }": false,
	} {
		if got := (&faultproxy.Request{Body: []byte(body)}).IsMove(); got != want {
			t.Errorf("IsMove(%.40q) = %v, want %v", body, got, want)
		}
	}
}
