package store

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/transport"
)

// iriRef writes an IRI for a SPARQL request; the IRIs come from checked flags or checked dumps.
func iriRef(s string) string {
	b, _ := encode.AppendIRI(nil, s)
	return string(b)
}

// Count asks the query endpoint how many triples graph holds.
func (c *Client) Count(ctx context.Context, queryEndpoint, graph string) (int64, error) {
	q := "SELECT (COUNT(*) AS ?n) WHERE { GRAPH " + iriRef(graph) + " { ?s ?p ?o } }"
	return c.CountQuery(ctx, queryEndpoint, "count the triples of "+iriRef(graph), q)
}

// CountQuery runs a query that selects one number, ?n.
func (c *Client) CountQuery(ctx context.Context, queryEndpoint, op, q string) (int64, error) {
	rows, err := c.Select(ctx, queryEndpoint, op, q, nil)
	if err != nil {
		return 0, err
	}
	if len(rows.Results.Bindings) != 1 {
		return 0, fmt.Errorf("%s: %s answered %d rows, not 1", op, queryEndpoint, len(rows.Results.Bindings))
	}
	v := rows.Results.Bindings[0]["n"].Value
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %s answered %q, not a number", op, queryEndpoint, v)
	}
	return n, nil
}

// Results are SPARQL 1.1 query results in their JSON form.
type Results struct {
	Head struct {
		Vars []string `json:"vars"`
	} `json:"head"`
	Results struct {
		Bindings []map[string]Binding `json:"bindings"`
	} `json:"results"`
}

// Binding is one value of a solution: Type is "uri", "bnode", "literal" (or the older
// "typed-literal"), with its datatype or language.
type Binding struct {
	Type     string `json:"type"`
	Value    string `json:"value"`
	Datatype string `json:"datatype,omitempty"`
	Lang     string `json:"xml:lang,omitempty"`
}

// Select runs a SELECT query; defaultGraphs, when given, are sent as default-graph-uri.
func (c *Client) Select(ctx context.Context, endpoint, op, query string, defaultGraphs []string) (*Results, error) {
	form := url.Values{"query": {query}}
	for _, g := range defaultGraphs {
		form.Add("default-graph-uri", g)
	}
	resp, err := c.do(ctx, &transport.Request{
		Op: op, Method: http.MethodPost, URL: endpoint,
		Header: http.Header{
			"Content-Type": {"application/x-www-form-urlencoded"},
			"Accept":       {"application/sparql-results+json"},
		},
		Body:  []byte(form.Encode()),
		Retry: true,
	})
	if err != nil {
		return nil, err
	}
	var r Results
	if err := json.Unmarshal(resp.Body, &r); err != nil {
		return nil, fmt.Errorf("%s: %s did not answer SPARQL JSON results: %v", op, endpoint, err)
	}
	return &r, nil
}

// Update sends a SPARQL 1.1 Update request. retry says whether it may be sent again after a
// failure whose outcome is unknown (true only for idempotent updates).
func (c *Client) Update(ctx context.Context, endpoint, op, update string, retry bool) error {
	return c.update(ctx, endpoint, op, []byte(update), retry)
}

func (c *Client) update(ctx context.Context, endpoint, op string, body []byte, retry bool) error {
	_, err := c.do(ctx, &transport.Request{
		Op: op, Method: http.MethodPost, URL: endpoint,
		Header: http.Header{"Content-Type": {"application/sparql-update"}},
		Body:   body,
		Retry:  retry,
	})
	return err
}

// Post adds N-Triples to a graph through the Graph Store Protocol (POST merges; it is
// idempotent for ground triples, so it is retried).
func (c *Client) Post(ctx context.Context, endpoint, op, graph string, nt []byte) error {
	u, err := graphURL(endpoint, graph)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, &transport.Request{
		Op: op, Method: http.MethodPost, URL: u,
		Header: http.Header{"Content-Type": {"application/n-triples"}},
		Body:   nt,
		Retry:  true,
	})
	return err
}

// graphURL adds ?graph=IRI to a GSP endpoint.
func graphURL(endpoint, graph string) (string, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", fmt.Errorf("%w: not a URL", ErrEndpoint)
	}
	q := u.Query()
	q.Set("graph", graph)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Graphs lists the named graphs whose IRI starts with prefix.
func (c *Client) Graphs(ctx context.Context, queryEndpoint, op, prefix string) ([]string, error) {
	q := "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), " + stringLiteral(prefix) + ")) }"
	rows, err := c.Select(ctx, queryEndpoint, op, q, nil)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, b := range rows.Results.Bindings {
		if g, ok := b["g"]; ok && g.Type == "uri" {
			out = append(out, g.Value)
		}
	}
	return out, nil
}

// stringLiteral writes s as a SPARQL string literal.
func stringLiteral(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

// Ask runs an ASK query and returns its answer.
func (c *Client) Ask(ctx context.Context, endpoint, op, query string) (bool, error) {
	form := url.Values{"query": {query}}
	resp, err := c.do(ctx, &transport.Request{
		Op: op, Method: http.MethodPost, URL: endpoint,
		Header: http.Header{
			"Content-Type": {"application/x-www-form-urlencoded"},
			"Accept":       {"application/sparql-results+json"},
		},
		Body:  []byte(form.Encode()),
		Retry: true,
	})
	if err != nil {
		return false, err
	}
	var r struct {
		Boolean *bool `json:"boolean"`
	}
	if err := json.Unmarshal(resp.Body, &r); err != nil || r.Boolean == nil {
		return false, fmt.Errorf("%s: %s did not answer a SPARQL JSON boolean (%v)", op, endpoint, err)
	}
	return *r.Boolean, nil
}
