package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/synth"
	"github.com/coopgraph/coopgraph/vocab"
)

type listing struct {
	paths, names []string
}

func list(set *pipeline.Set) listing {
	var l listing
	for i := 0; i < set.Len(); i++ {
		l.paths = append(l.paths, set.Path(i))
		l.names = append(l.names, set.Name(i))
	}
	return l
}

// spillFixture makes a folder of synthetic records with the cases that involve several
// records (a duplicate id in another syntax, related ids that do not exist, websites given
// twice), and a second folder holding more files of the same names.
func spillFixture(t *testing.T) []string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "records")
	if _, err := synth.Write(context.Background(), dir, synth.Options{N: 700, Seed: 5}, 0); err != nil {
		t.Fatal(err)
	}
	g := synth.New(synth.Options{N: 700, Seed: 5})
	// The same id as a JSON file, a dangling related id, and the website of another record.
	os.WriteFile(filepath.Join(dir, g.ID(10)+".json"), []byte(`{"id": "`+g.ID(10)+`"}`), 0o644)
	rec := strings.Replace(string(g.Record(nil, 20)), "updated:", "related: [no-such-record]\nupdated:", 1)
	if !strings.Contains(rec, "no-such-record") || strings.Count(rec, "related:") > 1 {
		rec = strings.Replace(string(g.Record(nil, 21)), "updated:", "related: [no-such-record]\nupdated:", 1)
		os.WriteFile(filepath.Join(dir, g.FileName(21)), []byte(rec), 0o644)
	} else {
		os.WriteFile(filepath.Join(dir, g.FileName(20)), []byte(rec), 0o644)
	}
	for _, k := range []int{30, 31, 500} {
		src := string(g.Record(nil, k))
		src = strings.Replace(src, `website: "https://www.`+g.ID(k)+`.example/"`, `website: "https://shared.example/"`, 1)
		os.WriteFile(filepath.Join(dir, g.FileName(k)), []byte(src), 0o644)
	}
	other := filepath.Join(t.TempDir(), "more")
	os.Mkdir(other, 0o755)
	for i := 0; i < 50; i++ {
		os.WriteFile(filepath.Join(other, fmt.Sprintf("zz-%02d.yaml", i)), []byte(record(fmt.Sprintf("zz-%02d", i))), 0o644)
	}
	os.WriteFile(filepath.Join(other, g.FileName(3)), g.Record(nil, 3), 0o644)
	return []string{dir, other}
}

// TestSpilledSetIsTheSame: a set too large for memory (here: over 64 files) lists the same
// paths and names in the same order as one held in memory, finds the same ids, and the
// pipeline over it gives the same triples and the same diagnostics, cross-record ones included.
func TestSpilledSetIsTheSame(t *testing.T) {
	inputs := spillFixture(t)
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	run := func(set *pipeline.Set) (diag.List, []string) {
		var out []string
		diags, _, err := pipeline.Run(set, v, pipeline.Options{Mapper: mapping.New(vocab.DefaultBase), Workers: 3}, func(it *pipeline.Item) error {
			for _, tr := range it.Triples {
				out = append(out, tr.S.Value+" "+tr.P.Value+" "+tr.O.Value)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return diags, out
	}
	mem, l := pipeline.Scan(inputs)
	if len(l) > 0 {
		t.Fatal(l)
	}
	memList := list(mem)
	memDiags, memTriples := run(mem)

	restore := pipeline.SetSpillAt(64)
	defer restore()
	disk, l := pipeline.Scan(inputs)
	if len(l) > 0 {
		t.Fatal(l)
	}
	defer disk.Close()
	diskList := list(disk)
	if !slices.Equal(memList.paths, diskList.paths) || !slices.Equal(memList.names, diskList.names) {
		t.Fatalf("the spilled set lists %d files otherwise than the one in memory (%d)", len(diskList.paths), len(memList.paths))
	}
	if !slices.IsSorted(diskList.names) {
		t.Error("names out of order")
	}
	for _, id := range append(slices.Clone(memList.names), "a", "zzz", "c0000", "no-such-record", "zz-5", "zz-05x", "") {
		if mem.Has(id) != disk.Has(id) {
			t.Errorf("Has(%q): %v in memory, %v spilled", id, mem.Has(id), disk.Has(id))
		}
	}
	diskDiags, diskTriples := run(disk)
	if !slices.Equal(memTriples, diskTriples) {
		t.Error("the pipeline gives other triples over the spilled set")
	}
	render := func(l diag.List) []string {
		var out []string
		for _, d := range l {
			out = append(out, d.Error())
		}
		return out
	}
	if !slices.Equal(render(memDiags), render(diskDiags)) {
		t.Errorf("diagnostics differ:\n%s\n---\n%s", strings.Join(render(memDiags), "\n"), strings.Join(render(diskDiags), "\n"))
	}
	codes := map[string]int{}
	for _, d := range diskDiags {
		codes[d.Code]++
	}
	if codes["duplicate-id"] < 2 || codes["related"] == 0 || codes["duplicate-website"] != 1 { // one warning per shared website
		t.Errorf("the cross-record cases are not all found: %v", codes)
	}
	if err := disk.Close(); err != nil {
		t.Error(err)
	}
}
