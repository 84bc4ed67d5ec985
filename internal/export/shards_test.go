package export_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/vocab"
)

// TestShards: --shard-triples N splits the N-Triples dump, in order, into gzip files of at most
// N triples whose concatenation is the dump; the shards are byte-identical from run to run and
// carry no file name or time.
func TestShards(t *testing.T) {
	const n = 60
	var runs [2]string
	for i := range runs {
		runs[i] = filepath.Join(t.TempDir(), "exports")
		if _, err := export.Run(export.Options{
			Inputs: []string{dataDir()}, Out: runs[i], Base: vocab.DefaultBase,
			Formats: format.RDF(format.Defaults()), Record: record.Options{ThisYear: 2026}, ShardTriples: n,
		}); err != nil {
			t.Fatal(err)
		}
	}
	dump := read(t, filepath.Join(runs[0], "coops.nt"))
	lines := bytes.Count(dump, []byte("\n"))
	want := (lines + n - 1) / n
	var all bytes.Buffer
	for i := 1; i <= want; i++ {
		name := export.ShardName(i)
		b := read(t, filepath.Join(runs[0], name))
		if !bytes.Equal(b, read(t, filepath.Join(runs[1], name))) {
			t.Errorf("%s differs between two runs", name)
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if zr.Name != "" || !zr.ModTime.IsZero() {
			t.Errorf("%s carries a name %q or a time %v", name, zr.Name, zr.ModTime)
		}
		part, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if c := bytes.Count(part, []byte("\n")); c > n || c == 0 || (i < want && c != n) {
			t.Errorf("%s holds %d triples", name, c)
		}
		all.Write(part)
	}
	if !bytes.Equal(all.Bytes(), dump) {
		t.Errorf("the shards together are not coops.nt")
	}
	if _, err := os.Stat(filepath.Join(runs[0], export.ShardName(want+1))); err == nil {
		t.Errorf("more shards than needed")
	}
	if export.ShardName(1) != "coops-00001.nt.gz" {
		t.Errorf("shard name %s", export.ShardName(1))
	}
}
