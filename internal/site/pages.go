package site

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strconv"
	"strings"

	output "github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/geo"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/site/basemap"
	"github.com/coopgraph/coopgraph/vocab"
)

//go:embed templates
var templateFS embed.FS

var (
	styleCSS = mustRead("templates/style.css")
	appJS    = mustRead("templates/app.js")
	pages    = template.Must(template.New("").Funcs(template.FuncMap{
		"basemap": func() string { return basemap.Path },
		"minus":   func(a, b int) int { return a - b },
		"plus":    func(a, b int) int { return a + b },
	}).ParseFS(templateFS, "templates/*.tmpl"))
	// csp allows nothing but the style sheet and the scripts of the exports folder itself
	// ('self', which Chromium takes to be the folder's files when a page is opened from
	// file://): no request can leave the exports, and no inline script or style runs.
	csp = "default-src 'none'; img-src data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'"
)

func mustRead(name string) string {
	b, err := templateFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// page is what every page shares.
type page struct {
	CSP     string
	License string
	// Root leads from the page to the exports folder ("", "../", "../../").
	Root string
	// Dataset is the imported dataset the page shows or belongs to, whose licence it states.
	Dataset *datasetView
}

func commonPage(root string) page {
	return page{CSP: csp, License: vocab.DataLicense, Root: root}
}

// Link is a labelled reference in a page.
type Link struct {
	Text  string
	Href  string
	Title string
}

// conceptLink links a concept to its entry in ontology.html (from a page at depth prefix).
func conceptLink(ont *Ontology, iri, prefix string) *Link {
	t := ont.Term(iri)
	if t == nil {
		return &Link{Text: iri, Href: iri}
	}
	return &Link{Text: t.Label, Href: prefix + "ontology.html#" + t.Anchor(), Title: t.Definition}
}

// coopPage is the view of id/<id>.html.
type coopPage struct {
	Page         page
	ID, IRI      string
	Name         string
	Summary      string
	Descriptions []record.Text
	Type, Status *Link
	// StatusAsOf is the date the status is claimed as of, and StatusSource the source it
	// rests on (its host, linked to the source below).
	StatusAsOf   string
	StatusSource *Link
	Sectors      []Link
	Members      []Link
	Founded      int
	Website      string
	Location     *locationView
	SameAs       []string
	Related      []Link
	Sources      []sourceView
	Alternates   []alternate
	JSONLD       template.JS
	// Identifier is the co-op's id in the dataset it was imported from.
	Identifier string
	ESSGlobal  []Link
	// Dataset is where an imported co-op comes from; nil for the directory's.
	Dataset *datasetView
}

// datasetView is an imported dataset's provenance, as its co-ops' pages and its own page
// show it.
type datasetView struct {
	Name, Title, Href, Source, License, Attribution, File string
}

func datasetViewOf(s *set, root string) *datasetView {
	if s.ds == nil {
		return nil
	}
	d := s.ds
	return &datasetView{Name: d.Name, Title: d.Title, Href: root + s.page(), Source: d.Source, License: d.License, Attribution: d.Attribution, File: d.File}
}

type locationView struct {
	Text        string
	Coordinates string
	Within      string
	// Locality is set when the coordinates are a GeoNames place's: they are the locality's
	// position, not the office's.
	Locality bool
}

type sourceView struct {
	Anchor              string
	URL                 string
	Quote               string
	Published, Accessed string
}

type alternate struct {
	Href, MediaType, Title string
}

// ErrUnsafeScript is returned when a JSON-LD document could close the <script> element it is
// embedded in (the JSON-LD writer escapes "<", so this is a guard, not an expected outcome).
var ErrUnsafeScript = fmt.Errorf("JSON-LD would end its <script> element")

// renderCoop writes id/<id>.html for record r with its JSON-LD document.
// endsScript reports whether doc holds "<!--", "<script" or "</script" in any mix of case,
// which inside a <script> element could end it or change how it is parsed. It looks at each '<'
// rather than lowering a copy of doc.
func endsScript(doc []byte) bool {
	for i := 0; ; i++ {
		j := bytes.IndexByte(doc[i:], '<')
		if j < 0 {
			return false
		}
		i += j
		rest := doc[i+1:]
		if bytes.HasPrefix(rest, []byte("!--")) {
			return true
		}
		if len(rest) > 0 && rest[0] == '/' {
			rest = rest[1:]
		}
		if len(rest) >= 6 && bytes.EqualFold(rest[:6], []byte("script")) {
			return true
		}
	}
}

func renderCoop(b *bytes.Buffer, r *record.Record, iri string, ont *Ontology, set *set, name func(id string) (string, bool), doc []byte) error {
	if endsScript(doc) {
		return ErrUnsafeScript
	}
	root := strings.Repeat("../", strings.Count(set.idFolder(), "/"))
	v := coopPage{
		Page:         commonPage(root),
		Identifier:   r.Identifier,
		Dataset:      datasetViewOf(set, root),
		ID:           r.ID,
		IRI:          iri,
		Name:         r.Name,
		Descriptions: r.Description,
		Founded:      r.Founded,
		Website:      r.Website,
		SameAs:       r.SameAs,
		JSONLD:       template.JS(bytes.TrimRight(doc, "\n")),
	}
	v.Page.Dataset = v.Dataset
	for _, d := range r.Description {
		if d.Lang == "en" || strings.HasPrefix(d.Lang, "en-") || v.Summary == "" {
			v.Summary = d.Value
		}
	}
	if r.Type != "" {
		v.Type = conceptLink(ont, vocab.PlatformTypeNamespace+r.Type, root)
	}
	if r.Status != "" {
		v.Status = conceptLink(ont, vocab.StatusNamespace+r.Status, root)
		v.StatusAsOf = r.StatusAsOf
		if i := r.StatusSource; i > 0 && i <= len(r.Sources) {
			v.StatusSource = &Link{Text: host(r.Sources[i-1].URL), Href: "#source-" + strconv.Itoa(i), Title: r.Sources[i-1].URL}
		}
	}
	for _, s := range r.Sectors {
		l := *conceptLink(ont, vocab.SectorNamespace+s, root)
		l.Href = root + "index.html?sector=" + s + "#coops" // the other co-ops of the sector
		v.Sectors = append(v.Sectors, l)
	}
	for _, m := range r.Members {
		v.Members = append(v.Members, *conceptLink(ont, vocab.MemberClassNamespace+m, root))
	}
	e := r.ESSGlobal
	for _, c := range append([]string{e.OrgStructure, e.PrimaryActivity, e.MembershipType}, e.Activities...) {
		if c != "" {
			v.ESSGlobal = append(v.ESSGlobal, Link{Text: essLabel(ont, c), Href: c})
		}
	}
	for _, id := range r.Related {
		n, ok := name(id)
		if !ok {
			n = id
		}
		v.Related = append(v.Related, Link{Text: n, Href: id + ".html"})
	}
	if loc := r.Location; loc != nil {
		var parts []string
		for _, p := range []string{loc.Street, loc.Locality, loc.Region, loc.Postcode, loc.Country} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		lv := &locationView{Text: strings.Join(parts, ", "), Within: loc.GeoContainer, Locality: strings.HasPrefix(loc.GeoContainer, geo.IRIPrefix)}
		if loc.Latitude != "" && loc.Longitude != "" {
			lv.Coordinates = "latitude " + loc.Latitude + ", longitude " + loc.Longitude
		}
		v.Location = lv
	}
	for i, s := range r.Sources {
		v.Sources = append(v.Sources, sourceView{Anchor: "source-" + strconv.Itoa(i+1), URL: s.URL, Quote: s.Quote, Published: s.Published, Accessed: s.Accessed})
	}
	for _, f := range DocFormats {
		v.Alternates = append(v.Alternates, alternate{Href: r.ID + f.Ext, MediaType: f.MediaType, Title: f.Title})
	}
	return pages.ExecuteTemplate(b, "coop", v)
}

// host returns the host name of a web address ("wiki.p2pfoundation.net"), or the address
// itself when it has none.
func host(u string) string {
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return strings.TrimPrefix(p.Hostname(), "www.")
	}
	return u
}

type download struct {
	Name, Format, What string
	Bytes              int64
	Size               string
	SHA256             string
}

// explorerView is the search, the filters, the list and the map of a page, which its script
// fills from the index files.
type explorerView struct {
	Scripts []string // the index files the page loads, relative to the page
	Filters []filterView
	Count   int // co-ops in the index files loaded
	Placed  int // of which have a position
	// The map's view box: latitudes 85 to -60, where co-ops are.
	Width       int
	Top, Height float64
}

type filterView struct {
	Key, Label string
}

func explorerOf(sets []*set, facets []*facet, root string) explorerView {
	v := explorerView{Width: basemap.Width, Top: basemap.Y(85), Height: basemap.Y(-60) - basemap.Y(85)}
	for _, s := range sets {
		v.Scripts = append(v.Scripts, root+s.indexFile())
		v.Count += len(s.rows)
		for i := range s.rows {
			if s.rows[i].Placed {
				v.Placed++
			}
		}
	}
	for _, f := range facets {
		for _, s := range sets {
			if hasValues(s, f) && (f != facetDataset || len(sets) > 1) {
				v.Filters = append(v.Filters, filterView{Key: f.Key, Label: f.Label})
				break
			}
		}
	}
	return v
}

// setView is a line of the table of datasets on index.html.
type setView struct {
	Title, Href string
	Count       int
	Placed      int
	License     string
	Source      string
	Dataset     *datasetView
}

type indexPage struct {
	Page       page
	Count      int // co-ops of every set
	Directory  int // co-ops of the directory
	Base       string
	DatasetIRI string
	Citation   string
	Downloads  []download
	Sets       []setView
	Explorer   explorerView
	Charts     []*chartView
	Notes      []string
	SPARQL     string
}

func renderIndex(b *bytes.Buffer, sets []*set, plan indexPlan, ont *Ontology, downloads []download) error {
	m := mapping.New(vocab.DefaultBase)
	for _, s := range sets {
		if s.ds == nil {
			m = s.mapper
		}
	}
	v := indexPage{
		Page:       commonPage(""),
		Count:      plan.total,
		Base:       m.Base(),
		DatasetIRI: m.DatasetIRI(),
		Downloads:  downloads,
		SPARQL:     ExampleQuery(),
		Explorer:   explorerOf(plan.sets, []*facet{facetDataset, facetType, facetSector, facetCountry}, ""),
		Charts:     charts(sets, []*facet{facetDataset, facetType, facetSector, facetStatus, facetMember, facetCountry}, ont, "chart-"),
		Notes:      plan.notes,
	}
	v.Citation = Citation + ", " + v.DatasetIRI + ". Published under CC0 1.0."
	for _, s := range sets {
		sv := setView{Title: s.title(), Href: s.page(), Count: len(s.rows), License: vocab.DataLicense, Dataset: datasetViewOf(s, "")}
		if s.ds == nil {
			v.Directory = len(s.rows)
			sv.Href = "#coops"
		} else {
			sv.License, sv.Source = s.ds.License, s.ds.Source
		}
		for i := range s.rows {
			if s.rows[i].Placed {
				sv.Placed++
			}
		}
		v.Sets = append(v.Sets, sv)
	}
	return pages.ExecuteTemplate(b, "index", v)
}

// datasetPage is the view of datasets/<name>.html.
type datasetPage struct {
	Page       page
	Dataset    *datasetView
	IRI        string
	Count      int
	Downloads  []download
	Explorer   explorerView
	Charts     []*chartView
	URISpace   string
	FirstID    string
	FirstTitle string
}

func renderDataset(b *bytes.Buffer, s *set, ont *Ontology, downloads []download) error {
	sets := []*set{s}
	v := datasetPage{
		Page:      commonPage("../"),
		Dataset:   datasetViewOf(s, "../"),
		IRI:       s.mapper.DatasetIRI(),
		Count:     len(s.rows),
		Downloads: downloads,
		Explorer:  explorerOf(sets, []*facet{facetCountry, facetActivity, facetStructure, facetType, facetSector}, "../"),
		Charts:    charts(sets, []*facet{facetType, facetSector, facetStatus, facetMember, facetCountry, facetStructure, facetActivity, facetMembership}, ont, "chart-"),
		URISpace:  s.mapper.URISpace(),
	}
	v.Page.Dataset = v.Dataset
	if len(s.rows) > 0 {
		v.FirstID, v.FirstTitle = s.rows[0].ID, s.rows[0].Name
	}
	return pages.ExecuteTemplate(b, "dataset", v)
}

// Citation is how the dataset asks to be cited (see DATA-LICENSE.md).
const Citation = "coopgraph: the directory of platform co-operatives as linked data"

// ExampleQuery is the SPARQL query index.html shows: the operating co-ops with their type and
// sectors, labelled from the ontology.
func ExampleQuery() string {
	prefixes := []struct{ name, iri string }{
		{"coop", vocab.Coop}, {"schema", vocab.Schema}, {"skos", vocab.SKOS}, {"status", vocab.StatusNamespace},
	}
	var b strings.Builder
	for _, p := range prefixes {
		fmt.Fprintf(&b, "PREFIX %s: <%s>\n", p.name, p.iri)
	}
	b.WriteString(`
SELECT ?coop ?name ?type (GROUP_CONCAT(?sector; separator=", ") AS ?sectors)
WHERE {
  ?coop a coop:PlatformCooperative ;
        schema:name ?name ;
        coop:status status:operating ;
        coop:sector/skos:prefLabel ?sector .
  OPTIONAL { ?coop coop:platformType/skos:prefLabel ?type }
}
GROUP BY ?coop ?name ?type
ORDER BY ?name
`)
	return b.String()
}

// ontologyPage is the view of ontology.html.
type ontologyPage struct {
	Page        page
	IRI         string
	Title       string
	Description string
	Version     string
	Modified    string
	License     string
	Classes     []termView
	Properties  []termView
	Schemes     []termView
}

type termView struct {
	Anchor, Label, CURIE, Definition, Kind, Notation string
	BroaderLabel                                     string
	Domain, Range, Broader, Matches, Source          []Link
	Concepts                                         []termView
}

func renderOntology(b *bytes.Buffer, ont *Ontology) error {
	v := ontologyPage{
		Page: commonPage(""), IRI: ont.IRI, Title: ont.Title, Description: ont.Description,
		Version: ont.Version, Modified: ont.Modified, License: ont.License,
	}
	for _, t := range ont.Classes {
		tv := termViewOf(ont, t)
		tv.BroaderLabel = "Subclass of"
		v.Classes = append(v.Classes, tv)
	}
	for _, t := range ont.Properties {
		tv := termViewOf(ont, t)
		tv.Kind = t.Kind
		tv.BroaderLabel = "Subproperty of"
		v.Properties = append(v.Properties, tv)
	}
	for _, t := range ont.Schemes {
		tv := termViewOf(ont, t)
		for _, c := range t.Concepts {
			tv.Concepts = append(tv.Concepts, termViewOf(ont, c))
		}
		v.Schemes = append(v.Schemes, tv)
	}
	return pages.ExecuteTemplate(b, "ontology", v)
}

func termViewOf(ont *Ontology, t *Term) termView {
	refs := func(iris []string) []Link {
		var out []Link
		for _, iri := range iris {
			out = append(out, refLink(ont, iri))
		}
		return out
	}
	return termView{
		Anchor: t.Anchor(), Label: t.Label, CURIE: CURIE(t.IRI), Definition: t.Definition, Notation: t.Notation,
		Domain: refs(t.Domain), Range: refs(t.Range), Broader: refs(t.Broader), Matches: refs(t.Matches), Source: refs(t.Source),
	}
}

// refLink links an IRI from ontology.html: to its entry when the ontology defines it, else to
// the IRI itself, shown as a compact IRI.
func refLink(ont *Ontology, iri string) Link {
	if t := ont.Term(iri); t != nil {
		return Link{Text: CURIE(iri), Href: "#" + t.Anchor(), Title: t.Label}
	}
	return Link{Text: CURIE(iri), Href: iri}
}

// CURIE shortens iri with the longest namespace of vocab.Prefixes that it starts with.
func CURIE(iri string) string {
	best := vocab.Prefix{}
	for _, p := range vocab.Prefixes {
		if strings.HasPrefix(iri, p.IRI) && len(p.IRI) > len(best.IRI) && len(iri) > len(p.IRI) {
			best = p
		}
	}
	if best.IRI == "" {
		return iri
	}
	return best.Name + ":" + iri[len(best.IRI):]
}

// describe says what a file of the exports holds, for the download table.
func describe(name string) (format, what string) {
	known := map[string]string{
		"coops.ttl":      "every co-op",
		"coops.nt":       "every co-op, one triple a line",
		"coops.nt.gz":    "every co-op, one triple a line",
		"coops.jsonld":   "every co-op",
		"ontology.ttl":   "the coopgraph ontology and its concept schemes",
		"shapes.ttl":     "SHACL shapes every co-op meets",
		"context.jsonld": "the JSON-LD context",
		"void.ttl":       "the dataset described with VoID and DCAT",
		"SHA256SUMS":     "SHA-256 checksums of the files",
	}
	what = known[name]
	if strings.HasPrefix(name, "void.") {
		what = known["void.ttl"]
	}
	// The last extension names the format ("void.jsonld", "coops.nt.gz").
	gz := strings.HasSuffix(name, ".gz")
	ext := path.Ext(strings.TrimSuffix(name, ".gz"))
	switch {
	case name == "shapes.ttl":
		format = "Turtle (SHACL)"
	case name == "context.jsonld":
		format = "JSON-LD context"
	default:
		if f, err := output.Lookup(ext); err == nil {
			format = f.Title
		} else {
			format = "text"
		}
	}
	if gz {
		format += ", gzip"
	}
	return format, what
}

// humanSize writes a byte count for people: "812 bytes", "41.2 kB", "3.1 MB".
func humanSize(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < 1000*1000:
		return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) + " kB"
	default:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
	}
}
