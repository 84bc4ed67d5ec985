package schema

import (
	"testing"

	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/synth"
)

// BenchmarkValidate validates 1,000 parsed synthetic records against the directory's profile:
// through the compiled validator (and gojsonschema for what it does not accept), and through
// gojsonschema alone.
func BenchmarkValidate(b *testing.B) {
	v, err := New()
	if err != nil {
		b.Fatal(err)
	}
	g := synth.New(synth.Options{N: 1000, Seed: 1})
	docs := make([]*source.Document, g.N())
	for i := range docs {
		doc, l := source.Parse(g.FileName(i), source.YAML, g.Record(nil, i))
		if doc == nil {
			b.Fatal(l)
		}
		docs[i] = doc
	}
	for _, c := range []struct {
		name string
		v    *Validator
	}{{"compiled", v}, {"gojsonschema", v.WithoutCompiled()}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, doc := range docs {
					if l := c.v.Validate(doc); len(l) > 0 {
						b.Fatal(l)
					}
				}
			}
			b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
