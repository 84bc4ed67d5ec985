package site_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/site"
)

// TestUnchangedFilesKeepTheirETags: an export into the folder of an earlier one leaves the files
// whose bytes did not change as they were, so that serve (and Apache, from the same time and
// size) answers them with the same ETag and Last-Modified, and caches revalidate them with a
// 304; a file that changed gets a new ETag.
func TestUnchangedFilesKeepTheirETags(t *testing.T) {
	data := filepath.Join(t.TempDir(), "coops")
	if err := os.CopyFS(data, os.DirFS(dataDir())); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "exports")
	exportDir(t, out, data)
	type file struct {
		data []byte
		etag string
	}
	snapshot := func() map[string]file {
		t.Helper()
		files := map[string]file{}
		err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(out, p)
			files[filepath.ToSlash(rel)] = file{b, site.ETag(fi.Size(), fi.ModTime())}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	before := snapshot()
	rec := filepath.Join(data, "fairmondo.yaml")
	b, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("\nname: Fairmondo\n")) {
		t.Fatal("data/coops/fairmondo.yaml has no plain 'name: Fairmondo' line to change")
	}
	if err := os.WriteFile(rec, bytes.Replace(b, []byte("\nname: Fairmondo\n"), []byte("\nname: Fairmondo eG\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	exportDir(t, out, data)
	after := snapshot()
	kept, changed := 0, 0
	for name, a := range after {
		o, ok := before[name]
		if !ok {
			continue
		}
		same := bytes.Equal(o.data, a.data)
		if same != (o.etag == a.etag) {
			t.Errorf("%s: bytes unchanged %v, ETag %s then %s", name, same, o.etag, a.etag)
		}
		if same {
			kept++
		} else {
			changed++
		}
	}
	if a, o := after["id/fairmondo.html"], before["id/fairmondo.html"]; a.etag == o.etag || !strings.Contains(string(a.data), "Fairmondo eG") {
		t.Errorf("the renamed co-op's page: ETag %s then %s", o.etag, a.etag)
	}
	if other := after["id/stocksy-united.ttl"]; other.etag != before["id/stocksy-united.ttl"].etag {
		t.Error("a co-op that did not change got a new ETag for its Turtle document")
	}
	t.Logf("%d files kept their ETag, %d changed", kept, changed)
	if kept == 0 || changed == 0 {
		t.Errorf("%d files kept, %d changed: want some of each", kept, changed)
	}
}
