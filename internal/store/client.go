package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/coopgraph/coopgraph/internal/transport"
)

// Client speaks the SPARQL 1.1 protocols (query, update, graph store) to a store over a
// transport.Client, which authenticates and retries. Make one with NewClient.
type Client struct {
	*transport.Client
	once sync.Once
}

// NewClient returns a Client sending its requests through t; it sets t.Classify to read what
// stores say in the bodies of their failed answers, with hints that say what to fix.
func NewClient(t *transport.Client) *Client {
	c := &Client{Client: t}
	c.once.Do(c.setClassify)
	return c
}

func (c *Client) setClassify() { c.Client.Classify = c.classify }

// do sends req through the transport.
func (c *Client) do(ctx context.Context, req *transport.Request) (*transport.Response, error) {
	c.once.Do(c.setClassify)
	return c.Client.Do(ctx, req)
}

// classify adds to a failed answer what a store's message means and what to fix.
func (c *Client) classify(e *transport.HTTPError, body []byte) {
	msg := string(body)
	switch {
	case e.Status == 401:
		if c.User == "" {
			e.Hint = "the store asks for credentials: give --user and set COOPGRAPH_PASSWORD"
		} else {
			e.Hint = fmt.Sprintf("wrong password for user %q, or no such user: check --user and COOPGRAPH_PASSWORD", c.User)
		}
	case e.Status == 403, strings.Contains(msg, "SECURITY:") || strings.Contains(msg, "No permission"):
		// Virtuoso answers 500 "SR186: SECURITY: No permission…" to users without update rights.
		e.Kind = transport.ErrForbidden
		e.Hint = "the user lacks the right to change graphs: on Virtuoso, grant SPARQL_UPDATE to the user; elsewhere, give it write access to the dataset"
	case e.Status == 404:
		e.Hint = "wrong endpoint path: Virtuoso uses /sparql-graph-crud-auth (GSP) and /sparql-auth (update), Fuseki /<dataset>/data and /<dataset>/update, Oxigraph /store and /update, GraphDB /repositories/<id>/rdf-graphs/service and /repositories/<id>/statements"
	case strings.Contains(msg, "SR325"):
		// Virtuoso: "Transaction aborted because it's log after image size went above the limit".
		e.Kind = transport.ErrRefused
		e.Hint = "Virtuoso runs the MOVE as one transaction: raise TransactionAfterImageLimit in [Parameters] of virtuoso.ini, or bulk-load the shards (see the README)"
	case e.Status == 413, strings.Contains(msg, "memory exhausted"):
		e.Kind = transport.ErrRefused
		e.Hint = "the request is too large for the store: lower --batch"
	}
}
