package site

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	output "github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/geo"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/vocab"
)

//go:embed templates
var templateFS embed.FS

var (
	styleCSS = mustRead("templates/style.css")
	filterJS = mustRead("templates/filter.js")
	pages    = template.Must(template.New("").ParseFS(templateFS, "templates/*.tmpl"))
	// csp allows nothing but the page's own style and script (by hash): no request can leave the
	// exports, and a change to either block that forgets its hash shows as a console error.
	csp = "default-src 'none'; img-src data:; style-src '" + hash(styleCSS) + "'; script-src '" + hash(filterJS) +
		"'; base-uri 'none'; form-action 'none'"
)

func mustRead(name string) string {
	b, err := templateFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// page is what every page shares.
type page struct {
	CSP     string
	CSS     template.CSS
	Script  template.JS
	License string
}

func commonPage() page {
	return page{CSP: csp, CSS: template.CSS(styleCSS), Script: template.JS(filterJS), License: vocab.DataLicense}
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
func renderCoop(b *bytes.Buffer, r *record.Record, iri string, ont *Ontology, name func(id string) (string, bool), doc []byte) error {
	low := bytes.ToLower(doc)
	if bytes.Contains(low, []byte("</script")) || bytes.Contains(low, []byte("<!--")) || bytes.Contains(low, []byte("<script")) {
		return ErrUnsafeScript
	}
	v := coopPage{
		Page:         commonPage(),
		ID:           r.ID,
		IRI:          iri,
		Name:         r.Name,
		Descriptions: r.Description,
		Founded:      r.Founded,
		Website:      r.Website,
		SameAs:       r.SameAs,
		JSONLD:       template.JS(bytes.TrimRight(doc, "\n")),
	}
	for _, d := range r.Description {
		if d.Lang == "en" || strings.HasPrefix(d.Lang, "en-") || v.Summary == "" {
			v.Summary = d.Value
		}
	}
	if r.Type != "" {
		v.Type = conceptLink(ont, vocab.PlatformTypeNamespace+r.Type, "../")
	}
	if r.Status != "" {
		v.Status = conceptLink(ont, vocab.StatusNamespace+r.Status, "../")
		v.StatusAsOf = r.StatusAsOf
		if i := r.StatusSource; i > 0 && i <= len(r.Sources) {
			v.StatusSource = &Link{Text: host(r.Sources[i-1].URL), Href: "#source-" + strconv.Itoa(i), Title: r.Sources[i-1].URL}
		}
	}
	for _, s := range r.Sectors {
		l := *conceptLink(ont, vocab.SectorNamespace+s, "../")
		l.Href = "../index.html?sector=" + s + "#coops" // the other co-ops of the sector
		v.Sectors = append(v.Sectors, l)
	}
	for _, m := range r.Members {
		v.Members = append(v.Members, *conceptLink(ont, vocab.MemberClassNamespace+m, "../"))
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

// row is a co-op in the list of index.html: what the list and its filters need, and no more,
// since the site part keeps one per record until it finishes.
type row struct {
	ID, Name string
	Type     string   // platform type slug, "" when none
	Status   string   // status slug
	Sectors  []string // sector slugs
}

type indexRow struct {
	ID, Name     string
	Href         string
	Type, Status *Link
	Sectors      []Link
	TypeValue    string
	SectorValues string
}

type option struct {
	Value, Text string
	Count       int
}

type download struct {
	Name, Format, What string
	Bytes              int64
	Size               string
	SHA256             string
}

type indexPage struct {
	Page       page
	Count      int
	Base       string
	DatasetIRI string
	Citation   string
	Downloads  []download
	Types      []option
	Sectors    []option
	Coops      []indexRow
	SPARQL     string
}

// noType is the filter value of co-ops outside the typology.
const noType = "none"

func renderIndex(b *bytes.Buffer, rows []row, ont *Ontology, m *mapping.Mapper, downloads []download) error {
	v := indexPage{
		Page:       commonPage(),
		Count:      len(rows),
		Base:       strings.TrimSuffix(m.CoopIRI(""), "id/"),
		DatasetIRI: m.DatasetIRI(),
		Downloads:  downloads,
		SPARQL:     ExampleQuery(),
	}
	v.Citation = Citation + ", " + v.DatasetIRI + ". Published under CC0 1.0."
	typeCount, sectorCount := map[string]int{}, map[string]int{}
	for _, r := range rows {
		ir := indexRow{ID: r.ID, Name: r.Name, Href: "id/" + r.ID + ".html", TypeValue: noType}
		if r.Type != "" {
			ir.Type = conceptLink(ont, vocab.PlatformTypeNamespace+r.Type, "")
			ir.TypeValue = r.Type
		}
		typeCount[ir.TypeValue]++
		if r.Status != "" {
			ir.Status = conceptLink(ont, vocab.StatusNamespace+r.Status, "")
		}
		for _, s := range r.Sectors {
			ir.Sectors = append(ir.Sectors, *conceptLink(ont, vocab.SectorNamespace+s, ""))
			sectorCount[s]++
		}
		ir.SectorValues = strings.Join(r.Sectors, " ")
		v.Coops = append(v.Coops, ir)
	}
	// Filter options follow the concept schemes' order; only values some co-op has are offered.
	for _, scheme := range ont.Schemes {
		for _, c := range scheme.Concepts {
			switch {
			case strings.HasPrefix(c.IRI, vocab.PlatformTypeNamespace) && typeCount[c.Notation] > 0:
				v.Types = append(v.Types, option{Value: c.Notation, Text: c.Label, Count: typeCount[c.Notation]})
			case strings.HasPrefix(c.IRI, vocab.SectorNamespace) && sectorCount[c.Notation] > 0:
				v.Sectors = append(v.Sectors, option{Value: c.Notation, Text: c.Label, Count: sectorCount[c.Notation]})
			}
		}
	}
	if n := typeCount[noType]; n > 0 {
		v.Types = append(v.Types, option{Value: noType, Text: "not in the typology", Count: n})
	}
	return pages.ExecuteTemplate(b, "index", v)
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
		Page: commonPage(), IRI: ont.IRI, Title: ont.Title, Description: ont.Description,
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
	ext := name
	if i := strings.IndexByte(name, '.'); i >= 0 {
		ext = name[i:]
	}
	gz := strings.HasSuffix(ext, ".gz")
	ext = strings.TrimSuffix(ext, ".gz")
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
