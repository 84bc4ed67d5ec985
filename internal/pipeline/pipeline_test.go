package pipeline_test

import (
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
	"github.com/coopgraph/coopgraph/vocab"
)

func record(id string, related ...string) string {
	rel := ""
	if len(related) > 0 {
		rel = "related: [" + strings.Join(related, ", ") + "]\n"
	}
	return fmt.Sprintf(`id: %s
name: Co-op %s
status: operating
sectors: [music]
description:
  en: A test co-op.
website: https://%s.example/
%ssources:
  - url: https://source.example/
    quote: A quote.
`, id, id, id, rel)
}

func TestScanSortsAndFilters(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b.yaml", "a-b.yml", "a.json", ".hidden.yaml", "notes.txt", "c.YAML"} {
		os.WriteFile(filepath.Join(dir, n), []byte("{}"), 0o644)
	}
	os.Mkdir(filepath.Join(dir, "sub.yaml"), 0o755)
	set, l := pipeline.Scan([]string{dir})
	// What is not read is named: the hidden record file, the file of another kind, the folder.
	var ignored []string
	for _, d := range l {
		if d.Severity != diag.Warning || d.Code != "ignored" {
			t.Errorf("unexpected %v", d)
		}
		ignored = append(ignored, filepath.Base(d.File))
	}
	slices.Sort(ignored)
	if want := []string{".hidden.yaml", "notes.txt", "sub.yaml"}; !slices.Equal(ignored, want) {
		t.Errorf("ignored %v, want %v", ignored, want)
	}
	var names []string
	for i := 0; i < set.Len(); i++ {
		names = append(names, set.Name(i))
	}
	if want := []string{"a", "a-b", "b", "c"}; !slices.Equal(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
	if !set.Has("a-b") || set.Has("d") || set.Has("a-") {
		t.Error("Has")
	}
	if _, l := pipeline.Scan([]string{filepath.Join(dir, "missing")}); !l.HasErrors() {
		t.Error("a missing path gave no diagnostic")
	}
}

// TestRunDeliversInOrderWhateverTheWorkers feeds many records through 1 and 8 workers and
// compares what the consumer sees.
func TestRunDeliversInOrderWhateverTheWorkers(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 300; i++ {
		id := fmt.Sprintf("coop-%03d", (i*7919)%300)
		os.WriteFile(filepath.Join(dir, id+".yaml"), []byte(record(id)), 0o644)
	}
	v, _ := schema.New()
	set, _ := pipeline.Scan([]string{dir})
	run := func(workers int) []string {
		var out []string
		diags, stats, err := pipeline.Run(set, v, pipeline.Options{Mapper: mapping.New(vocab.DefaultBase), Workers: workers}, func(it *pipeline.Item) error {
			for _, tr := range it.Triples {
				out = append(out, tr.S.Value+" "+tr.P.Value+" "+tr.O.Value)
			}
			return nil
		})
		if err != nil || len(diags) > 0 || stats.Records != 300 {
			t.Fatalf("workers=%d: %v %v %+v", workers, err, diags, stats)
		}
		return out
	}
	one, many := run(1), run(8)
	if !slices.Equal(one, many) {
		t.Error("output depends on the number of workers")
	}
}

// TestRunStopsOnAConsumerError: the consumer's error ends the run early, whatever the workers
// were doing (they may be a window ahead), and Run returns it.
func TestRunStopsOnAConsumerError(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 200; i++ {
		id := fmt.Sprintf("coop-%03d", i)
		os.WriteFile(filepath.Join(dir, id+".yaml"), []byte(record(id)), 0o644)
	}
	v, _ := schema.New()
	set, _ := pipeline.Scan([]string{dir})
	for _, workers := range []int{1, 2, 5} {
		for _, stopAt := range []int{0, 3, 150, 199} {
			var seen []int
			errFull := fmt.Errorf("disk full")
			_, stats, err := pipeline.Run(set, v, pipeline.Options{Mapper: mapping.New(vocab.DefaultBase), Workers: workers}, func(it *pipeline.Item) error {
				seen = append(seen, it.Index)
				if it.Index == stopAt {
					return errFull
				}
				return nil
			})
			if err != errFull {
				t.Errorf("workers=%d stop at %d: err %v", workers, stopAt, err)
			}
			if len(seen) != stopAt+1 || seen[len(seen)-1] != stopAt || stats.Records != stopAt+1 {
				t.Errorf("workers=%d stop at %d: consumer saw %d records (%+v)", workers, stopAt, len(seen), stats)
			}
		}
	}
}

func TestCrossRecordChecks(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(record("a", "b", "nowhere", "a")), 0o644)
	os.WriteFile(filepath.Join(dir, "b.yaml"), []byte(record("b")), 0o644)
	os.WriteFile(filepath.Join(dir, "b.json"), []byte(`{"id": "b"}`), 0o644)
	same := record("c")
	os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(same), 0o644)
	os.WriteFile(filepath.Join(dir, "d.yaml"), []byte(strings.ReplaceAll(record("d"), "https://d.example/", "https://c.example/")), 0o644)
	v, _ := schema.New()
	set, _ := pipeline.Scan([]string{dir})
	diags, _, _ := pipeline.Run(set, v, pipeline.Options{}, nil)
	want := map[string]bool{"related": false, "duplicate-website": false, "duplicate-id": false}
	for _, d := range diags {
		if _, ok := want[d.Code]; ok {
			want[d.Code] = true
		}
	}
	for code, seen := range want {
		if !seen {
			t.Errorf("no %s diagnostic in\n%v", code, diags)
		}
	}
}

// TestSharedWebsitesGrouped: one warning per shared website, at the first record giving it,
// naming at most five of the others and counting the rest.
func TestSharedWebsitesGrouped(t *testing.T) {
	dir := t.TempDir()
	write := func(id, site string) {
		os.WriteFile(filepath.Join(dir, id+".yaml"), []byte(strings.ReplaceAll(record(id), "https://"+id+".example/", site)), 0o644)
	}
	for _, id := range []string{"a1", "a2", "a3"} {
		write(id, "https://a.example/")
	}
	for i := range 8 {
		write(fmt.Sprintf("b%d", i), "http://www.b.example")
	}
	write("c", "https://c.example/")
	v, _ := schema.New()
	set, _ := pipeline.Scan([]string{dir})
	diags, _, _ := pipeline.Run(set, v, pipeline.Options{}, nil)
	var got []string
	for _, d := range diags {
		if d.Code == "duplicate-website" {
			got = append(got, strings.ReplaceAll(d.Error(), dir+"/", ""))
		}
	}
	want := []string{
		"a1.yaml:7:10: warning: website: the website https://a.example/ is shared by 3 records: also a2.yaml, a3.yaml",
		"b0.yaml:7:10: warning: website: the website http://www.b.example is shared by 8 records: also b1.yaml, b2.yaml, b3.yaml, b4.yaml, b5.yaml and 2 more",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRunOnly: with Options.Only, the records listed are delivered, in order, and nothing
// else; their related ids are checked against the whole set.
func TestRunOnly(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 50; i++ {
		id := fmt.Sprintf("coop-%03d", i)
		rel := []string{fmt.Sprintf("coop-%03d", (i+1)%50)}
		if i == 30 {
			rel = append(rel, "nowhere")
		}
		os.WriteFile(filepath.Join(dir, id+".yaml"), []byte(record(id, rel...)), 0o644)
	}
	v, _ := schema.New()
	set, _ := pipeline.Scan([]string{dir})
	only := []int{3, 4, 30, 49}
	var got []int
	diags, stats, err := pipeline.Run(set, v, pipeline.Options{Workers: 2, Only: only}, func(it *pipeline.Item) error {
		got = append(got, it.Index)
		return nil
	})
	if err != nil || stats.Records != len(only) || !slices.Equal(got, only) {
		t.Fatalf("delivered %v (%+v, %v), want %v", got, stats, err, only)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Message, `no record has the id "nowhere"`) || filepath.Base(diags[0].File) != "coop-030.yaml" {
		t.Errorf("diagnostics %v", diags)
	}
}
