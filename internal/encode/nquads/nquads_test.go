package nquads_test

import (
	"bytes"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode/nquads"
	"github.com/coopgraph/coopgraph/internal/rdf"
)

func TestEncoder(t *testing.T) {
	var b bytes.Buffer
	e := nquads.NewEncoder(&b, "https://example.org/dataset/x")
	tr := rdf.Triple{S: rdf.NewIRI("https://example.org/id/a"), P: rdf.NewIRI("https://example.org/p"), O: rdf.NewString("say \"hi\"\n")}
	if err := e.Encode(tr); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	want := "<https://example.org/id/a> <https://example.org/p> \"say \\\"hi\\\"\\n\" <https://example.org/dataset/x> .\n"
	if b.String() != want || e.Count() != 1 {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	// A graph name that is not an absolute IRI fails every call; nothing is written.
	b.Reset()
	bad := nquads.NewEncoder(&b, "dataset x")
	if bad.Encode(tr) == nil || bad.Close() == nil || b.Len() != 0 {
		t.Errorf("a relative graph name was accepted: %q", b.String())
	}
	// A term of the wrong kind is refused, and the error kept.
	e = nquads.NewEncoder(&b, "https://example.org/g")
	if e.Encode(rdf.Triple{S: rdf.NewString("x"), P: tr.P, O: tr.O}) == nil || e.Encode(tr) == nil {
		t.Error("a literal subject was accepted, or the first error forgotten")
	}
}
