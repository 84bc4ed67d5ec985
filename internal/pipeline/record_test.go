package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	recordpkg "github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/synth"
	"github.com/coopgraph/coopgraph/vocab"
)

// TestPathIsRunsPath: a record taken through Path.Check from its bytes gets exactly what Run
// gives it from its file (triples, or the same diagnostics), for synthetic records and for the
// hostile corpus of the command line's tests.
func TestPathIsRunsPath(t *testing.T) {
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	m := mapping.New(vocab.DefaultBase)
	opt := recordpkg.Options{ThisYear: 2026}
	path := &pipeline.Path{Validator: v, Record: opt, Mapper: m}

	dirs := map[string]string{}
	synthDir := t.TempDir()
	g := synth.New(synth.Options{N: 50, Seed: 3})
	for i := 0; i < 50; i++ {
		if err := os.WriteFile(filepath.Join(synthDir, g.FileName(i)), g.Record(nil, i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dirs["synthetic"] = synthDir
	ents, err := os.ReadDir("../cli/testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			dirs[e.Name()] = filepath.Join("../cli/testdata/bad", e.Name())
		}
	}
	if len(dirs) < 20 {
		t.Fatalf("only %d cases: is ../cli/testdata/bad there?", len(dirs))
	}
	for name, dir := range dirs {
		t.Run(name, func(t *testing.T) {
			set, sl := pipeline.Scan([]string{dir})
			defer set.Close()
			if sl.HasErrors() {
				t.Skipf("not scanned: %v", sl)
			}
			_, _, err := pipeline.Run(set, v, pipeline.Options{Mapper: m, Record: opt, Workers: 2}, func(it *pipeline.Item) error {
				src, err := os.ReadFile(it.File)
				if err != nil {
					return nil // refused by the reader (too large, not a regular file): no bytes to compare
				}
				c := path.Check(it.File, src, nil)
				if (c.Record == nil) != (it.Record == nil) {
					return fmt.Errorf("%s: Path accepts %v, Run accepts %v", it.File, c.Record != nil, it.Record != nil)
				}
				// Run adds what involves other records to the item's diagnostics.
				own := slices.DeleteFunc(slices.Clone(it.Diags), func(d diag.Diagnostic) bool {
					return d.Code == "duplicate-id" || d.Code == "related"
				})
				if fmt.Sprint(c.Diags) != fmt.Sprint(own) {
					return fmt.Errorf("%s: Path says %v, Run says %v", it.File, c.Diags, own)
				}
				if it.Record != nil && !slices.Equal(c.Triples, it.Triples) {
					return fmt.Errorf("%s: Path maps to %d triples, Run to %d", it.File, len(c.Triples), len(it.Triples))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
