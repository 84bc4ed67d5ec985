package site_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/testkit"
)

// client does not follow redirects: the tests look at each 303 themselves.
var client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, method, url, accept string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

// TestServeEveryCoop starts `coopgraph serve` on the exports of data/coops, asks for every
// co-op's IRI with each Accept header a client sends, follows the 303, checks the media type,
// and reads each answer with a parser of its syntax that coopgraph does not own: rapper for
// Turtle and N-Triples, jsonld.js for JSON-LD, HTML Tidy and the HTML5 parser for pages (whose
// embedded JSON-LD json-gold reads). Each must give the co-op's document graph.
func TestServeEveryCoop(t *testing.T) {
	out := realExports(t)
	m := model(t, dataDir())
	base := serve(t, out)
	dir := t.TempDir()
	cases := []struct {
		accept, ext, contentType string
	}{
		{"text/turtle", ".ttl", "text/turtle; charset=utf-8"},
		{"application/ld+json", ".jsonld", "application/ld+json"},
		{"application/n-triples", ".nt", "application/n-triples"},
		{"text/html", ".html", "text/html; charset=utf-8"},
		{browserAccept, ".html", "text/html; charset=utf-8"},
		{"*/*", ".html", "text/html; charset=utf-8"},
		{"", ".html", "text/html; charset=utf-8"},
		{"application/rdf+xml;q=1, text/turtle;q=0.8, application/ld+json;q=0.5", ".ttl", "text/turtle; charset=utf-8"},
		{"application/ld+json;q=0.9, application/n-triples", ".nt", "application/n-triples"},
	}
	var allTTL, allNT bytes.Buffer
	jsonldFiles := map[string]string{} // file → id, read by jsonld.js in one process below
	for _, id := range m.ids {
		want := m.doc(t, id)
		checked := map[string]bool{}
		for _, c := range cases {
			resp, _ := get(t, http.MethodGet, base+"id/"+id, c.accept)
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || loc != "/id/"+id+c.ext {
				t.Errorf("GET /id/%s, Accept %q: %d %q, want 303 to /id/%s%s", id, c.accept, resp.StatusCode, loc, id, c.ext)
				continue
			}
			if !strings.Contains(resp.Header.Get("Vary"), "Accept") {
				t.Errorf("GET /id/%s: no Vary: Accept", id)
			}
			if checked[c.ext] {
				continue
			}
			checked[c.ext] = true
			resp, body := get(t, http.MethodGet, strings.TrimSuffix(base, "/")+loc, c.accept)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != c.contentType {
				t.Errorf("GET %s: %d %q, want 200 %q", loc, resp.StatusCode, resp.Header.Get("Content-Type"), c.contentType)
				continue
			}
			if !bytes.Equal(body, read(t, filepath.Join(out, "id", id+c.ext))) {
				t.Errorf("GET %s: not the file's bytes", loc)
			}
			f := filepath.Join(dir, id+c.ext)
			if err := os.WriteFile(f, body, 0o644); err != nil {
				t.Fatal(err)
			}
			var got testkit.Graph
			switch c.ext {
			case ".ttl":
				got = testkit.Rapper(t, f)
				allTTL.Write(body)
			case ".nt":
				got = testkit.Rapper(t, f)
				allNT.Write(body)
			case ".jsonld":
				jsonldFiles[f] = id
				continue
			case ".html":
				tidy(t, f)
				p := parsePage(t, body)
				if h1 := p.all("h1"); len(h1) != 1 || text(h1[0]) != m.records[id].Name {
					t.Errorf("%s: the h1 is not the co-op's name %q", loc, m.records[id].Name)
				}
				scripts := p.all("script", "type", "application/ld+json")
				if len(scripts) != 1 {
					t.Errorf("%s: %d JSON-LD scripts", loc, len(scripts))
					continue
				}
				var err error
				if got, err = testkit.JSONGold([]byte(text(scripts[0]))); err != nil {
					t.Errorf("%s: json-gold: %v", loc, err)
					continue
				}
			}
			if d := testkit.Diff(want, got); d != "" {
				t.Errorf("%s (Accept %q) is not the co-op's document:\n%s", loc, c.accept, d)
			}
		}
	}
	var files []string
	for f := range jsonldFiles {
		files = append(files, f)
	}
	slices.Sort(files)
	for f, g := range testkit.JSEach(t, files...) {
		if d := testkit.Diff(m.doc(t, jsonldFiles[f]), g); d != "" {
			t.Errorf("jsonld.js reads the served /id/%s.jsonld as another graph:\n%s", jsonldFiles[f], d)
		}
	}
	if len(files) != len(m.ids) {
		t.Errorf("%d JSON-LD documents served for %d co-ops", len(files), len(m.ids))
	}
	// Apache Jena riot reads all the served Turtle at once, and all the N-Triples.
	all := testkit.Graph{}
	for _, id := range m.ids {
		for l := range m.doc(t, id) {
			all[l] = struct{}{}
		}
	}
	for name, b := range map[string][]byte{"served.ttl": allTTL.Bytes(), "served.nt": allNT.Bytes()} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if d := testkit.Diff(all, testkit.Riot(t, p)); d != "" {
			t.Errorf("riot reads %s as another graph:\n%s", name, d)
		}
	}
}

// TestServeAnswers checks what serve answers besides co-ops: the ontology, files and their
// media types, and what it refuses.
func TestServeAnswers(t *testing.T) {
	out := t.TempDir()
	exportDir(t, filepath.Join(out, "exports"), dataDir())
	root := filepath.Join(out, "exports")
	// A secret beside the folder, a link to it inside, and a file the server must hide.
	if err := os.WriteFile(filepath.Join(out, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(out, "secret.txt"), filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSuffix(serve(t, root), "/")
	for _, c := range []struct {
		method, path, accept string
		status               int
		location, ctype      string
	}{
		{"GET", "/", "", 200, "", "text/html; charset=utf-8"},
		{"GET", "/index.html", "", 200, "", "text/html; charset=utf-8"},
		{"GET", "/ontology.html", "", 200, "", "text/html; charset=utf-8"},
		{"GET", "/coops.ttl", "", 200, "", "text/turtle; charset=utf-8"},
		{"GET", "/coops.nt", "", 200, "", "application/n-triples"},
		{"GET", "/coops.jsonld", "", 200, "", "application/ld+json"},
		{"GET", "/context.jsonld", "", 200, "", "application/ld+json"},
		{"HEAD", "/id/stocksy-united", "text/turtle", 303, "/id/stocksy-united.ttl", ""},
		{"HEAD", "/id/stocksy-united.html", "", 200, "", "text/html; charset=utf-8"},
		{"GET", "/ontology", "text/turtle", 303, "/ontology.ttl", ""},
		{"GET", "/ontology", browserAccept, 303, "/ontology.html", ""},
		{"GET", "/ontology/", "", 303, "/ontology.html", ""},
		{"GET", "/ontology/sector/art", browserAccept, 303, "/ontology.html#sector/art", ""},
		{"GET", "/ontology/PlatformCooperative", "text/turtle", 303, "/ontology.ttl", ""},
		{"GET", "/ontology", "application/ld+json", 406, "", ""},          // the ontology has no JSON-LD here
		{"GET", "/id/stocksy-united", "application/rdf+xml", 406, "", ""}, // nor RDF/XML
		{"GET", "/id/no-such-coop", "text/turtle", 404, "", ""},
		{"GET", "/id/Stocksy-United", "", 404, "", ""},
		{"GET", "/id/stocksy-united/", "", 404, "", ""},
		{"GET", "/id/..%2f..%2fsecret", "", 404, "", ""},
		{"GET", "/id/", "", 404, "", ""},
		{"GET", "/id", "", 404, "", ""},
		{"GET", "/.htaccess", "", 404, "", ""},
		{"GET", "/link.txt", "", 404, "", ""}, // a link out of the folder
		{"GET", "/ontology/..%2f..%2fsecret.txt", "", 404, "", ""},
		{"POST", "/id/stocksy-united", "", 405, "", ""},
		{"PUT", "/coops.ttl", "", 405, "", ""},
		{"DELETE", "/coops.ttl", "", 405, "", ""},
	} {
		resp, body := get(t, c.method, base+c.path, c.accept)
		if resp.StatusCode != c.status {
			t.Errorf("%s %s (Accept %q): %d, want %d", c.method, c.path, c.accept, resp.StatusCode, c.status)
			continue
		}
		if loc := resp.Header.Get("Location"); loc != c.location {
			t.Errorf("%s %s: Location %q, want %q", c.method, c.path, loc, c.location)
		}
		if c.ctype != "" && resp.Header.Get("Content-Type") != c.ctype {
			t.Errorf("%s %s: Content-Type %q, want %q", c.method, c.path, resp.Header.Get("Content-Type"), c.ctype)
		}
		if c.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow %q", c.method, c.path, resp.Header.Get("Allow"))
		}
		if c.method == "HEAD" && len(body) > 0 {
			t.Errorf("HEAD %s: a body", c.path)
		}
		if bytes.Contains(body, []byte("secret")) {
			t.Errorf("%s %s: the file outside the folder was served", c.method, c.path)
		}
	}
	// A raw request line with ".." segments, which an HTTP client would clean first.
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	raw, _ := io.ReadAll(conn)
	if !bytes.HasPrefix(raw, []byte("HTTP/1.1 404")) || bytes.Contains(raw, []byte("secret\n")) || bytes.HasSuffix(raw, []byte("secret")) {
		t.Errorf("GET /../secret.txt answered:\n%s", raw)
	}

	// An export while serving is served at once (the folder is swapped, not rewritten).
	exportDir(t, root, "--site=false", dataDir())
	if resp, _ := get(t, "GET", base+"/id/stocksy-united", "text/turtle"); resp.StatusCode != 404 {
		t.Errorf("after an export without the site: /id/stocksy-united answers %d, want 404", resp.StatusCode)
	}
	if resp, _ := get(t, "GET", base+"/coops.ttl", ""); resp.StatusCode != 200 {
		t.Errorf("after a new export: /coops.ttl answers %d", resp.StatusCode)
	}
}

// TestServeUsage: serve refuses a missing folder, extra arguments and a bad address.
func TestServeUsage(t *testing.T) {
	if code, _ := runCLI(t, "serve", filepath.Join(t.TempDir(), "nothing")); code != 1 {
		t.Errorf("a missing folder: exit %d, want 1", code)
	}
	if code, _ := runCLI(t, "serve", t.TempDir(), t.TempDir()); code != 2 {
		t.Errorf("two folders: exit %d, want 2", code)
	}
	if code, _ := runCLI(t, "serve", "--addr", "127.0.0.1:99999", t.TempDir()); code != 3 {
		t.Errorf("a bad address: exit %d, want 3", code)
	}
}
