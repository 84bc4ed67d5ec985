package site

import (
	"fmt"
	"strings"

	"github.com/coopgraph/coopgraph/internal/format"
)

// Htaccess is exports/.htaccess: on an Apache host serving the exports folder (mod_rewrite,
// mod_mime, mod_headers), it answers the IRIs of co-ops and of the ontology as `coopgraph serve`
// does, with a 303 See Other to the document the Accept header asks for, and gives every file
// its media type.
//
// mod_rewrite cannot weigh q-values, so the rules approximate them: a format named without a
// q-value (or with q=1) wins over those named with a lower one, in the order HTML, Turtle,
// JSON-LD, N-Triples; a format named only with q=0 is never chosen; a header naming none of
// them gets HTML (serve answers 406 there). The ontology has HTML and Turtle only: any RDF
// format gets Turtle.
//
// It sends the headers coopgraph serve sends: the pages' Content-Security-Policy (with
// frame-ancestors 'none', which their <meta> element cannot say) and FileCSP for every other
// file, X-Frame-Options, Referrer-Policy, Cache-Control, and an ETag of each file's size and
// time (Apache answers conditional requests with 304 itself).
var Htaccess = `# coopgraph: content negotiation for the exports folder on an Apache host
# (mod_rewrite, mod_mime and mod_headers; AllowOverride FileInfo Options Indexes).
#   <base>id/<id>          303 See Other to id/<id>.html, .ttl, .jsonld or .nt
#   <base>id/<dataset>/<id>  the same, to id/<dataset>/<id>.*
#   <base>dataset          303 See Other to index.html or void.ttl, .jsonld, .nt
#   <base>dataset/<name>   303 See Other to datasets/<name>.html (index.html for the directory)
#                          or datasets/<name>.void.ttl, .jsonld, .nt
#   <base>ontology         303 See Other to ontology.html or ontology.ttl
#   <base>ontology/<term>  303 See Other to ontology.html#<term> or ontology.ttl
# mod_rewrite cannot weigh q-values: a format named without one (or with q=1) wins over those
# named with a lower one, in the order HTML, Turtle, JSON-LD, N-Triples; a format named only
# with q=0 is never chosen; with none named, HTML. 'coopgraph serve' weighs q-values exactly.
# The folder may be served at any URL path (the redirects keep it).

Options -Indexes -MultiViews
DirectoryIndex index.html

` + addTypes() + `AddType "text/html; charset=utf-8" .html
AddType application/gzip .gz
RemoveEncoding .gz
<Files "SHA256SUMS">
  ForceType "text/plain; charset=utf-8"
</Files>

# The headers 'coopgraph serve' sends. Apache answers If-None-Match and If-Modified-Since.
FileETag MTime Size
<IfModule mod_headers.c>
  Header always set X-Content-Type-Options nosniff
  Header always set X-Frame-Options DENY
  Header always set Referrer-Policy ` + ReferrerPolicy + `
  Header always set Content-Security-Policy "` + FileCSP + `"
  <FilesMatch "\.html$">
    Header always set Content-Security-Policy "` + PageCSP(csp) + `"
  </FilesMatch>
  Header set Cache-Control "` + CacheControl + `"
  Header always merge Vary Accept env=COOPGRAPH_NEGOTIATED
</IfModule>

RewriteEngine On

` + acceptRules + `

# The redirects keep the URL path the folder is served at (%1: what precedes id/ or ontology).
# A co-op, of the directory (id/<id>) or of an imported dataset (id/<dataset>/<id>): only ids
# that have a page (others get the host's 404).
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteCond %{REQUEST_URI} ^(.*/)id/[a-z0-9/-]+$
RewriteRule ^id/([a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?)$ %1id/$1.%{ENV:COOPGRAPH_EXT} [R=303,L,E=COOPGRAPH_NEGOTIATED:1]

# The publication (dataset): the landing page, or void.ttl, void.jsonld, void.nt.
RewriteCond %{ENV:COOPGRAPH_EXT} =html
RewriteCond %{REQUEST_URI} ^(.*/)dataset/?$
RewriteRule ^dataset/?$ %1index.html [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteCond %{REQUEST_URI} ^(.*/)dataset/?$
RewriteRule ^dataset/?$ %1void.%{ENV:COOPGRAPH_EXT} [R=303,L,E=COOPGRAPH_NEGOTIATED:1]

# A dataset (dataset/<name>), only one that has a description: its page (the directory's is
# the landing page), or datasets/<name>.void.ttl, .jsonld, .nt. (Apache maps dataset/<name> to
# the file <folder>/dataset, or to <folder>/dataset/<name>: %1 is the folder either way.)
RewriteCond %{ENV:COOPGRAPH_EXT} =html
RewriteCond %{REQUEST_URI} ^(.*/)dataset/directory$
RewriteRule ^dataset/directory$ %1index.html [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteCond %{ENV:COOPGRAPH_EXT} =html
RewriteCond %{REQUEST_FILENAME} ^(.*)/dataset(/[a-z0-9-]*)?$
RewriteCond %1/datasets/$1.html -f
RewriteCond %{REQUEST_URI} ^(.*/)dataset/[a-z0-9-]+$
RewriteRule ^dataset/([a-z0-9]+(-[a-z0-9]+)*)$ %1datasets/$1.html [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteCond %{ENV:COOPGRAPH_EXT} !=html
RewriteCond %{REQUEST_FILENAME} ^(.*)/dataset(/[a-z0-9-]*)?$
RewriteCond %1/datasets/$1.void.ttl -f
RewriteCond %{REQUEST_URI} ^(.*/)dataset/[a-z0-9-]+$
RewriteRule ^dataset/([a-z0-9]+(-[a-z0-9]+)*)$ %1datasets/$1.void.%{ENV:COOPGRAPH_EXT} [R=303,L,E=COOPGRAPH_NEGOTIATED:1]

# The ontology and its terms: HTML, or Turtle for any RDF format.
RewriteCond %{ENV:COOPGRAPH_EXT} =html
RewriteCond %{REQUEST_URI} ^(.*/)ontology/?$
RewriteRule ^ontology/?$ %1ontology.html [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteCond %{REQUEST_URI} ^(.*/)ontology/?$
RewriteRule ^ontology/?$ %1ontology.ttl [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteCond %{ENV:COOPGRAPH_EXT} =html
RewriteCond %{REQUEST_URI} ^(.*/)ontology/[A-Za-z0-9/-]+$
RewriteRule ^ontology/([A-Za-z0-9]+(-[A-Za-z0-9]+)*(/[A-Za-z0-9]+(-[A-Za-z0-9]+)*)?)$ %1ontology.html#$1 [R=303,NE,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteCond %{REQUEST_URI} ^(.*/)ontology/[A-Za-z0-9/-]+$
RewriteRule ^ontology/([A-Za-z0-9]+(-[A-Za-z0-9]+)*(/[A-Za-z0-9]+(-[A-Za-z0-9]+)*)?)$ %1ontology.ttl [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
`

// acceptRules set COOPGRAPH_EXT to the extension (html, ttl, jsonld, nt) the Accept header asks
// for, as the comment of Htaccess says.
const acceptRules = `# The extension the Accept header asks for. Each rule overrides the ones before it, so the
# strongest preference comes last; the [E] rules change nothing but that variable.
RewriteRule ^ - [E=COOPGRAPH_EXT:html]
# named with a q-value above 0
RewriteCond %{HTTP_ACCEPT} (^|,)\s*application/n-triples\s*(;\s*q\s*=\s*(1(\.0*)?|0?\.[0-9]*[1-9][0-9]*)\s*)?(,|$) [NC]
RewriteRule ^ - [E=COOPGRAPH_EXT:nt]
RewriteCond %{HTTP_ACCEPT} (^|,)\s*application/(ld\+)?json\s*(;\s*q\s*=\s*(1(\.0*)?|0?\.[0-9]*[1-9][0-9]*)\s*)?(,|$) [NC]
RewriteRule ^ - [E=COOPGRAPH_EXT:jsonld]
RewriteCond %{HTTP_ACCEPT} (^|,)\s*(text/turtle|application/x-turtle)\s*(;\s*q\s*=\s*(1(\.0*)?|0?\.[0-9]*[1-9][0-9]*)\s*)?(,|$) [NC]
RewriteRule ^ - [E=COOPGRAPH_EXT:ttl]
RewriteCond %{HTTP_ACCEPT} (^|,)\s*(text/html|application/xhtml\+xml)\s*(;\s*q\s*=\s*(1(\.0*)?|0?\.[0-9]*[1-9][0-9]*)\s*)?(,|$) [NC]
RewriteRule ^ - [E=COOPGRAPH_EXT:html]
# named without a q-value, or with q=1
RewriteCond %{HTTP_ACCEPT} (^|,)\s*application/n-triples\s*(;\s*q\s*=\s*1(\.0*)?\s*)?(,|$) [NC]
RewriteRule ^ - [E=COOPGRAPH_EXT:nt]
RewriteCond %{HTTP_ACCEPT} (^|,)\s*application/(ld\+)?json\s*(;\s*q\s*=\s*1(\.0*)?\s*)?(,|$) [NC]
RewriteRule ^ - [E=COOPGRAPH_EXT:jsonld]
RewriteCond %{HTTP_ACCEPT} (^|,)\s*(text/turtle|application/x-turtle)\s*(;\s*q\s*=\s*1(\.0*)?\s*)?(,|$) [NC]
RewriteRule ^ - [E=COOPGRAPH_EXT:ttl]
RewriteCond %{HTTP_ACCEPT} (^|,)\s*(text/html|application/xhtml\+xml)\s*(;\s*q\s*=\s*1(\.0*)?\s*)?(,|$) [NC]
RewriteRule ^ - [E=COOPGRAPH_EXT:html]`

// PublishedSite is where the nightly job publishes the exports folder (GitHub Pages of the
// repository), which w3id.org/coopgraph/ redirects to.
const PublishedSite = "https://coopgraph.github.io/coopgraph/"

// W3IDFolder is the folder, in this repository, holding what the w3id.org repository takes for
// the namespace coopgraph: its .htaccess (W3IDHtaccess of PublishedSite) and README.md.
const W3IDFolder = "internal/site/w3id/coopgraph"

// W3IDHtaccess returns the .htaccess of w3id.org/coopgraph/: it answers the IRIs minted under
// https://w3id.org/coopgraph/ with a 303 See Other to the document of the site at site (a URL
// ending in "/") that the Accept header asks for, chosen as the exports' .htaccess chooses
// (site may be a static host without content negotiation, such as GitHub Pages), and sends
// every other path to the same path on the site (302). w3id.org cannot see the site's files:
// an IRI without documents is redirected too, and the site answers 404.
func W3IDHtaccess(site string) string {
	return `# w3id.org/coopgraph/: the persistent IRIs of coopgraph (https://w3id.org/coopgraph/...).
# Generated by coopgraph (site.W3IDHtaccess); the documents are published at
#   ` + site + `
#   id/<id>, id/<dataset>/<id>  303 See Other to id/<id>.html, .ttl, .jsonld or .nt
#   dataset                     303 See Other to index.html or void.ttl, .jsonld, .nt
#   dataset/<name>              303 See Other to datasets/<name>.html (index.html for the
#                               directory) or datasets/<name>.void.ttl, .jsonld, .nt
#   ontology, ontology/<term>   303 See Other to ontology.html(#<term>) or ontology.ttl
#   anything else               302 Found to the same path on the site (dumps, pages)
# mod_rewrite cannot weigh q-values: a format named without one (or with q=1) wins over those
# named with a lower one, in the order HTML, Turtle, JSON-LD, N-Triples; with none named, HTML.

Options +FollowSymLinks
RewriteEngine on

<IfModule mod_headers.c>
  Header always merge Vary Accept env=COOPGRAPH_NEGOTIATED
</IfModule>

` + acceptRules + `

RewriteRule ^id/([a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?)$ ` + site + `id/$1.%{ENV:COOPGRAPH_EXT} [R=303,L,E=COOPGRAPH_NEGOTIATED:1]

RewriteCond %{ENV:COOPGRAPH_EXT} =html
RewriteRule ^dataset/?$ ` + site + `index.html [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteRule ^dataset/?$ ` + site + `void.%{ENV:COOPGRAPH_EXT} [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteCond %{ENV:COOPGRAPH_EXT} =html
RewriteRule ^dataset/directory$ ` + site + `index.html [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteCond %{ENV:COOPGRAPH_EXT} =html
RewriteRule ^dataset/([a-z0-9]+(-[a-z0-9]+)*)$ ` + site + `datasets/$1.html [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteRule ^dataset/([a-z0-9]+(-[a-z0-9]+)*)$ ` + site + `datasets/$1.void.%{ENV:COOPGRAPH_EXT} [R=303,L,E=COOPGRAPH_NEGOTIATED:1]

RewriteCond %{ENV:COOPGRAPH_EXT} =html
RewriteRule ^ontology/?$ ` + site + `ontology.html [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteRule ^ontology/?$ ` + site + `ontology.ttl [R=303,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteCond %{ENV:COOPGRAPH_EXT} =html
RewriteRule ^ontology/([A-Za-z0-9]+(-[A-Za-z0-9]+)*(/[A-Za-z0-9]+(-[A-Za-z0-9]+)*)?)$ ` + site + `ontology.html#$1 [R=303,NE,L,E=COOPGRAPH_NEGOTIATED:1]
RewriteRule ^ontology/([A-Za-z0-9]+(-[A-Za-z0-9]+)*(/[A-Za-z0-9]+(-[A-Za-z0-9]+)*)?)$ ` + site + `ontology.ttl [R=303,L,E=COOPGRAPH_NEGOTIATED:1]

RewriteRule ^(.*)$ ` + site + `$1 [R=302,L]
`
}

// addTypes gives every format of the registry (package format) its media type on Apache, as
// ContentType does in coopgraph serve.
func addTypes() string {
	var b strings.Builder
	for _, f := range format.All() {
		fmt.Fprintf(&b, "AddType %q %s\n", ContentType("x"+f.Ext), f.Ext)
	}
	return b.String()
}
