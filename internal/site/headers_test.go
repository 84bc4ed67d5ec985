package site_test

import (
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/coopgraph/coopgraph/internal/site"
)

// getWith is get with request headers of its own.
func getWith(t *testing.T, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
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

// checkHeaders asks base (coopgraph serve, or Apache with the .htaccess) for files of the
// exports in dir and checks the headers a static host sends: the security headers on every
// answer (a page's Content-Security-Policy is its <meta> element's with frame-ancestors
// 'none'), an ETag, Last-Modified and Cache-Control on files, and 304 to a conditional request
// that names the file as it is (If-None-Match, If-Modified-Since), 200 to one that does not.
func checkHeaders(t *testing.T, who, base, dir string) {
	t.Helper()
	security := func(name string, resp *http.Response, wantCSP string) {
		t.Helper()
		for k, want := range map[string]string{
			"X-Frame-Options":         "DENY",
			"Referrer-Policy":         site.ReferrerPolicy,
			"X-Content-Type-Options":  "nosniff",
			"Content-Security-Policy": wantCSP,
		} {
			if got := resp.Header.Values(k); len(got) != 1 || got[0] != want {
				t.Errorf("%s, %s: %s %q, want %q", who, name, k, got, want)
			}
		}
	}
	for _, name := range []string{"index.html", "ontology.html", "id/stocksy-united.html", "coops.ttl", "coops.nt.gz", "coops.jsonld", "void.ttl", "SHA256SUMS"} {
		resp, body := getWith(t, base+name, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s, GET /%s: %d", who, name, resp.StatusCode)
			continue
		}
		csp := site.FileCSP
		if filepath.Ext(name) == ".html" {
			metas := parsePage(t, read(t, filepath.Join(dir, name))).all("meta", "http-equiv", "Content-Security-Policy")
			if len(metas) != 1 {
				t.Fatalf("%s has %d policies", name, len(metas))
			}
			own, _ := attr(metas[0], "content")
			csp = own + "; frame-ancestors 'none'"
		}
		security("GET /"+name, resp, csp)
		if len(body) == 0 {
			t.Errorf("%s, GET /%s: no body", who, name)
		}
		etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if etag == "" || lastMod == "" || resp.Header.Get("Cache-Control") != site.CacheControl {
			t.Errorf("%s, GET /%s: ETag %q, Last-Modified %q, Cache-Control %q (want %q)", who, name, etag, lastMod, resp.Header.Get("Cache-Control"), site.CacheControl)
			continue
		}
		for _, c := range []struct {
			header map[string]string
			want   int
		}{
			{map[string]string{"If-None-Match": etag}, http.StatusNotModified},
			{map[string]string{"If-None-Match": `"other", ` + etag}, http.StatusNotModified},
			{map[string]string{"If-Modified-Since": lastMod}, http.StatusNotModified},
			{map[string]string{"If-None-Match": `"other"`}, http.StatusOK},
			{map[string]string{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}, http.StatusOK},
		} {
			resp, body := getWith(t, base+name, c.header)
			if resp.StatusCode != c.want {
				t.Errorf("%s, GET /%s with %v: %d, want %d", who, name, c.header, resp.StatusCode, c.want)
				continue
			}
			if c.want == http.StatusNotModified {
				if len(body) != 0 || resp.Header.Get("ETag") != etag {
					t.Errorf("%s, GET /%s with %v: 304 with %d bytes, ETag %q", who, name, c.header, len(body), resp.Header.Get("ETag"))
				}
				if resp.Header.Get("Cache-Control") != site.CacheControl {
					t.Errorf("%s, GET /%s with %v: 304 with Cache-Control %q", who, name, c.header, resp.Header.Get("Cache-Control"))
				}
			}
		}
	}
	// Redirects and refusals carry the security headers too.
	for _, c := range []struct{ path, accept string }{{"id/stocksy-united", "text/turtle"}, {"id/no-such-coop", ""}, {"ontology", ""}} {
		resp, _ := get(t, http.MethodGet, base+c.path, c.accept)
		security("GET /"+c.path, resp, site.FileCSP)
	}
}

// TestServeHeaders: coopgraph serve sends a static host's headers and answers conditional
// requests with 304.
func TestServeHeaders(t *testing.T) {
	out := realExports(t)
	checkHeaders(t, "serve", serve(t, out), out)
}
