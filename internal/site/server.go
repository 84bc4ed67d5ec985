package site

import (
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"regexp"
	"strings"
)

// validID is the form of record ids (the record schema's pattern); nothing else reaches the
// file system as an id.
var validID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validTerm is the form of the ontology's local names ("PlatformCooperative", "sector/art").
var validTerm = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*(/[A-Za-z0-9]+(-[A-Za-z0-9]+)*)?$`)

// contentTypes are the media types of the files of an exports folder.
var contentTypes = map[string]string{
	".ttl":    "text/turtle; charset=utf-8",
	".nt":     "application/n-triples",
	".jsonld": "application/ld+json",
	".html":   "text/html; charset=utf-8",
	".gz":     "application/gzip",
	".json":   "application/json",
}

// ContentType returns the Content-Type coopgraph serve gives a file of the exports.
func ContentType(name string) string {
	if path.Base(name) == "SHA256SUMS" {
		return "text/plain; charset=utf-8"
	}
	ext := path.Ext(name)
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// Handler serves an exports folder: its files with their media types, and the IRIs of co-ops
// (/id/<id>) and of the ontology (/ontology, /ontology/<term>) with a 303 See Other to the
// document the Accept header prefers. Only GET and HEAD are answered; hidden files, folders
// and anything outside the folder are not served.
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

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD are supported", http.StatusMethodNotAllowed)
		return
	}
	root, err := os.OpenRoot(h.dir)
	if err != nil {
		http.Error(w, "the exports folder cannot be read", http.StatusServiceUnavailable)
		return
	}
	defer root.Close()
	folder{root}.serve(w, r)
}

// folder is the exports folder as one request sees it.
type folder struct {
	root *os.Root
}

func (h folder) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/id/") && !strings.Contains(p[len("/id/"):], "."):
		id := p[len("/id/"):]
		if !validID.MatchString(id) {
			http.NotFound(w, r)
			return
		}
		h.negotiate(w, r, "/"+IDFolder+"/"+id, "", []Offer{OfferHTML, OfferTurtle, OfferJSONLD, OfferNTriples})
	case p == "/ontology" || p == "/ontology/":
		h.negotiate(w, r, "/ontology", "", []Offer{OfferHTML, OfferTurtle})
	case strings.HasPrefix(p, "/ontology/"):
		term := p[len("/ontology/"):]
		if !validTerm.MatchString(term) {
			http.NotFound(w, r)
			return
		}
		h.negotiate(w, r, "/ontology", term, []Offer{OfferHTML, OfferTurtle})
	default:
		h.serveFile(w, r, p)
	}
}

// negotiate answers 303 See Other to the representation (base + extension) the Accept header
// prefers among those present, 404 when none is, and 406 when the client accepts none of them.
// A fragment is added to the HTML page's address (the term's entry in ontology.html).
func (h folder) negotiate(w http.ResponseWriter, r *http.Request, base, fragment string, offers []Offer) {
	w.Header().Add("Vary", "Accept")
	var have []Offer
	for _, o := range offers {
		if h.isFile(strings.TrimPrefix(base, "/") + o.Ext) {
			have = append(have, o)
		}
	}
	if len(have) == 0 {
		http.NotFound(w, r)
		return
	}
	i := Negotiate(strings.Join(r.Header.Values("Accept"), ","), have)
	if i < 0 {
		var types []string
		for _, o := range have {
			types = append(types, o.MediaTypes[0])
		}
		http.Error(w, fmt.Sprintf("not acceptable: %s is available as %s", r.URL.Path, strings.Join(types, ", ")), http.StatusNotAcceptable)
		return
	}
	target := base + have[i].Ext
	if fragment != "" && have[i].Ext == OfferHTML.Ext {
		target += "#" + fragment
	}
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusSeeOther)
	if r.Method == http.MethodGet {
		fmt.Fprintf(w, "See %s\n", target)
	}
}

func (h folder) isFile(name string) bool {
	fi, err := h.root.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// serveFile serves a regular file of the folder; "/" is index.html.
func (h folder) serveFile(w http.ResponseWriter, r *http.Request, p string) {
	if p == "/" {
		p = "/" + IndexFile
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") || !fs.ValidPath(name) {
		http.NotFound(w, r)
		return
	}
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") { // .htaccess, staging folders
			http.NotFound(w, r)
			return
		}
	}
	f, err := h.root.Open(name) // fails for links out of the folder, too
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ContentType(name))
	http.ServeContent(w, r, name, fi.ModTime(), f)
}
