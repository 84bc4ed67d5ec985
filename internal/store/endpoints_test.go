package store

import (
	"errors"
	"strings"
	"testing"
)

func TestResolveEndpoints(t *testing.T) {
	tests := []struct {
		gsp, update, query string
		want               Endpoints
	}{
		{gsp: "http://localhost:8890/sparql-graph-crud-auth", want: Endpoints{"http://localhost:8890/sparql-graph-crud-auth", "http://localhost:8890/sparql-auth", "http://localhost:8890/sparql-auth"}},
		{gsp: "http://localhost:8890/sparql-graph-crud", want: Endpoints{"http://localhost:8890/sparql-graph-crud", "http://localhost:8890/sparql", "http://localhost:8890/sparql"}},
		{gsp: "http://localhost:3030/ds/data", want: Endpoints{"http://localhost:3030/ds/data", "http://localhost:3030/ds/update", "http://localhost:3030/ds/query"}},
		{gsp: "http://localhost:7878/store", want: Endpoints{"http://localhost:7878/store", "http://localhost:7878/update", "http://localhost:7878/query"}},
		{gsp: "http://localhost:7200/repositories/coops/rdf-graphs/service", want: Endpoints{"http://localhost:7200/repositories/coops/rdf-graphs/service", "http://localhost:7200/repositories/coops/statements", "http://localhost:7200/repositories/coops"}},
		{update: "http://localhost:8890/sparql-auth", want: Endpoints{"", "http://localhost:8890/sparql-auth", "http://localhost:8890/sparql-auth"}},
		{update: "http://localhost:3030/ds/update", want: Endpoints{"", "http://localhost:3030/ds/update", "http://localhost:3030/ds/query"}},
		{update: "http://store.example/u", want: Endpoints{"", "http://store.example/u", "http://store.example/u"}},
		{gsp: "http://store.example/gsp", update: "http://store.example/u", query: "http://store.example/q", want: Endpoints{"http://store.example/gsp", "http://store.example/u", "http://store.example/q"}},
	}
	for _, tc := range tests {
		got, err := ResolveEndpoints(tc.gsp, tc.update, tc.query)
		if err != nil || got != tc.want {
			t.Errorf("%q %q %q: got %+v, %v; want %+v", tc.gsp, tc.update, tc.query, got, err, tc.want)
		}
	}
}

func TestResolveEndpointsErrors(t *testing.T) {
	tests := []struct{ gsp, update, msg string }{
		{"", "", "give --endpoint"},
		{"http://store.example/gsp", "", "give --update-endpoint"},
		{"ftp://store.example/x", "", "not an http(s) URL"},
		{"http://admin:Secret-1@store.example/sparql-graph-crud-auth", "", "holds credentials"},
		{"http//admin:Secret-1@store.example/x", "", "not an http(s) URL"},
	}
	for _, tc := range tests {
		_, err := ResolveEndpoints(tc.gsp, tc.update, "")
		if !errors.Is(err, ErrEndpoint) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: got %v, want %q", tc.gsp, err, tc.msg)
		}
		if err != nil && strings.Contains(err.Error(), "Secret-1") {
			t.Errorf("the password is in the error: %v", err)
		}
	}
}
