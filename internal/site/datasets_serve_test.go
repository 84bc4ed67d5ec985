package site_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/site"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
)

// datasetCSV is a made-up dataset in the Data Commons Co-op's standard CSV.
const datasetCSV = "Identifier,Name,Description,Locality,Country ID,Website,Latitude,Longitude\r\n" +
	"F1,Example Bakery Co-operative,Bakes bread.,Exampletown,GB,https://example.org/bakery,50.72,-3.53\r\n" +
	"F2,Example Housing Co-op,,Exampletown,GB,,,\r\n"

// exportWithDataset imports datasetCSV as the dataset "example" and exports it with data/coops
// into a new folder, which it returns. The documents of the dataset's records and its page are
// the site's (package site); where the export has not written them, stand-ins are written (a
// copy of a co-op's documents), since what is tested here is how their IRIs are answered.
func exportWithDataset(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	csv := filepath.Join(dir, "example.csv")
	if err := os.WriteFile(csv, []byte(datasetCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	ds := filepath.Join(dir, "imported", "example")
	if code, stderr := runCLI(t, "import", "dcc-csv", "--into", ds, "--source", "https://example.org/open-data",
		"--license", "https://opendatacommons.org/licenses/by/1-0/", "--attribution", "Contains test data", csv); code != 0 {
		t.Fatalf("import exited %d:\n%s", code, stderr)
	}
	out := filepath.Join(dir, "exports")
	exportDir(t, out, dataDir(), ds)
	stand := func(name, from string) {
		p := filepath.Join(out, name)
		if _, err := os.Stat(p); err == nil {
			return
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, read(t, filepath.Join(out, from)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, ext := range []string{".html", ".ttl", ".jsonld", ".nt"} {
		stand("id/example/f1"+ext, "id/stocksy-united"+ext)
	}
	stand("datasets/example.html", "index.html")
	return out
}

// TestServeDatasetIRIs: coopgraph serve answers the publication's IRI (<base>dataset), each
// dataset's (<base>dataset/directory, <base>dataset/example) and an imported record's
// (<base>id/example/f1) with a 303 to the document the Accept header asks for; each RDF
// description, as rapper and jsonld.js read it, describes the IRI asked for as a void:Dataset;
// every file has its registered media type.
func TestServeDatasetIRIs(t *testing.T) {
	out := exportWithDataset(t)
	base := serve(t, out)
	tmp := t.TempDir()
	var jsonld []string
	jsonldIRI := map[string]string{}
	for _, c := range []struct{ path, accept, want string }{
		{"dataset", "text/turtle", "/void.ttl"},
		{"dataset", "application/ld+json", "/void.jsonld"},
		{"dataset", "application/n-triples", "/void.nt"},
		{"dataset", browserAccept, "/index.html"},
		{"dataset/", "", "/index.html"},
		{"dataset/directory", "text/turtle", "/datasets/directory.void.ttl"},
		{"dataset/directory", "application/json", "/datasets/directory.void.jsonld"},
		{"dataset/directory", "application/n-triples", "/datasets/directory.void.nt"},
		{"dataset/directory", browserAccept, "/index.html"},
		{"dataset/example", "text/turtle", "/datasets/example.void.ttl"},
		{"dataset/example", "application/ld+json", "/datasets/example.void.jsonld"},
		{"dataset/example", "application/n-triples;q=0.9, text/turtle;q=0.5", "/datasets/example.void.nt"},
		{"dataset/example", browserAccept, "/datasets/example.html"},
		{"id/example/f1", "text/turtle", "/id/example/f1.ttl"},
		{"id/example/f1", "", "/id/example/f1.html"},
		{"id/example/f1", "application/n-triples", "/id/example/f1.nt"},
	} {
		code, loc := location(t, base, c.path, c.accept)
		if code != http.StatusSeeOther || loc != c.want {
			t.Errorf("GET /%s, Accept %q: %d %q, want 303 %q", c.path, c.accept, code, loc, c.want)
			continue
		}
		resp, body := get(t, http.MethodGet, strings.TrimSuffix(base, "/")+loc, "")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != site.ContentType(loc) {
			t.Errorf("GET %s: %d %q", loc, resp.StatusCode, resp.Header.Get("Content-Type"))
			continue
		}
		if !strings.HasPrefix(c.path, "dataset") || strings.HasSuffix(loc, ".html") {
			continue
		}
		iri := vocab.DefaultBase + strings.TrimSuffix(c.path, "/")
		f := filepath.Join(tmp, strings.ReplaceAll(strings.TrimPrefix(loc, "/"), "/", "_"))
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(loc, ".jsonld") {
			jsonld = append(jsonld, f)
			jsonldIRI[f] = iri
			continue
		}
		if !describes(testkit.Rapper(t, f), iri) {
			t.Errorf("%s (rapper) does not describe %s as a void:Dataset", loc, iri)
		}
	}
	for f, g := range testkit.JSEach(t, jsonld...) {
		if !describes(g, jsonldIRI[f]) {
			t.Errorf("%s (jsonld.js) does not describe %s as a void:Dataset", f, jsonldIRI[f])
		}
	}
	for _, c := range []struct{ path, accept string }{
		{"dataset/nothing", "text/turtle"}, {"dataset/Example", ""}, {"dataset/example/", ""},
		{"dataset/../void.ttl", ""}, {"id/example/nothing", ""}, {"id/example/f1/x", ""}, {"id/nothing/f1", ""},
	} {
		if code, _ := location(t, base, c.path, c.accept); code != http.StatusNotFound {
			t.Errorf("GET /%s: %d, want 404", c.path, code)
		}
	}
	for name, ct := range map[string]string{
		"datasets/example.nq": "application/n-quads", "datasets/example.ttl": "text/turtle; charset=utf-8",
		"datasets/example.nt": "application/n-triples", "datasets/example.jsonld": "application/ld+json",
		"void.jsonld": "application/ld+json", "void.nt": "application/n-triples",
	} {
		if site.ContentType(name) != ct {
			t.Errorf("ContentType(%s) = %q, want %q", name, site.ContentType(name), ct)
		}
		resp, body := get(t, http.MethodGet, base+name, "")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ct || string(body) != string(read(t, filepath.Join(out, name))) {
			t.Errorf("GET /%s: %d %q, want 200 %q and the file", name, resp.StatusCode, resp.Header.Get("Content-Type"), ct)
		}
	}
}

// describes reports whether g says iri is a void:Dataset.
func describes(g testkit.Graph, iri string) bool {
	want := testkit.Graph{}
	if err := want.Add(rdf.Triple{S: rdf.NewIRI(iri), P: rdf.NewIRI(vocab.RDFType), O: rdf.NewIRI(vocab.VOIDDataset)}); err != nil {
		panic(err)
	}
	for l := range want {
		_, ok := g[l]
		return ok
	}
	return false
}

// TestHtaccessDatasetIRIs: on a real Apache httpd, the .htaccess answers the publication's, the
// datasets' and an imported record's IRIs as coopgraph serve does, for the Accept headers
// clients send, also with the folder below the root of the host; unknown datasets get 404;
// N-Quads get their media type.
func TestHtaccessDatasetIRIs(t *testing.T) {
	out := exportWithDataset(t)
	a := apache(t, out)
	s := serve(t, out)
	accepts := []string{
		"", "*/*", browserAccept, "text/html", "text/turtle", "application/x-turtle", "application/ld+json",
		"application/json", "application/n-triples", "text/turtle, application/rdf+xml;q=0.9, */*;q=0.1",
		"application/ld+json;q=0.9, application/n-triples", "text/html;q=0, text/turtle;q=0.5",
	}
	for _, p := range []string{"dataset", "dataset/", "dataset/directory", "dataset/example", "id/example/f1"} {
		for _, accept := range accepts {
			ac, al := location(t, a, p, accept)
			sc, sl := location(t, s, p, accept)
			if ac != 303 || ac != sc || al != sl {
				t.Errorf("GET /%s, Accept %q: Apache %d %q, serve %d %q", p, accept, ac, al, sc, sl)
			}
		}
	}
	for _, p := range []string{"dataset/nothing", "dataset/Example", "id/example/nothing", "id/nothing/f1"} {
		if code, _ := location(t, a, p, "text/turtle"); code != http.StatusNotFound {
			t.Errorf("Apache, GET /%s: %d, want 404", p, code)
		}
	}
	for _, name := range []string{"datasets/example.nq", "datasets/example.ttl", "datasets/example.void.jsonld", "void.nt", "murmurations/stocksy-united.json"} {
		resp, _ := get(t, http.MethodGet, a+name, "")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != site.ContentType(name) {
			t.Errorf("Apache, GET /%s: %d %q, want 200 %q", name, resp.StatusCode, resp.Header.Get("Content-Type"), site.ContentType(name))
		}
	}
	// Every format of the registry, as serve gives it.
	for _, f := range format.All() {
		name := "any" + f.Ext
		if err := os.WriteFile(filepath.Join(out, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		ar, _ := get(t, http.MethodGet, a+name, "")
		sr, _ := get(t, http.MethodGet, s+name, "")
		if ar.Header.Get("Content-Type") != sr.Header.Get("Content-Type") || sr.Header.Get("Content-Type") != site.ContentType(name) {
			t.Errorf("%s (%s): Apache %q, serve %q, want %q", name, f.Name, ar.Header.Get("Content-Type"), sr.Header.Get("Content-Type"), site.ContentType(name))
		}
	}
	sub := apache(t, filepath.Dir(out))
	for _, c := range []struct{ path, accept, want string }{
		{"exports/dataset", "text/turtle", "/exports/void.ttl"},
		{"exports/dataset", browserAccept, "/exports/index.html"},
		{"exports/dataset/example", "application/ld+json", "/exports/datasets/example.void.jsonld"},
		{"exports/dataset/example", browserAccept, "/exports/datasets/example.html"},
		{"exports/dataset/directory", browserAccept, "/exports/index.html"},
		{"exports/id/example/f1", "text/turtle", "/exports/id/example/f1.ttl"},
	} {
		if code, l := location(t, sub, c.path, c.accept); code != 303 || l != c.want {
			t.Errorf("Apache at /exports/, GET /%s: %d %q, want 303 %q", c.path, code, l, c.want)
		}
	}
}
