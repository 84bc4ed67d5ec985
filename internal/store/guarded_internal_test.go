package store

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/internal/transport"
)

// TestGuardedMove: what a MOVE is sent again as replaces the target by the staging graph while
// the staging graph holds triples, and leaves the target alone once it is empty, as it is when
// a first MOVE the store was still running has landed; a plain MOVE of the empty staging graph
// empties the target in Virtuoso 7.2, which is why the second try is not one.
func TestGuardedMove(t *testing.T) {
	testkit.External(t, "Virtuoso")
	v, err := testkit.StartVirtuoso(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Stop()
	ctx := context.Background()
	c := NewClient(&transport.Client{HTTP: &http.Client{Timeout: time.Minute}, User: "dba", Password: "dba", Retry: transport.Retry{Attempts: 1}})
	update := func(q string) {
		t.Helper()
		if err := c.Update(ctx, v.URL("/sparql-auth"), "test", q, false); err != nil {
			t.Fatal(err)
		}
	}
	count := func(g string) int64 {
		t.Helper()
		n, err := c.Count(ctx, v.URL("/sparql"), g)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	const target, staging = "urn:test:target", "urn:test:target-staging"
	update(`INSERT DATA { GRAPH <` + target + `> { <urn:a> <urn:p> "old 1" . <urn:a> <urn:p> "old 2" . <urn:a> <urn:p> "old 3" } }`)
	update(`INSERT DATA { GRAPH <` + staging + `> { <urn:a> <urn:p> "new 1" . <urn:b> <urn:p> "new 2"@en } }`)

	update(guardedMove(staging, target))
	if n, s := count(target), count(staging); n != 2 || s != 0 {
		t.Fatalf("after the guarded move of a full staging graph: target %d triples, staging %d; want 2 and 0", n, s)
	}
	if r, err := c.Select(ctx, v.URL("/sparql"), "test", `SELECT ?o WHERE { GRAPH <`+target+`> { <urn:b> <urn:p> ?o } }`, nil); err != nil || len(r.Results.Bindings) != 1 || r.Results.Bindings[0]["o"].Lang != "en" {
		t.Errorf("the target does not hold the staging graph's triples: %+v %v", r, err)
	}
	// The staging graph is gone: sent again, the guarded move changes nothing.
	update(guardedMove(staging, target))
	if n := count(target); n != 2 {
		t.Errorf("a guarded move of an empty staging graph left the target %d triples, want 2", n)
	}
	// What it guards against: a plain MOVE of the empty staging graph empties the target.
	update("MOVE <" + staging + "> TO <" + target + ">")
	if n := count(target); n != 0 {
		t.Logf("a plain MOVE of an empty graph left the target %d triples: this store does not need the guard", n)
	}
}
