package dataset_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/dataset"
)

var manifest = &dataset.Manifest{
	Name: "example", Title: "Example data", Source: "https://example.org/data",
	License: "https://opendatacommons.org/licenses/by/1-0/", Attribution: "Contains example data",
	File: "example.csv", SHA256: strings.Repeat("ab", 32), Format: "dcc-csv",
}

func write(t *testing.T, dir string, recs map[string][]byte) {
	t.Helper()
	b, err := manifest.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := dataset.Write(dir, b, recs); err != nil {
		t.Fatal(err)
	}
}

func TestManifestRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "example")
	write(t, dir, nil)
	got, l := dataset.LoadManifest(dir)
	if got == nil || l.HasErrors() {
		t.Fatalf("%v", l)
	}
	if *got != *manifest {
		t.Errorf("read back %+v, want %+v", got, manifest)
	}
	// A dataset.yaml whose name is not its folder's, or with a relative source, is refused.
	for _, c := range [][2]string{{"name: example", "name: other"}, {"source: https://example.org/data", "source: /data"}, {"license: https", "licence: https"}} {
		b, _ := manifest.Marshal()
		bad := strings.Replace(string(b), c[0], c[1], 1)
		if m, l := dataset.ParseManifest("dataset.yaml", "example", []byte(bad)); m != nil || !l.HasErrors() {
			t.Errorf("%q accepted", c[1])
		}
	}
}

func TestCompareAndWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "example")
	man, _ := manifest.Marshal()
	v1 := map[string][]byte{"a": []byte("id: a\n"), "b": []byte("id: b\n"), "c": []byte("id: c\n")}
	ch, err := dataset.Compare(dir, man, v1)
	if err != nil || fmt.Sprint(ch.Added) != "[a b c]" || !ch.Manifest {
		t.Fatalf("new folder: %+v %v", ch, err)
	}
	write(t, dir, v1)
	if ch, err := dataset.Compare(dir, man, v1); err != nil || !ch.None() || ch.Unchanged != 3 {
		t.Fatalf("same records: %+v %v", ch, err)
	}
	v2 := map[string][]byte{"a": []byte("id: a\n"), "b": []byte("id: b\nname: B\n"), "d": []byte("id: d\n")}
	ch, err = dataset.Compare(dir, man, v2)
	if err != nil || fmt.Sprint(ch.Added, ch.Changed, ch.Removed, ch.Unchanged, ch.Manifest) != "[d] [b] [c] 1 false" {
		t.Fatalf("changes: %+v %v", ch, err)
	}
	write(t, dir, v2)
	entries, _ := os.ReadDir(filepath.Join(dir, dataset.RecordsDir))
	if len(entries) != 3 {
		t.Errorf("records after the second write: %v", entries)
	}
	if stale, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".*")); len(stale) > 0 {
		t.Errorf("staging left behind: %v", stale)
	}
	// A file the import did not write makes the folder off limits.
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	if _, err := dataset.Compare(dir, man, v2); !errors.Is(err, dataset.ErrForeignFolder) {
		t.Errorf("foreign file: %v", err)
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "x.yaml"), []byte("id: x\n"), 0o644)
	if _, err := dataset.Compare(other, man, v2); !errors.Is(err, dataset.ErrForeignFolder) {
		t.Errorf("a folder of records: %v", err)
	}
}

func TestSplit(t *testing.T) {
	root := t.TempDir()
	ds := filepath.Join(root, "imported", "example")
	write(t, ds, map[string][]byte{"a": []byte("id: a\n")})
	write(t, filepath.Join(root, "imported", "second"), nil)
	coops := filepath.Join(root, "coops")
	os.MkdirAll(coops, 0o755)
	os.WriteFile(filepath.Join(coops, "x.yaml"), nil, 0o644)
	rec := filepath.Join(ds, dataset.RecordsDir, "a.yaml")
	for _, c := range []struct {
		in             []string
		records, descs string
	}{
		{[]string{coops}, "[" + coops + "]", "[]"},
		{[]string{ds}, "[]", "[" + ds + ":all]"},
		{[]string{filepath.Join(ds, dataset.RecordsDir)}, "[]", "[" + ds + ":all]"},
		{[]string{rec}, "[]", "[" + ds + ":[" + rec + "]]"},
		{[]string{rec, ds}, "[]", "[" + ds + ":all]"},
		{[]string{filepath.Join(root, "imported"), filepath.Join(coops, "x.yaml")}, "[" + filepath.Join(coops, "x.yaml") + "]", "[" + ds + ":all " + filepath.Join(root, "imported", "second") + ":all]"},
		{[]string{filepath.Join(root, "missing")}, "[" + filepath.Join(root, "missing") + "]", "[]"},
	} {
		records, datasets := dataset.Split(c.in)
		var descs []string
		for _, d := range datasets {
			if d.Files == nil {
				descs = append(descs, d.Dir+":all")
			} else {
				descs = append(descs, d.Dir+":"+fmt.Sprint(d.Files))
			}
		}
		if fmt.Sprint(records) != c.records || fmt.Sprint(descs) != c.descs {
			t.Errorf("Split(%v) = %v %v, want %s %s", c.in, records, descs, c.records, c.descs)
		}
	}
	if found := dataset.Find(filepath.Join(root, "imported")); len(found) != 2 || found[0].Name() != "example" {
		t.Errorf("Find: %v", found)
	}
}
