package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// memStore is a small SPARQL store in memory for the tests of the load's steps: GSP POST, SELECT
// COUNT of one graph, DROP SILENT GRAPH, MOVE, INSERT DATA; it keeps each graph as a set of
// N-Triples lines and records the requests it took, as "post", "count", "drop", "move",
// "insert", "list".
type memStore struct {
	mu     sync.Mutex
	graphs map[string]map[string]bool
	log    []string
}

func newMemStore() *memStore { return &memStore{graphs: map[string]map[string]bool{}} }

var (
	reGraph = regexp.MustCompile(`GRAPH <([^>]*)>`)
	reMove  = regexp.MustCompile(`^MOVE <([^>]*)> TO <([^>]*)>`)
)

func (m *memStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	switch {
	case strings.HasSuffix(r.URL.Path, "/data"):
		g := r.URL.Query().Get("graph")
		m.log = append(m.log, "post")
		m.add(g, string(body))
		w.WriteHeader(http.StatusNoContent)
	case r.Header.Get("Content-Type") == "application/x-www-form-urlencoded":
		form, _ := url.ParseQuery(string(body))
		q := form.Get("query")
		g := reGraph.FindStringSubmatch(q)
		if strings.Contains(q, "DISTINCT ?g") {
			m.log = append(m.log, "list")
			var rows []string
			for l := range m.graphs[g[1]] {
				rows = append(rows, fmt.Sprintf(`{"g":{"type":"uri","value":%q}}`, l[1:strings.IndexByte(l, '>')]))
			}
			w.Header().Set("Content-Type", "application/sparql-results+json")
			fmt.Fprintf(w, `{"head":{"vars":["g"]},"results":{"bindings":[%s]}}`, strings.Join(rows, ","))
			return
		}
		m.log = append(m.log, "count")
		w.Header().Set("Content-Type", "application/sparql-results+json")
		fmt.Fprintf(w, `{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"%d"}}]}}`, len(m.graphs[g[1]]))
	default:
		u := string(body)
		switch {
		case strings.HasPrefix(u, "DROP SILENT GRAPH"):
			m.log = append(m.log, "drop")
			delete(m.graphs, reGraph.FindStringSubmatch(u)[1])
		case strings.HasPrefix(u, "MOVE"):
			m.log = append(m.log, "move")
			mv := reMove.FindStringSubmatch(u)
			m.graphs[mv[2]] = m.graphs[mv[1]]
			delete(m.graphs, mv[1])
		case strings.HasPrefix(u, "DELETE WHERE"):
			m.log = append(m.log, "unregister")
			g := reGraph.FindStringSubmatch(u)[1]
			s := u[strings.Index(u, "{ <")+2:]
			s = s[:strings.IndexByte(s, '>')+1]
			for l := range m.graphs[g] {
				if strings.HasPrefix(l, s+" ") {
					delete(m.graphs[g], l)
				}
			}
			if len(m.graphs[g]) == 0 {
				delete(m.graphs, g)
			}
		case strings.HasPrefix(u, "INSERT DATA") && strings.Contains(u, "-load-registry>"):
			m.log = append(m.log, "register")
			g := reGraph.FindStringSubmatch(u)[1]
			m.add(g, u[strings.Index(u, "{\n")+2:strings.LastIndex(u, "} }")])
		case strings.HasPrefix(u, "INSERT DATA"):
			m.log = append(m.log, "insert")
			g := reGraph.FindStringSubmatch(u)[1]
			m.add(g, u[strings.Index(u, "{\n")+2:strings.LastIndex(u, "} }")])
		default:
			http.Error(w, "unknown update", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (m *memStore) add(g, nt string) {
	if m.graphs[g] == nil {
		m.graphs[g] = map[string]bool{}
	}
	for _, l := range strings.Split(nt, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			m.graphs[g][l] = true
		}
	}
}

// TestPlanIsWhatRuns: a load carries out exactly the steps of its plan, in order, and the
// requests the store takes are those the steps name (one per step, Send's in Requests POSTs).
func TestPlanIsWhatRuns(t *testing.T) {
	for _, via := range []string{"gsp", "update"} {
		t.Run(via, func(t *testing.T) {
			m := newMemStore()
			srv := httptest.NewServer(m)
			defer srv.Close()
			var nt bytes.Buffer
			for i := 0; i < 25; i++ {
				fmt.Fprintf(&nt, "<http://a.example/s%02d> <http://a.example/p> \"%d\" .\n", i, i)
			}
			f := writeFile(t, t.TempDir(), "in.nt", nt.String(), false)
			ep := Endpoints{GSP: srv.URL + "/data", Update: srv.URL + "/update", Query: srv.URL + "/query"}
			if via == "update" {
				ep.GSP = ""
			}
			opt := Options{Input: Input{Files: []string{f}}, Graph: "http://a.example/g", Endpoints: ep, Batch: 10, Client: fastClient("", "")}
			sum, err := opt.Input.Scan(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			plan, err := NewPlan(&opt, sum)
			if err != nil {
				t.Fatal(err)
			}
			res, err := plan.Run(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Steps, plan.Steps) {
				t.Errorf("ran %v\nplanned %v", res.Steps, plan.Steps)
			}
			send := "post"
			if via == "update" {
				send = "insert"
			}
			var want []string
			for _, st := range plan.Steps {
				switch st.Kind {
				case RemoveStale:
					want = append(want, "list", "register")
				case CountTarget, CheckStaging, CheckTarget:
					want = append(want, "count")
				case ClearStaging:
					want = append(want, "drop")
				case Send:
					for i := int64(0); i < st.Requests; i++ {
						want = append(want, send)
					}
				case Move:
					want = append(want, "move")
				}
			}
			want = append(want, "unregister")
			if !reflect.DeepEqual(m.log, want) {
				t.Errorf("the store took %v, the plan says %v", m.log, want)
			}
			if len(m.graphs["http://a.example/g"]) != 25 || len(m.graphs) != 1 {
				t.Errorf("graphs after the load: %v", m.graphs)
			}
			if got := plan.String(); !strings.Contains(got, "in 3 requests of at most 10") || !strings.Contains(got, "  6. MOVE the staging graph onto <http://a.example/g>") {
				t.Errorf("plan:\n%s", got)
			}
		})
	}
}

// TestIsStagingOf: the staging graphs a load may remove are the target's IRI, "-staging-" and
// twelve lower-case hex digits, as StagingGraph draws them; nothing else.
func TestIsStagingOf(t *testing.T) {
	const g = "http://a.example/g"
	drawn, err := StagingGraph(g)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		want bool
	}{
		{drawn, true},
		{g + "-staging-0123456789ab", true},
		{g + "-staging-0123456789AB", false},
		{g + "-staging-0123456789a", false},
		{g + "-staging-0123456789abc", false},
		{g + "-staging-keep", false},
		{g + "2-staging-0123456789ab", false},
		{g + "/x-staging-0123456789ab", false},
		{g, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsStagingOf(tc.name, g); got != tc.want {
				t.Errorf("IsStagingOf(%q) = %v", tc.name, got)
			}
		})
	}
}
