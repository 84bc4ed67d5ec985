package site_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/coopgraph/coopgraph/internal/stage"
)

// hammer starts clients that each ask base for paths, in turn and without pause, until the returned
// stop is called; stop reports how many requests were made, how many were answered 404, and
// the first of those.
func hammer(t *testing.T, base string, clients int, paths []string) func() (int64, int64, []string) {
	t.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	c := &http.Client{Transport: tr, CheckRedirect: client.CheckRedirect}
	var requests, missing atomic.Int64
	var mu sync.Mutex
	var first []string
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				p := paths[i%len(paths)]
				req, _ := http.NewRequest(http.MethodHead, base+p, nil)
				req.Header.Set("Accept", "text/turtle")
				resp, err := c.Do(req)
				if err != nil {
					t.Errorf("HEAD /%s: %v", p, err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				requests.Add(1)
				if resp.StatusCode == http.StatusNotFound {
					missing.Add(1)
					mu.Lock()
					if len(first) < 10 {
						first = append(first, "/"+p)
					}
					mu.Unlock()
				}
			}
		}()
	}
	return func() (int64, int64, []string) {
		close(done)
		wg.Wait()
		tr.CloseIdleConnections()
		return requests.Load(), missing.Load(), first
	}
}

// TestServeDuringExports runs exports into the folder coopgraph serve is serving while clients
// ask, without pause, for files and IRIs that every one of those exports holds: none may be
// answered 404 (an export swaps the new folder in and removes the old one, which a request may
// have opened just before).
func TestServeDuringExports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs several exports")
	}
	out := filepath.Join(t.TempDir(), "exports")
	exportDir(t, out, dataDir())
	base := serve(t, out)
	m := model(t, dataDir())
	var paths []string
	for _, id := range m.ids {
		paths = append(paths, "id/"+id, "id/"+id+".html", "id/"+id+".ttl", "murmurations/"+id+".json")
	}
	paths = append(paths, "", "index.html", "coops.ttl", "coops.nt.gz", "void.ttl", "SHA256SUMS", "ontology", "dataset", "dataset/directory", "datasets/directory.void.ttl")
	stop := hammer(t, base, 16, paths)
	const exports = 10
	for range exports {
		exportDir(t, out, dataDir())
	}
	requests, missing, first := stop()
	t.Logf("%d requests during %d exports, %d answered 404", requests, exports, missing)
	if missing > 0 {
		t.Errorf("%d of %d requests for files every export holds were answered 404, such as %v", missing, requests, first)
	}
	if requests < exports {
		t.Errorf("only %d requests were made during %d exports", requests, exports)
	}
}

// TestServeDuringSwaps swaps folders into the served folder the way export does (the new
// folder built beside it, exchanged with it in one step, the old one removed), a thousand
// times and without export's syncs in between, while clients ask for the files every folder
// holds: none may be answered 404. It opens the race of TestServeDuringExports many more times
// than the few exports that test can afford.
func TestServeDuringSwaps(t *testing.T) {
	if testing.Short() {
		t.Skip("swaps a folder a thousand times")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "exports")
	var files []string
	for i := range 10 {
		files = append(files, fmt.Sprintf("id/c%02d.ttl", i), fmt.Sprintf("id/c%02d.html", i))
	}
	files = append(files, "coops.ttl", "index.html")
	build := func(d string) {
		if err := os.MkdirAll(filepath.Join(d, "id"), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(d, f), []byte(f), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	build(out)
	base := serve(t, out)
	paths := []string{"", "coops.ttl"}
	for i := range 10 {
		paths = append(paths, fmt.Sprintf("id/c%02d", i), fmt.Sprintf("id/c%02d.html", i))
	}
	stop := hammer(t, base, 8, paths)
	const swaps = 1000
	next := filepath.Join(dir, ".exports.staging")
	for range swaps {
		build(next)
		if err := stage.ExchangeDirs(next, out); err != nil {
			stop()
			t.Skipf("no atomic exchange of folders here: %v", err)
		}
		if err := os.RemoveAll(next); err != nil {
			t.Fatal(err)
		}
	}
	requests, missing, first := stop()
	t.Logf("%d requests during %d swaps, %d answered 404", requests, swaps, missing)
	if missing > 0 {
		t.Errorf("%d of %d requests for files every folder holds were answered 404, such as %v", missing, requests, first)
	}
}
