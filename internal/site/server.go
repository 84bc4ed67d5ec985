package site

import (
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/internal/export/part"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/mapping"
)

// validID is the form of record ids and dataset names (the schemas' pattern); nothing else
// reaches the file system as an id.
var validID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validTerm is the form of the ontology's local names ("PlatformCooperative", "sector/art").
var validTerm = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*(/[A-Za-z0-9]+(-[A-Za-z0-9]+)*)?$`)

// contentTypes are the media types of the files of an exports folder that are not in the
// format registry (package format).
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".gz":   "application/gzip",
}

// ContentType returns the Content-Type coopgraph serve gives a file of the exports: the
// registered media type of its format (text/turtle with its charset), text/plain for SHA256SUMS.
func ContentType(name string) string {
	if path.Base(name) == "SHA256SUMS" {
		return "text/plain; charset=utf-8"
	}
	ext := path.Ext(name)
	for _, f := range format.All() {
		if f.Ext == ext {
			if strings.HasPrefix(f.MediaType, "text/") {
				return f.MediaType + "; charset=utf-8"
			}
			return f.MediaType
		}
	}
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// The headers every answer carries, as a static host configured for the exports sends them
// (the .htaccess sends the same). Pages get their own Content-Security-Policy (that of their
// <meta> element) with frame-ancestors added, which a <meta> element cannot say.
const (
	// FileCSP is the Content-Security-Policy of everything that is not a page: nothing runs,
	// nothing loads, nothing frames it.
	FileCSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
	// CacheControl lets caches keep a file for ten minutes, then revalidate it by its ETag
	// (the exports change at most nightly).
	CacheControl = "public, max-age=600"
	// ReferrerPolicy matches the pages' <meta name="referrer">.
	ReferrerPolicy = "no-referrer"
)

// PageCSP returns the Content-Security-Policy header of a page whose <meta> element says
// policy: the same, and frame-ancestors 'none'.
func PageCSP(policy string) string { return policy + "; frame-ancestors 'none'" }

// Handler serves an exports folder: its files with their media types, and the IRIs of co-ops
// (/id/<id>, /id/<dataset>/<id>), of the datasets (/dataset, /dataset/<name>) and of the
// ontology (/ontology, /ontology/<term>) with a 303 See Other to the document the Accept header
// prefers. Only GET and HEAD are answered; hidden files, folders and anything outside the
// folder are not served.
type Handler struct {
	dir string
}

// NewHandler returns a handler serving dir. Each request opens dir afresh as an os.Root: an
// export swapping in a new folder is served at once, and neither ".." nor a symbolic link can
// lead out of the folder.
func NewHandler(dir string) (*Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	root.Close()
	return &Handler{dir: dir}, nil
}

// retries bounds how often a request that found nothing is tried again on a folder that an
// export swapped in meanwhile.
const retries = 3

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", ReferrerPolicy)
	hd.Set("Content-Security-Policy", FileCSP)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD are supported", http.StatusMethodNotAllowed)
		return
	}
	// A request reads one folder, opened once. An export swaps a new folder in and then removes
	// the old one, perhaps while the request reads it: what it did not find there is looked for
	// again in the folder now in place, so that a file present before and after the swap is
	// never answered 404.
	for range retries {
		root, err := os.OpenRoot(h.dir)
		if err != nil {
			http.Error(w, "the exports folder cannot be read", http.StatusServiceUnavailable)
			return
		}
		found := folder{root}.serve(w, r)
		again := !found && h.swapped(root)
		root.Close()
		if found {
			return
		}
		if !again {
			break
		}
	}
	http.NotFound(w, r)
}

// swapped reports whether the folder at h.dir is no longer the one root opened.
func (h *Handler) swapped(root *os.Root) bool {
	old, err := root.Stat(".")
	if err != nil {
		return true
	}
	now, err := os.Stat(h.dir)
	return err == nil && !os.SameFile(old, now)
}

// folder is the exports folder as one request sees it.
type folder struct {
	root *os.Root
}

// DatasetPage is the page of the dataset called name (the directory's is the landing page).
func DatasetPage(name string) string {
	if name == mapping.DirectoryName {
		return IndexFile
	}
	return part.DescriptionDir + "/" + name + OfferHTML.Ext
}

// datasetDocuments are the representations of the dataset called name, whose IRI is
// <base>dataset/<name>: its page, and its description in Turtle, JSON-LD and N-Triples
// (part.DescriptionFiles).
func datasetDocuments(name string) []rep {
	out := []rep{{OfferHTML, DatasetPage(name)}}
	for i, f := range part.DescriptionFiles(name) {
		out = append(out, rep{docOffers[i+1], f})
	}
	return out
}

// docOffers are the representations of a co-op or a dataset, in the order that wins ties.
var docOffers = []Offer{OfferHTML, OfferTurtle, OfferJSONLD, OfferNTriples}

// rep is a representation: an offer and the file that holds it.
type rep struct {
	Offer
	file string
}

// serve answers the request from the folder and reports true, or reports false, writing
// nothing, when the folder has nothing for it.
func (h folder) serve(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/id/") && !strings.Contains(p[len("/id/"):], "."):
		rest := p[len("/id/"):]
		segs := strings.Split(rest, "/")
		if len(segs) > 2 {
			return false
		}
		for _, s := range segs {
			if !validID.MatchString(s) {
				return false
			}
		}
		return h.negotiate(w, r, byExt(IDFolder+"/"+rest, docOffers), "")
	case p == "/dataset" || p == "/dataset/":
		return h.negotiate(w, r, []rep{{OfferHTML, IndexFile}, {OfferTurtle, part.VoIDName}, {OfferJSONLD, part.VoIDJSONLDName}, {OfferNTriples, part.VoIDNTriplesName}}, "")
	case strings.HasPrefix(p, "/dataset/"):
		name := p[len("/dataset/"):]
		if !validID.MatchString(name) {
			return false
		}
		return h.negotiate(w, r, datasetDocuments(name), "")
	case p == "/ontology" || p == "/ontology/":
		return h.negotiate(w, r, byExt("ontology", []Offer{OfferHTML, OfferTurtle}), "")
	case strings.HasPrefix(p, "/ontology/"):
		term := p[len("/ontology/"):]
		if !validTerm.MatchString(term) {
			return false
		}
		return h.negotiate(w, r, byExt("ontology", []Offer{OfferHTML, OfferTurtle}), term)
	default:
		return h.serveFile(w, r, p)
	}
}

// byExt returns the representations base + extension of each offer.
func byExt(base string, offers []Offer) []rep {
	out := make([]rep, len(offers))
	for i, o := range offers {
		out[i] = rep{o, base + o.Ext}
	}
	return out
}

// negotiate answers 303 See Other to the representation the Accept header prefers among those
// present, nothing (false) when none is, and 406 when the client accepts none of them. A
// fragment is added to the HTML page's address (the term's entry in ontology.html).
func (h folder) negotiate(w http.ResponseWriter, r *http.Request, reps []rep, fragment string) bool {
	var have []rep
	var offers []Offer
	for _, o := range reps {
		if h.isFile(o.file) {
			have = append(have, o)
			offers = append(offers, o.Offer)
		}
	}
	if len(have) == 0 {
		return false
	}
	w.Header().Add("Vary", "Accept")
	i := Negotiate(strings.Join(r.Header.Values("Accept"), ","), offers)
	if i < 0 {
		var types []string
		for _, o := range have {
			types = append(types, o.MediaTypes[0])
		}
		http.Error(w, fmt.Sprintf("not acceptable: %s is available as %s", r.URL.Path, strings.Join(types, ", ")), http.StatusNotAcceptable)
		return true
	}
	target := "/" + have[i].file
	if fragment != "" && have[i].Ext == OfferHTML.Ext {
		target += "#" + fragment
	}
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusSeeOther)
	if r.Method == http.MethodGet {
		fmt.Fprintf(w, "See %s\n", target)
	}
	return true
}

func (h folder) isFile(name string) bool {
	fi, err := h.root.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// serveFile serves a regular file of the folder ("/" is index.html), with an ETag (its size and
// modification time) and Cache-Control, answering conditional requests with 304; it reports
// false when there is no such file.
func (h folder) serveFile(w http.ResponseWriter, r *http.Request, p string) bool {
	if p == "/" {
		p = "/" + IndexFile
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") || !fs.ValidPath(name) {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") { // .htaccess, staging folders
			return false
		}
	}
	f, err := h.root.Open(name) // fails for links out of the folder, too
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	hd := w.Header()
	ct := ContentType(name)
	hd.Set("Content-Type", ct)
	if strings.HasPrefix(ct, "text/html") {
		hd.Set("Content-Security-Policy", PageCSP(pagePolicy(f)))
	}
	hd.Set("ETag", ETag(fi.Size(), fi.ModTime()))
	hd.Set("Cache-Control", CacheControl)
	http.ServeContent(w, r, name, fi.ModTime(), f)
	return true
}

// ETag is the entity tag of a file of the given size and modification time. An export writes
// a file anew only when its bytes change (stage.Staging links unchanged ones from the folder it
// replaces), so a file that changed has a new time and one that did not keeps its ETag.
func ETag(size int64, mod time.Time) string {
	return `"` + strconv.FormatInt(size, 16) + "-" + strconv.FormatInt(mod.UnixNano(), 16) + `"`
}

// metaCSP finds a page's policy in its head.
var metaCSP = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)

// pagePolicy returns the policy the page's own <meta> element states, or the site's pages'
// policy when it states none; the file is left at its start.
func pagePolicy(f io.ReadSeeker) string {
	buf := make([]byte, 8<<10)
	n, err := io.ReadFull(f, buf)
	if _, serr := f.Seek(0, io.SeekStart); serr != nil && err == nil {
		err = serr
	}
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return csp
	}
	if m := metaCSP.FindSubmatch(buf[:n]); m != nil {
		return html.UnescapeString(string(m[1]))
	}
	return csp
}
