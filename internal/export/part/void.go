package part

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/coopgraph/coopgraph/internal/encode/jsonld"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/encode/turtle"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/stage"
	"github.com/coopgraph/coopgraph/vocab"
)

// The files that describe the publication as a whole (<base>dataset): void.ttl, and the same
// graph in JSON-LD and N-Triples for the clients that ask for those.
const (
	VoIDName         = "void.ttl"
	VoIDJSONLDName   = "void.jsonld"
	VoIDNTriplesName = "void.nt"
)

// DescriptionDir holds the description of each dataset of the publication (the directory and
// every imported one), DescriptionDir/<name>.void.ttl, .void.jsonld and .void.nt: what the
// dataset's IRI, <base>dataset/<name>, answers with.
const DescriptionDir = "datasets"

// DescriptionExts end the names of a dataset's description documents, and of void.ttl's
// companions, in the order written.
var DescriptionExts = []string{".ttl", ".jsonld", ".nt"}

// DescriptionFiles returns the description documents of the dataset called name.
func DescriptionFiles(name string) []string {
	var out []string
	for _, ext := range DescriptionExts {
		out = append(out, DescriptionDir+"/"+name+".void"+ext)
	}
	return out
}

// Distribution is one file the dataset is published as.
type Distribution struct {
	File      string // name in the exports folder
	Title     string // what the file is, in English
	MediaType string // IANA media type of the content, like "text/turtle"
	Compress  string // IANA media type of the compression ("application/gzip"), or ""
	Feature   string // the W3C format IRI of a dump's syntax, or ""
	Dump      bool   // the whole dataset (void:dataDump), not a vocabulary file
}

// DatasetOptions describe one dataset of the publication: the directory, or an imported one.
type DatasetOptions struct {
	Mapper *mapping.Mapper
	// Name names the dataset's description documents (DescriptionFiles).
	Name string
	// Title and Description are in English when Lang is "en", plain strings otherwise (an
	// imported dataset's title is its publisher's). Description may be "".
	Title, Description, Lang string
	// License is the IRI of the dataset's licence; Attribution the attribution it asks for
	// (dct:rights), or "".
	License, Attribution string
	// Source is where the data comes from (dct:source, prov:wasDerivedFrom), or "" for data
	// kept here; SourceFile and SourceSHA256 name the file imported from it, when known.
	Source, SourceFile, SourceSHA256 string
	// Distributions are the dataset's dumps.
	Distributions []Distribution
	// Issued, when set (YYYY-MM-DD), is the date of issue (from SOURCE_DATE_EPOCH); otherwise the
	// earliest "updated" date of the records is.
	Issued string
	// Examples is how many co-ops to give as example resources (default 3).
	Examples int
	// Described are the triples of the dataset's own description that open its dumps (sorted,
	// before the co-ops): counted with the co-ops' triples, since they are in the files.
	Described []rdf.Triple
}

// Title and Description of the directory and of the publication, as void.ttl gives them.
const (
	DatasetTitle       = "coopgraph: the directory of platform co-operatives"
	DatasetDescription = "Platform co-operatives (co-operative marketplaces, produser-owned platforms, " +
		"city-owned sharing platforms and union-backed platforms) as linked data: their names, " +
		"platform types, statuses, sectors, member classes, websites and locations where known, " +
		"and for every record the pages its facts come from with the supporting passages."
	PublicationTitle       = "coopgraph: platform co-operatives and co-operative datasets as linked data"
	PublicationDescription = "Everything coopgraph publishes: the directory of platform co-operatives " +
		"and the co-operative datasets imported from other publishers, each a subset with its own " +
		"licence, source, figures and dumps; and the ontology, shapes and JSON-LD context they share."
	PublisherName = "coopgraph"
)

// Publication gathers the datasets of one export (the directory and the imported ones, each
// counted by its own VoID part) and, when the last of them finishes, writes what describes
// them all: void.ttl (with void.jsonld and void.nt), the publication <base>dataset as one
// void:Dataset with a void:subset per dataset; each dataset's own description documents
// (DescriptionFiles); and SHA256SUMS, the sums of every dump, of the vocabulary files and of
// those descriptions.
type Publication struct {
	m        *mapping.Mapper
	digests  *stage.Digests
	issued   string
	static   []Distribution
	subsets  []*VoID
	finished int
}

// NewPublication returns the publication of an export under m's base; static are the files
// every dataset shares (the vocabulary files); issued as in DatasetOptions.
func NewPublication(m *mapping.Mapper, digests *stage.Digests, static []Distribution, issued string) *Publication {
	return &Publication{m: m, digests: digests, static: static, issued: issued}
}

// Digests returns the digests the publication reads the dumps' sizes and sums from: the dumps'
// writers should take them as they write.
func (p *Publication) Digests() *stage.Digests { return p.digests }

// NewVoID returns the part that counts one dataset of the publication. Every dataset must be
// added before the first of them finishes.
func (p *Publication) NewVoID(opt DatasetOptions) *VoID {
	if opt.Examples == 0 {
		opt.Examples = 3
	}
	v := &VoID{opt: opt, pub: p, space: opt.Mapper.URISpace(), classes: map[string]*classCount{}, props: map[string]int64{}}
	p.subsets = append(p.subsets, v)
	return v
}

// VoID is the part that counts one dataset of a Publication for its VoID and DCAT description:
// title, licence, attribution, source, dates, vocabularies, counts of triples and entities, class
// and property partitions, example resources, the URI space, and one dcat:Distribution per dump
// with its media type, size and SHA-256 sum. The counts are kept while records stream through
// Add (a handful of counters per class and property, never the triples), so memory stays flat.
// It relies on the order of the dumps: a subject's triples are consecutive (rdf.CompareTriples).
type VoID struct {
	opt   DatasetOptions
	pub   *Publication
	space string

	triples, subjects, entities int64
	classes                     map[string]*classCount
	props                       map[string]int64

	// the subject whose triples are being counted
	subj      rdf.Term
	subjN     int64
	subjTypes []string

	examples         []example
	earliest, latest string
}

type classCount struct{ entities, triples int64 }

type example struct {
	iri string
	n   int
}

// Start counts the triples of the dataset's own description (the rest is written when every
// file is complete).
func (v *VoID) Start(*stage.Staging) error {
	v.count(v.opt.Described)
	return nil
}

// Add counts one record's triples.
func (v *VoID) Add(it *pipeline.Item) error {
	if r := it.Record; r != nil {
		if u := r.Updated; u != "" {
			if v.earliest == "" || u < v.earliest {
				v.earliest = u
			}
			if u > v.latest {
				v.latest = u
			}
		}
		v.example(v.opt.Mapper.CoopIRI(r.ID), len(it.Triples))
	}
	v.count(it.Triples)
	return nil
}

// count counts sorted triples that follow those counted before.
func (v *VoID) count(ts []rdf.Triple) {
	for _, t := range ts {
		if t.S != v.subj {
			v.endSubject()
			v.subj = t.S
		}
		v.triples++
		v.subjN++
		v.props[t.P.Value]++
		if t.P.Value == vocab.RDFType && t.O.Kind == rdf.IRI {
			v.subjTypes = append(v.subjTypes, t.O.Value)
		}
	}
}

// example keeps the co-ops with the most triples (the most complete records), earliest id first
// among equals.
func (v *VoID) example(iri string, n int) {
	i := len(v.examples)
	for i > 0 && v.examples[i-1].n < n {
		i--
	}
	if i >= v.opt.Examples {
		return
	}
	v.examples = slices.Insert(v.examples, i, example{iri, n})
	if len(v.examples) > v.opt.Examples {
		v.examples = v.examples[:v.opt.Examples]
	}
}

func (v *VoID) endSubject() {
	if v.subjN == 0 {
		return
	}
	v.subjects++
	if v.subj.Kind == rdf.IRI && strings.HasPrefix(v.subj.Value, v.space) {
		v.entities++
	}
	for _, c := range v.subjTypes {
		cc := v.classes[c]
		if cc == nil {
			cc = &classCount{}
			v.classes[c] = cc
		}
		cc.entities++
		cc.triples += v.subjN
	}
	v.subj, v.subjN, v.subjTypes = rdf.Term{}, 0, v.subjTypes[:0]
}

// Finish ends the count; the last dataset of the publication to finish writes the descriptions
// and SHA256SUMS.
func (v *VoID) Finish(st *stage.Staging) error {
	v.endSubject()
	v.pub.finished++
	if v.pub.finished < len(v.pub.subsets) {
		return nil
	}
	return v.pub.write(st)
}

// Header lines of the description documents.
var descriptionHeader = []string{
	"coopgraph: the VoID and DCAT description of what this folder publishes.",
	"Every count, size and checksum below is of the files it names.",
}

// write writes void.ttl and its companions, each dataset's description and SHA256SUMS.
func (p *Publication) write(st *stage.Staging) error {
	pubIRI := rdf.NewIRI(p.m.PublicationIRI())
	var all []rdf.Triple
	add := func(s rdf.Term, pr string, o rdf.Term) { all = append(all, rdf.Triple{S: s, P: rdf.NewIRI(pr), O: o}) }
	integer := func(n int64) rdf.Term { return rdf.NewTyped(strconv.FormatInt(n, 10), vocab.XSDInteger) }
	en := func(s string) rdf.Term { return rdf.NewLangString(s, "en") }
	sums := []string{VoIDName, VoIDJSONLDName, VoIDNTriplesName}

	add(pubIRI, vocab.RDFType, rdf.NewIRI(vocab.VOIDDataset))
	add(pubIRI, vocab.RDFType, rdf.NewIRI(vocab.DCATDataset))
	add(pubIRI, vocab.DCTTitle, en(PublicationTitle))
	add(pubIRI, vocab.DCTDescription, en(PublicationDescription))
	pub := rdf.NewIRI(Fragment(p.m.PublicationIRI(), "publisher"))
	add(pubIRI, vocab.DCTPublisher, pub)
	add(pub, vocab.RDFType, rdf.NewIRI(vocab.FOAFAgent))
	add(pub, vocab.FOAFName, rdf.NewString(PublisherName))
	add(pubIRI, vocab.VOIDURISpace, rdf.NewString(p.m.Base()+"id/"))
	var triples, entities, subjects int64
	classes, props, licences := map[string]bool{}, map[string]bool{}, map[string]bool{}
	earliest, latest := "", ""
	for _, v := range p.subsets {
		ts, err := v.Triples(st)
		if err != nil {
			return err
		}
		s := rdf.NewIRI(v.opt.Mapper.DatasetIRI())
		add(pubIRI, vocab.VOIDSubset, s)
		ts = append(ts, rdf.Triple{S: s, P: rdf.NewIRI(vocab.DCTIsPartOf), O: pubIRI})
		slices.SortFunc(ts, rdf.CompareTriples)
		if err := writeGraph(st, DescriptionFiles(v.opt.Name), ts, p.digests); err != nil {
			return err
		}
		sums = append(sums, DescriptionFiles(v.opt.Name)...)
		all = append(all, ts...)
		triples += v.triples
		entities += v.entities
		subjects += v.subjects
		for c := range v.classes {
			classes[c] = true
		}
		for pr := range v.props {
			props[pr] = true
		}
		licences[v.opt.License] = true
		for _, d := range v.opt.Distributions {
			sums = append(sums, d.File)
			if d.Dump {
				add(pubIRI, vocab.VOIDDataDump, rdf.NewIRI(p.m.Base()+d.File))
			}
		}
		if v.earliest != "" && (earliest == "" || v.earliest < earliest) {
			earliest = v.earliest
		}
		latest = max(latest, v.latest)
	}
	if len(licences) == 1 { // one licence for all: the publication's
		for l := range licences {
			add(pubIRI, vocab.DCTLicense, rdf.NewIRI(l))
		}
	}
	if issued := cmp.Or(p.issued, earliest); issued != "" {
		add(pubIRI, vocab.DCTIssued, rdf.NewTyped(issued, vocab.XSDDate))
	}
	if latest != "" {
		add(pubIRI, vocab.DCTModified, rdf.NewTyped(latest, vocab.XSDDate))
	}
	add(pubIRI, vocab.VOIDTriples, integer(triples))
	add(pubIRI, vocab.VOIDEntities, integer(entities))
	add(pubIRI, vocab.VOIDDistinctSubjects, integer(subjects))
	add(pubIRI, vocab.VOIDClasses, integer(int64(len(classes))))
	add(pubIRI, vocab.VOIDProperties, integer(int64(len(props))))
	dists, err := distributionTriples(st, p.digests, p.m.PublicationIRI(), p.m.Base(), p.static)
	if err != nil {
		return err
	}
	all = append(all, dists...)
	for _, t := range dists { // the vocabulary files are the directory's terms: CC0 1.0
		if t.P.Value == vocab.RDFType && t.O.Value == vocab.DCATDistribution {
			add(t.S, vocab.DCTLicense, rdf.NewIRI(vocab.DataLicense))
		}
	}
	for _, d := range p.static {
		sums = append(sums, d.File)
	}
	slices.SortFunc(all, rdf.CompareTriples)
	all = slices.CompactFunc(all, func(a, b rdf.Triple) bool { return rdf.CompareTriples(a, b) == 0 })
	if err := writeGraph(st, []string{VoIDName, VoIDJSONLDName, VoIDNTriplesName}, all, p.digests); err != nil {
		return err
	}
	return NewSums(sums, p.digests).Finish(st)
}

// writeGraph writes sorted triples as Turtle, JSON-LD and N-Triples, to the files named (in the
// order of DescriptionExts), and takes their digests.
func writeGraph(st *stage.Staging, files []string, ts []rdf.Triple, digests *stage.Digests) error {
	for i, name := range files {
		f, err := st.Create(name)
		if err != nil {
			return err
		}
		dw := digests.Writer(name, f)
		bw := bufio.NewWriter(dw)
		var enc interface {
			Encode(rdf.Triple) error
			Close() error
		}
		switch DescriptionExts[i] {
		case ".ttl":
			enc = turtle.NewEncoder(bw, turtle.Options{Prefixes: vocab.DatasetPrefixes, Header: descriptionHeader})
		case ".jsonld":
			enc = jsonld.NewEncoder(bw, jsonld.Options{})
		default:
			enc = ntriples.NewEncoder(bw)
		}
		for _, t := range ts {
			if err := enc.Encode(t); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		if err := enc.Close(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		if err := dw.Close(); err != nil {
			return err
		}
	}
	return nil
}

// Triples returns the description of the dataset, sorted (rdf.CompareTriples). It reads the
// digests of the distributions from the staging folder.
func (v *VoID) Triples(st *stage.Staging) ([]rdf.Triple, error) {
	var out []rdf.Triple
	ds := v.opt.Mapper.DatasetIRI()
	d := rdf.NewIRI(ds)
	add := func(s rdf.Term, p string, o rdf.Term) { out = append(out, rdf.Triple{S: s, P: rdf.NewIRI(p), O: o}) }
	iri := rdf.NewIRI
	integer := func(n int64) rdf.Term { return rdf.NewTyped(strconv.FormatInt(n, 10), vocab.XSDInteger) }
	text := func(s string) rdf.Term {
		if v.opt.Lang != "" {
			return rdf.NewLangString(s, v.opt.Lang)
		}
		return rdf.NewString(s)
	}

	add(d, vocab.RDFType, iri(vocab.VOIDDataset))
	add(d, vocab.RDFType, iri(vocab.DCATDataset))
	add(d, vocab.DCTTitle, text(v.opt.Title))
	if v.opt.Description != "" {
		add(d, vocab.DCTDescription, text(v.opt.Description))
	}
	add(d, vocab.DCTLicense, iri(v.opt.License))
	if v.opt.Attribution != "" {
		add(d, vocab.DCTRights, rdf.NewString(v.opt.Attribution))
	}
	if v.opt.Source != "" {
		add(d, vocab.DCTSource, iri(v.opt.Source))
		add(d, vocab.PROVWasDerivedFrom, iri(v.opt.Source))
	}
	if v.opt.SourceFile != "" {
		// The file imported: a node of the description, derived from the source.
		f := iri(Fragment(ds, "source-file"))
		add(d, vocab.PROVWasDerivedFrom, f)
		add(f, vocab.RDFType, iri(vocab.PROVEntity))
		add(f, vocab.DCTTitle, rdf.NewString(v.opt.SourceFile))
		if v.opt.Source != "" {
			add(f, vocab.PROVWasDerivedFrom, iri(v.opt.Source))
		}
		if v.opt.SourceSHA256 != "" {
			sum := iri(Fragment(ds, "checksum-source-file"))
			add(f, vocab.SPDXChecksumP, sum)
			add(sum, vocab.RDFType, iri(vocab.SPDXChecksum))
			add(sum, vocab.SPDXAlgorithm, iri(vocab.SPDXAlgorithmSHA256))
			add(sum, vocab.SPDXChecksumValue, rdf.NewTyped(v.opt.SourceSHA256, vocab.XSDHexBinary))
		}
	}
	pub := iri(Fragment(v.pub.m.PublicationIRI(), "publisher"))
	add(d, vocab.DCTPublisher, pub)
	issued := v.opt.Issued
	if issued == "" {
		issued = v.earliest
	}
	if issued != "" {
		add(d, vocab.DCTIssued, rdf.NewTyped(issued, vocab.XSDDate))
	}
	if v.latest != "" {
		add(d, vocab.DCTModified, rdf.NewTyped(v.latest, vocab.XSDDate))
	}
	add(d, vocab.VOIDURISpace, rdf.NewString(v.space))
	add(d, vocab.VOIDTriples, integer(v.triples))
	add(d, vocab.VOIDEntities, integer(v.entities))
	add(d, vocab.VOIDDistinctSubjects, integer(v.subjects))
	add(d, vocab.VOIDClasses, integer(int64(len(v.classes))))
	add(d, vocab.VOIDProperties, integer(int64(len(v.props))))
	for _, e := range v.examples {
		add(d, vocab.VOIDExampleResource, iri(e.iri))
	}

	vocabs := map[string]bool{}
	names := map[string]bool{}
	for _, c := range sortedKeys(v.classes) {
		vocabs[Namespace(c)] = true
		cp := iri(Fragment(ds, "class-"+slug(c, names)))
		add(d, vocab.VOIDClassPartition, cp)
		add(cp, vocab.VOIDClass, iri(c))
		add(cp, vocab.VOIDEntities, integer(v.classes[c].entities))
		add(cp, vocab.VOIDTriples, integer(v.classes[c].triples))
	}
	for _, p := range sortedKeys(v.props) {
		vocabs[Namespace(p)] = true
		pp := iri(Fragment(ds, "property-"+slug(p, names)))
		add(d, vocab.VOIDPropertyPartition, pp)
		add(pp, vocab.VOIDProperty, iri(p))
		add(pp, vocab.VOIDTriples, integer(v.props[p]))
	}
	for ns := range vocabs {
		add(d, vocab.VOIDVocabulary, iri(ns))
	}
	for _, dist := range v.opt.Distributions {
		if dist.Dump {
			add(d, vocab.VOIDDataDump, iri(v.pub.m.Base()+dist.File))
		}
		if dist.Feature != "" {
			add(d, vocab.VOIDFeature, iri(dist.Feature))
		}
	}
	dists, err := distributionTriples(st, v.pub.digests, ds, v.pub.m.Base(), v.opt.Distributions)
	if err != nil {
		return nil, err
	}
	// Each distribution is under the dataset's licence.
	for _, t := range dists {
		if t.P.Value == vocab.RDFType && t.O.Value == vocab.DCATDistribution {
			add(t.S, vocab.DCTLicense, iri(v.opt.License))
		}
	}
	out = append(out, dists...)
	slices.SortFunc(out, rdf.CompareTriples)
	return slices.CompactFunc(out, func(a, b rdf.Triple) bool { return rdf.CompareTriples(a, b) == 0 }), nil
}

// distributionTriples describe files as dcat:Distributions of the dataset ds: title, download
// URL, media type, compression, size and SHA-256 sum (nodes ds#distribution-<file> and
// ds#checksum-<file>).
func distributionTriples(st *stage.Staging, digests *stage.Digests, ds, base string, dists []Distribution) ([]rdf.Triple, error) {
	var out []rdf.Triple
	add := func(s rdf.Term, p string, o rdf.Term) { out = append(out, rdf.Triple{S: s, P: rdf.NewIRI(p), O: o}) }
	iri := rdf.NewIRI
	d := iri(ds)
	for _, dist := range dists {
		dg, err := digests.Of(st, dist.File)
		if err != nil {
			return nil, err
		}
		id := strings.NewReplacer(".", "-", "/", "-").Replace(dist.File)
		dn := iri(Fragment(ds, "distribution-"+id))
		add(d, vocab.DCATDistributionP, dn)
		add(dn, vocab.RDFType, iri(vocab.DCATDistribution))
		add(dn, vocab.DCTTitle, rdf.NewLangString(dist.Title, "en"))
		add(dn, vocab.DCATDownloadURL, iri(base+dist.File))
		add(dn, vocab.DCATMediaType, iri(vocab.IANAMediaTypes+dist.MediaType))
		if dist.Compress != "" {
			add(dn, vocab.DCATCompressFormat, iri(vocab.IANAMediaTypes+dist.Compress))
		}
		add(dn, vocab.DCATByteSize, rdf.NewTyped(strconv.FormatInt(dg.Size, 10), vocab.XSDNonNegInt))
		sum := iri(Fragment(ds, "checksum-"+id))
		add(dn, vocab.SPDXChecksumP, sum)
		add(sum, vocab.RDFType, iri(vocab.SPDXChecksum))
		add(sum, vocab.SPDXAlgorithm, iri(vocab.SPDXAlgorithmSHA256))
		add(sum, vocab.SPDXChecksumValue, rdf.NewTyped(dg.Hex(), vocab.XSDHexBinary))
	}
	return out, nil
}

// Fragment returns the IRI of a node of the dataset description: iri#name, or iri-name when
// iri already has a fragment (a base ending in "#").
func Fragment(iri, name string) string {
	if strings.Contains(iri, "#") {
		return iri + "-" + name
	}
	return iri + "#" + name
}

// Namespace returns the vocabulary of a class or property IRI: the IRI up to and including its
// last "#" or "/".
func Namespace(iri string) string {
	return iri[:strings.LastIndexAny(iri, "#/")+1]
}

// slug names a class or property in a fragment: its compact name with "-" for ":"
// ("schema-Organization"), or "n" when it has no safe compact name; a number is added to a name
// already used.
func slug(iri string, used map[string]bool) string {
	s, best := "n", ""
	for _, p := range vocab.DatasetPrefixes {
		if len(p.IRI) > len(best) && strings.HasPrefix(iri, p.IRI) && turtle.SafeLocal(iri[len(p.IRI):]) {
			best, s = p.IRI, p.Name+"-"+iri[len(p.IRI):]
		}
	}
	out := s
	for i := 1; used[out]; i++ {
		out = s + "-" + strconv.Itoa(i)
	}
	used[out] = true
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp.Compare)
	return keys
}
