package store

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Endpoints are where a load sends its requests.
type Endpoints struct {
	// GSP is the SPARQL 1.1 Graph Store HTTP Protocol endpoint that takes the triples; empty
	// when the store takes SPARQL Update only (the triples then go as INSERT DATA).
	GSP string
	// Update is the SPARQL 1.1 Update endpoint: it drops and moves graphs, and takes the
	// triples when GSP is empty.
	Update string
	// Query is the SPARQL 1.1 query endpoint that counts the triples of graphs.
	Query string
}

// Mode names how the triples travel.
func (e Endpoints) Mode() string {
	if e.GSP != "" {
		return "Graph Store Protocol"
	}
	return "SPARQL Update"
}

// ErrEndpoint is returned for endpoints that are missing, malformed or cannot be derived.
var ErrEndpoint = errors.New("bad endpoint")

// siblings maps the last path segments of the endpoints of well-known stores to their sibling
// endpoints, so that one --endpoint is enough: GSP path → (update path, query path).
var gspSiblings = []struct{ gsp, update, query string }{
	{"/sparql-graph-crud-auth", "/sparql-auth", "/sparql-auth"}, // Virtuoso, digest auth
	{"/sparql-graph-crud", "/sparql", "/sparql"},                // Virtuoso, anonymous
	{"/rdf-graphs/service", "/statements", ""},                  // GraphDB, RDF4J
	{"/data", "/update", "/query"},                              // Fuseki /<dataset>/data
	{"/store", "/update", "/query"},                             // Oxigraph server
}

var updateSiblings = []struct{ update, query string }{
	{"/sparql-auth", "/sparql-auth"}, // Virtuoso
	{"/sparql", "/sparql"},           // Virtuoso, Blazegraph and others with one endpoint
	{"/update", "/query"},            // Fuseki, Oxigraph
	{"/statements", ""},              // GraphDB, RDF4J: queries go to the repository itself
}

// ResolveEndpoints checks the endpoints given and fills in those left out for stores whose
// layout is known (Virtuoso, Fuseki, Oxigraph, GraphDB); for others every endpoint must be
// given. gsp may be empty (SPARQL Update only); update may be empty when gsp is given.
func ResolveEndpoints(gsp, update, query string) (Endpoints, error) {
	e := Endpoints{GSP: gsp, Update: update, Query: query}
	for _, p := range []struct {
		flag string
		v    string
	}{{"--endpoint", gsp}, {"--update-endpoint", update}, {"--query-endpoint", query}} {
		if p.v == "" {
			continue
		}
		if err := checkEndpoint(p.v); err != nil {
			return e, fmt.Errorf("%s: %w", p.flag, err)
		}
	}
	if gsp == "" && update == "" {
		return e, fmt.Errorf("%w: give --endpoint (Graph Store Protocol) or --update-endpoint (SPARQL Update)", ErrEndpoint)
	}
	if e.Update == "" {
		for _, s := range gspSiblings {
			if u, ok := sibling(gsp, s.gsp, s.update); ok {
				e.Update = u
				if e.Query == "" {
					e.Query, _ = sibling(gsp, s.gsp, s.query)
				}
				break
			}
		}
		if e.Update == "" {
			return e, fmt.Errorf("%w: cannot tell the SPARQL Update endpoint that goes with %s: give --update-endpoint (it drops and moves the staging graph)", ErrEndpoint, gsp)
		}
	}
	if e.Query == "" {
		e.Query = e.Update
		for _, s := range updateSiblings {
			if q, ok := sibling(e.Update, s.update, s.query); ok {
				e.Query = q
				break
			}
		}
	}
	return e, nil
}

// sibling replaces the path suffix from of u by to.
func sibling(u, from, to string) (string, bool) {
	p, err := url.Parse(u)
	if err != nil || !strings.HasSuffix(p.Path, from) {
		return "", false
	}
	p.Path = strings.TrimSuffix(p.Path, from) + to
	p.RawPath = ""
	return p.String(), true
}

// checkEndpoint accepts absolute http(s) URLs without credentials in them.
func checkEndpoint(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%w: not a URL", ErrEndpoint)
	}
	if u.User != nil {
		// Say nothing of what was there: it may be a password.
		return fmt.Errorf("%w: the URL holds credentials; give the user with --user and the password in COOPGRAPH_PASSWORD", ErrEndpoint)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		if strings.Contains(s, "@") {
			return fmt.Errorf("%w: not an http(s) URL", ErrEndpoint) // what precedes @ may be a password
		}
		return fmt.Errorf("%w: %q is not an http(s) URL", ErrEndpoint, s)
	}
	if u.Fragment != "" {
		return fmt.Errorf("%w: %q has a fragment", ErrEndpoint, s)
	}
	return nil
}
