package site_test

import (
	"flag"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/site"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the w3id.org folder's .htaccess")

// TestW3IDFolderIsCurrent: the committed .htaccess for w3id.org is what site.W3IDHtaccess gives
// for the published site (go test -update rewrites it).
func TestW3IDFolderIsCurrent(t *testing.T) {
	p := filepath.Join(testkit.Root(), site.W3IDFolder, ".htaccess")
	want := site.W3IDHtaccess(site.PublishedSite)
	if *update {
		if err := os.WriteFile(p, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if string(read(t, p)) != want {
		t.Errorf("%s is not site.W3IDHtaccess(%q): run go test ./internal/site -run W3ID -update", p, site.PublishedSite)
	}
	if _, err := os.Stat(filepath.Join(testkit.Root(), site.W3IDFolder, "README.md")); err != nil {
		t.Error(err)
	}
}

// TestW3IDRulesOnApache serves the committed w3id.org folder with a real Apache httpd, as
// w3id.org does (https://w3id.org/coopgraph/... is <folder>/coopgraph/...), and checks that each
// IRI the exports answer (co-ops, an imported record, the publication, the datasets, the
// ontology and its terms) is sent, for each Accept header, to the document coopgraph serve
// sends it to, on the published site; other paths (dumps) go to the same path there.
func TestW3IDRulesOnApache(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "coopgraph"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(testkit.Root(), site.W3IDFolder, ".htaccess")
	if err := os.WriteFile(filepath.Join(root, "coopgraph", ".htaccess"), read(t, src), 0o644); err != nil {
		t.Fatal(err)
	}
	w := apache(t, root)
	out := exportWithDataset(t)
	s := serve(t, out)
	pub, err := url.Parse(site.PublishedSite)
	if err != nil {
		t.Fatal(err)
	}
	m := model(t, dataDir())
	paths := []string{"dataset", "dataset/directory", "dataset/example", "id/example/f1", "ontology", "ontology/",
		"ontology/sector/art", "ontology/PlatformCooperative"}
	for _, id := range m.ids {
		paths = append(paths, "id/"+id)
	}
	accepts := []string{"", "*/*", browserAccept, "text/turtle", "application/ld+json", "application/json",
		"application/n-triples", "text/turtle, application/rdf+xml;q=0.9, */*;q=0.1", "text/html;q=0, text/turtle;q=0.5"}
	for _, p := range paths {
		for _, accept := range accepts {
			sc, sl := location(t, s, p, accept)
			if sc == http.StatusNotAcceptable && strings.HasPrefix(p, "ontology") {
				sc, sl = 303, "/ontology.ttl" // any RDF format gets Turtle, as in the exports' .htaccess
			}
			if sc != 303 {
				t.Errorf("serve, GET /%s, Accept %q: %d", p, accept, sc)
				continue
			}
			resp, _ := get(t, http.MethodGet, w+"coopgraph/"+p, accept)
			u, err := url.Parse(resp.Header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			got := u.Path
			if u.Fragment != "" {
				got += "#" + u.Fragment
			}
			if resp.StatusCode != 303 || u.Scheme != pub.Scheme || u.Host != pub.Host || got != pub.Path+sl[1:] {
				t.Errorf("w3id.org/coopgraph/%s, Accept %q: %d %q, want 303 to %s%s", p, accept, resp.StatusCode, resp.Header.Get("Location"), site.PublishedSite, sl[1:])
			}
		}
	}
	for _, p := range []string{"coops.ttl", "coops.nt.gz", "void.ttl", "datasets/example.nq", "index.html", "id/stocksy-united.ttl"} {
		resp, _ := get(t, http.MethodGet, w+"coopgraph/"+p, "text/turtle")
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || loc != site.PublishedSite+p {
			t.Errorf("w3id.org/coopgraph/%s: %d %q, want 302 to %s%s", p, resp.StatusCode, loc, site.PublishedSite, p)
		}
	}
}
