package jsonld_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/jsonld"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func encodeAll(t *testing.T, ts []rdf.Triple, opt jsonld.Options) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	e := jsonld.NewEncoder(&buf, opt)
	for _, tr := range ts {
		if err := e.Encode(tr); err != nil {
			return nil, err
		}
	}
	if err := e.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func TestGolden(t *testing.T) {
	out, err := encodeAll(t, testkit.SmallTriples(), jsonld.Options{})
	if err != nil {
		t.Fatal(err)
	}
	golden := "testdata/small.jsonld"
	if *update {
		os.WriteFile(golden, out, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("output differs from %s (go test -update to accept):\n%s", golden, out)
	}
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Graph) != 2 {
		t.Errorf("%d nodes in @graph, want one per co-op", len(doc.Graph))
	}
	// The compact form reads like the record: terms, not IRIs.
	alpha := doc.Graph[0]
	if alpha["status"] != "operating" || alpha["name"] == nil {
		t.Errorf("not compacted: %v", alpha)
	}
	if _, ok := alpha["address"].(map[string]any); !ok {
		t.Errorf("address not embedded: %v", alpha["address"])
	}
	if alpha["hasAddress"] != "https://w3id.org/coopgraph/id/alpha#address" {
		t.Errorf("hasAddress = %v", alpha["hasAddress"])
	}
}

func TestSingleDocument(t *testing.T) {
	var alpha []rdf.Triple
	for _, tr := range testkit.SmallTriples() {
		if strings.Contains(tr.S.Value, "/alpha") {
			alpha = append(alpha, tr)
		}
	}
	out, err := encodeAll(t, alpha, jsonld.Options{Single: true})
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc["@id"] != "https://w3id.org/coopgraph/id/alpha" || doc["@graph"] != nil {
		t.Errorf("not a single node document:\n%s", out)
	}
	want, _ := testkit.FromTriples(alpha)
	got, err := testkit.JSONGold(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := testkit.Diff(want, got); d != "" {
		t.Error(d)
	}
	if _, err := encodeAll(t, testkit.SmallTriples(), jsonld.Options{Single: true}); !errors.Is(err, jsonld.ErrSecondDocument) {
		t.Errorf("two documents in single mode: %v", err)
	}
}

// TestShadowedIRIsAreRefused: an absolute IRI whose scheme is a term of the context would be
// read by JSON-LD processors as a compact IRI (another triple), so the writer refuses it.
func TestShadowedIRIsAreRefused(t *testing.T) {
	s := rdf.NewIRI("https://w3id.org/coopgraph/id/x")
	for _, tr := range []rdf.Triple{
		{S: s, P: rdf.NewIRI(vocab.SchemaURL), O: rdf.NewIRI("schema:foo")},
		{S: s, P: rdf.NewIRI("data:text/plain,x"), O: rdf.NewString("x")},
		{S: rdf.NewIRI("name:x"), P: rdf.NewIRI(vocab.SchemaName), O: rdf.NewString("x")},
		{S: s, P: rdf.NewIRI(vocab.RDFType), O: rdf.NewIRI("art:thing")},
	} {
		if _, err := encodeAll(t, []rdf.Triple{tr}, jsonld.Options{}); !errors.Is(err, jsonld.ErrUnrepresentable) {
			t.Errorf("%v: error %v, want ErrUnrepresentable", tr, err)
		}
	}
}

func TestEmptyGraph(t *testing.T) {
	out, err := encodeAll(t, nil, jsonld.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := testkit.JSONGold(out)
	if err != nil || got.Len() != 0 {
		t.Errorf("empty graph: %v %v\n%s", got, err, out)
	}
}

func TestContextParsing(t *testing.T) {
	for _, bad := range []string{
		`{}`, `{"@context": []}`, `{"@context": {"@vocab": "http://x.example/"}}`,
		`{"@context": {"a": {"@id": "http://x.example/a", "@container": "@list"}}}`,
		`{"@context": {"a": {"@id": "http://x.example/a", "@reverse": "b"}}}`,
		`{"@context": {"a": "relative"}}`,
	} {
		if _, err := jsonld.ParseContext([]byte(bad)); !errors.Is(err, jsonld.ErrContext) {
			t.Errorf("ParseContext(%s) = %v", bad, err)
		}
	}
	c := jsonld.DefaultContext()
	if term, ok := c.Lookup("sectors"); !ok || term.IRI != vocab.CoopSector || term.Type != "@vocab" || term.Container != "@set" {
		t.Errorf("sectors = %+v", term)
	}
}
