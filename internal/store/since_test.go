package store_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/testkit"
)

// graphDigest is a graph's count and the SHA-256 of its sorted N-Triples lines.
func graphDigest(g testkit.Graph) string {
	lines := g.Lines()
	slices.Sort(lines)
	return fmt.Sprintf("%d triples, sha256 %x", len(lines), sha256.Sum256([]byte(strings.Join(lines, ""))))
}

// TestVirtuosoLoadSince loads an export, changes records (a name, a sector added, a record
// removed), exports again and loads with --since the first export: only the change is sent
// (one DELETE DATA ; INSERT DATA request, or through two staging graphs when larger than
// --batch), and the graph equals a full load of the new dump into another graph (counts and a
// hash of the sorted triples). A target that does not hold OLD gets the whole dump.
func TestVirtuosoLoadSince(t *testing.T) {
	v := virtuoso(t)
	data := copyData(t)
	oldOut := exportDump(t, data, 0)
	editRecord(t, data, "stocksy-united", "name: Stocksy United", "name: Stocksy United Co-op")
	editRecord(t, data, "stocksy-united", "sectors: [photography]", "sectors: [photography, art]")
	editRecord(t, data, "resonate", "name: Resonate", "name: Resonate Beta")
	if err := os.Remove(filepath.Join(data, "fairmondo.yaml")); err != nil {
		t.Fatal(err)
	}
	newOut := exportDump(t, data, 0)
	newDump := filepath.Join(newOut, "coops.nt")
	full := newGraph(t)
	mustLoad(t, v, full, newDump)
	want := graphDigest(storedGraph(t, v, full))

	tests := []struct {
		name  string
		args  []string
		since string
		say   string
	}{
		{"one request by GSP endpoint", nil, oldOut, "in one request (DELETE DATA ; INSERT DATA)"},
		{"one request, update endpoint alone", []string{"--update-endpoint", v.URL("/sparql-auth")}, filepath.Join(oldOut, "coops.nt"), "in one request"},
		{"staging graphs", []string{"--batch", "20"}, oldOut, "through two staging graphs"},
		{"staging graphs, update endpoint alone", []string{"--batch", "20", "--update-endpoint", v.URL("/sparql-auth")}, oldOut, "through two staging graphs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			graph := newGraph(t)
			mustLoad(t, v, graph, filepath.Join(oldOut, "coops.nt"))
			args := append([]string{"load", "--graph", graph, "--user", "dba", "--since", tc.since}, tc.args...)
			if !slices.Contains(tc.args, "--update-endpoint") {
				args = append(args, "--endpoint", v.URL("/sparql-graph-crud-auth"))
			}
			r := coopgraph(context.Background(), dbaPassword, append(args, newDump)...)
			if r.code != 0 || !strings.Contains(r.stderr, "loaded the change from") || !strings.Contains(r.stderr, tc.say) {
				t.Fatalf("want the change loaded %s: %v", tc.say, r)
			}
			if got := graphDigest(storedGraph(t, v, graph)); got != want {
				t.Errorf("after the change: %s; a full load of the new dump: %s", got, want)
			}
			if s := stagingGraphs(t, v, graph); len(s) != 0 {
				t.Errorf("staging graphs left: %v", s)
			}
		})
	}

	// The target holds something else than OLD (here: the new dump already; then an edited
	// OLD): the whole dump is loaded, and the run says why.
	other := copyData(t)
	editRecord(t, other, "resonate", "name: Resonate", "name: Resonate Music")
	otherDump := filepath.Join(exportDump(t, other, 0), "coops.nt")
	for _, batch := range []string{"1000", "20"} { // one request; two staging graphs
		t.Run("target does not hold OLD, --batch "+batch, func(t *testing.T) {
			graph := newGraph(t)
			mustLoad(t, v, graph, otherDump)
			r := coopgraph(context.Background(), dbaPassword, "load", "--graph", graph, "--user", "dba", "--batch", batch, "--since", oldOut, "--endpoint", v.URL("/sparql-graph-crud-auth"), newDump)
			// Its count and the sample of OLD pass; the triples to delete tell it apart.
			if r.code != 0 || !strings.Contains(r.stderr, "does not hold the old dump") || !strings.Contains(r.stderr, "triples to delete") || !strings.Contains(r.stderr, "loading the whole dump") {
				t.Fatalf("want a full load, said so: %v", r)
			}
			if got := graphDigest(storedGraph(t, v, graph)); got != want {
				t.Errorf("after the full load: %s; want %s", got, want)
			}
			if s := stagingGraphs(t, v, graph); len(s) != 0 {
				t.Errorf("staging graphs left: %v", s)
			}
		})
	}
	t.Run("target does not hold OLD", func(t *testing.T) {
		graph := newGraph(t)
		mustLoad(t, v, graph, newDump)
		mustLoad(t, v, graph, otherDump)
		r := coopgraph(context.Background(), dbaPassword, "load", "--graph", graph, "--user", "dba", "--since", oldOut, "--endpoint", v.URL("/sparql-graph-crud-auth"), newDump)
		if r.code != 0 || !strings.Contains(r.stderr, "does not hold the old dump") || !strings.Contains(r.stderr, "loading the whole dump") || !strings.Contains(r.stderr, "loaded ") {
			t.Fatalf("want a full load, said so: %v", r)
		}
		if got := graphDigest(storedGraph(t, v, graph)); got != want {
			t.Errorf("after the full load: %s; want %s", got, want)
		}
	})
	t.Run("change above --max-change", func(t *testing.T) {
		graph := newGraph(t)
		mustLoad(t, v, graph, filepath.Join(oldOut, "coops.nt"))
		r := coopgraph(context.Background(), dbaPassword, "load", "--graph", graph, "--user", "dba", "--since", oldOut, "--max-change", "0.001", "--endpoint", v.URL("/sparql-graph-crud-auth"), newDump)
		if r.code != 0 || !strings.Contains(r.stderr, "loading the whole dump") {
			t.Fatalf("want a full load, said so: %v", r)
		}
		if got := graphDigest(storedGraph(t, v, graph)); got != want {
			t.Errorf("after the full load: %s; want %s", got, want)
		}
	})
}
