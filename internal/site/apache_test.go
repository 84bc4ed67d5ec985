package site_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/site"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

// apache starts Debian's Apache httpd in the foreground on a free loopback port, serving dir
// with its .htaccess honoured, and returns its base URL; it is stopped when the test ends.
func apache(t *testing.T, dir string) string {
	t.Helper()
	bin := "/usr/sbin/apache2"
	if _, err := os.Stat(bin); err != nil {
		bin = testkit.Tool(t, "apache2")
	}
	mods := "/usr/lib/apache2/modules"
	if _, err := os.Stat(filepath.Join(mods, "mod_rewrite.so")); err != nil {
		testkit.Missing(t, "Apache's modules (Debian package apache2-bin) are not installed")
	}
	run := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	user := ""
	if os.Geteuid() == 0 {
		// httpd will not serve as root: it drops to www-data, who must be able to read dir.
		user = "User www-data\nGroup www-data\n"
		for p := dir; p != "/" && p != "."; p = filepath.Dir(p) {
			if fi, err := os.Stat(p); err == nil {
				os.Chmod(p, fi.Mode().Perm()|0o055)
			}
		}
	}
	conf := fmt.Sprintf(`ServerRoot %[1]q
Listen %[2]s
ServerName 127.0.0.1
PidFile %[1]s/httpd.pid
DefaultRuntimeDir %[1]s
Mutex file:%[1]s default
ErrorLog %[1]s/error.log
LogLevel warn
%[3]sLoadModule mpm_event_module %[4]s/mod_mpm_event.so
LoadModule authz_core_module %[4]s/mod_authz_core.so
LoadModule mime_module %[4]s/mod_mime.so
LoadModule rewrite_module %[4]s/mod_rewrite.so
LoadModule headers_module %[4]s/mod_headers.so
LoadModule dir_module %[4]s/mod_dir.so
TypesConfig %[1]s/mime.types
DocumentRoot %[5]q
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory %[5]q>
  AllowOverride All
  Require all granted
</Directory>
<Files ".ht*">
  Require all denied
</Files>
`, run, addr, user, mods, dir)
	if err := os.WriteFile(filepath.Join(run, "mime.types"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cf := filepath.Join(run, "httpd.conf")
	if err := os.WriteFile(cf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-t", "-f", cf).CombinedOutput(); err != nil {
		t.Fatalf("apache2 -t: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-X", "-f", cf) // one process, in the foreground
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if b, _ := os.ReadFile(filepath.Join(run, "error.log")); bytes.Contains(b, []byte("[error]")) || bytes.Contains(b, []byte("alert]")) {
			t.Errorf("Apache's error log:\n%s", b)
		}
	})
	// Wait until it listens (or has exited); this bounds a wait, it times nothing.
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if i == 300 || cmd.ProcessState != nil {
			log, _ := os.ReadFile(filepath.Join(run, "error.log"))
			t.Fatalf("Apache did not start: %v\n%s\n%s", err, stderr.String(), log)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return "http://" + addr + "/"
}

// location returns the path (and fragment) a 303 points to, "" for any other answer.
func location(t *testing.T, base, path, accept string) (int, string) {
	t.Helper()
	resp, _ := get(t, http.MethodGet, base+path, accept)
	if resp.StatusCode != http.StatusSeeOther {
		return resp.StatusCode, ""
	}
	if !strings.Contains(resp.Header.Get("Vary"), "Accept") {
		t.Errorf("GET %s (Accept %q): a 303 without Vary: Accept", path, accept)
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if u.Fragment != "" {
		return resp.StatusCode, u.Path + "#" + u.Fragment
	}
	return resp.StatusCode, u.Path
}

// TestHtaccessOnApache serves the exports with a real Apache httpd and the generated .htaccess,
// and compares its answers with coopgraph serve's: the same 303s for the Accept headers clients
// send, the same media types, 404 for unknown ids; and the two documented approximations.
func TestHtaccessOnApache(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "exports")
	exportDir(t, dir, dataDir())
	a := apache(t, dir)
	s := serve(t, dir)
	m := model(t, dataDir())

	same := []string{
		"", "*/*", browserAccept, "text/html", "application/xhtml+xml",
		"text/turtle", "TEXT/Turtle", "application/x-turtle", "text/turtle;q=1.0",
		"application/ld+json", "application/json", "application/n-triples",
		"text/turtle, application/rdf+xml;q=0.9, */*;q=0.1",
		"application/rdf+xml, text/turtle;q=0.8, */*;q=0.1",
		"text/html;q=0, text/turtle;q=0.5",
		"application/ld+json;q=0.9, application/n-triples",
		"application/n-triples;q=0.5, text/html;q=0",
		"text/turtle;q=0, application/ld+json",
	}
	for _, id := range m.ids {
		for _, accept := range same {
			ac, al := location(t, a, "id/"+id, accept)
			sc, sl := location(t, s, "id/"+id, accept)
			if ac != 303 || ac != sc || al != sl {
				t.Errorf("GET /id/%s, Accept %q: Apache %d %q, serve %d %q", id, accept, ac, al, sc, sl)
			}
		}
	}
	for _, c := range []struct{ path, accept string }{
		{"ontology", browserAccept}, {"ontology", "text/turtle"}, {"ontology/", ""},
		{"ontology/sector/art", browserAccept}, {"ontology/PlatformCooperative", "text/turtle"},
		{"ontology/member-class/worker", ""},
	} {
		ac, al := location(t, a, c.path, c.accept)
		sc, sl := location(t, s, c.path, c.accept)
		if ac != 303 || ac != sc || al != sl {
			t.Errorf("GET /%s, Accept %q: Apache %d %q, serve %d %q", c.path, c.accept, ac, al, sc, sl)
		}
	}
	// What mod_rewrite cannot do as serve does (see site.Htaccess).
	if _, l := location(t, a, "id/stocksy-united", "text/turtle;q=0.5, application/ld+json;q=0.9"); l != "/id/stocksy-united.ttl" {
		t.Errorf("Apache, two lowered q-values: %q, want Turtle first (the documented order)", l)
	}
	if _, l := location(t, a, "id/stocksy-united", "application/rdf+xml"); l != "/id/stocksy-united.html" {
		t.Errorf("Apache, nothing offered acceptable: %q, want the page", l)
	}
	if _, l := location(t, a, "ontology", "application/ld+json"); l != "/ontology.ttl" {
		t.Errorf("Apache, JSON-LD of the ontology: %q, want Turtle", l)
	}
	// Unknown ids and what is not an id.
	for _, p := range []string{"id/no-such-coop", "id/Stocksy-United", "id/stocksy-united/", "ontology/no/such/term"} {
		if code, _ := location(t, a, p, "text/turtle"); code != http.StatusNotFound {
			t.Errorf("Apache, GET /%s: %d, want 404", p, code)
		}
	}
	// Media types, as serve gives them.
	for _, name := range []string{"index.html", "ontology.html", "coops.ttl", "coops.nt", "coops.jsonld", "context.jsonld", "id/stocksy-united.ttl", "id/stocksy-united.nt", "id/stocksy-united.jsonld", "id/stocksy-united.html"} {
		resp, body := get(t, http.MethodGet, a+name, "")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != site.ContentType(name) {
			t.Errorf("Apache, GET /%s: %d %q, want 200 %q", name, resp.StatusCode, resp.Header.Get("Content-Type"), site.ContentType(name))
		}
		if !bytes.Equal(body, read(t, filepath.Join(dir, name))) {
			t.Errorf("Apache, GET /%s: not the file", name)
		}
	}
	// Apache treats a file modified within the second of the request as still changing (a weak
	// ETag, no 304 for it): date the freshly exported files an hour back, as a published folder's are.
	ago := time.Now().Add(-time.Hour)
	if err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, ago, ago)
	}); err != nil {
		t.Fatal(err)
	}
	checkHeaders(t, "Apache", a, dir)
	if resp, _ := get(t, http.MethodGet, a+".htaccess", ""); resp.StatusCode == 200 {
		t.Error("Apache serves .htaccess")
	}
	if resp, _ := get(t, http.MethodGet, a+"id/", ""); resp.StatusCode == 200 {
		t.Error("Apache lists the id/ folder")
	}

	// The folder served below the root of the host: the redirects keep its path.
	sub := apache(t, filepath.Dir(dir))
	for _, c := range []struct{ path, accept, want string }{
		{"exports/id/stocksy-united", "text/turtle", "/exports/id/stocksy-united.ttl"},
		{"exports/id/stocksy-united", browserAccept, "/exports/id/stocksy-united.html"},
		{"exports/ontology", "text/turtle", "/exports/ontology.ttl"},
		{"exports/ontology/sector/art", "", "/exports/ontology.html#sector/art"},
	} {
		if code, l := location(t, sub, c.path, c.accept); code != 303 || l != c.want {
			t.Errorf("Apache at /exports/, GET /%s: %d %q, want 303 %q", c.path, code, l, c.want)
		}
	}
}
