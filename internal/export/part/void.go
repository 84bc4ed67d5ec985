package part

import (
	"bufio"
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/coopgraph/coopgraph/internal/encode/turtle"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/stage"
	"github.com/coopgraph/coopgraph/vocab"
)

// VoIDName is the file that describes the dataset.
const VoIDName = "void.ttl"

// Distribution is one file the dataset is published as.
type Distribution struct {
	File      string // name in the exports folder
	Title     string // what the file is, in English
	MediaType string // IANA media type of the content, like "text/turtle"
	Compress  string // IANA media type of the compression ("application/gzip"), or ""
	Feature   string // the W3C format IRI of a dump's syntax, or ""
	Dump      bool   // the whole dataset (void:dataDump), not a vocabulary file
}

// DatasetOptions describe the dataset as a whole.
type DatasetOptions struct {
	Mapper        *mapping.Mapper
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

// Title and Description of the dataset, as void.ttl gives them.
const (
	DatasetTitle       = "coopgraph: the directory of platform co-operatives"
	DatasetDescription = "Platform co-operatives (co-operative marketplaces, produser-owned platforms, " +
		"city-owned sharing platforms and union-backed platforms) as linked data: their names, " +
		"platform types, statuses, sectors, member classes, websites and locations where known, " +
		"and for every record the pages its facts come from with the supporting passages."
	PublisherName = "coopgraph"
)

// VoID is the part that writes void.ttl, the VoID and DCAT description of the dataset: title,
// licence, publisher, dates, vocabularies, counts of triples and entities, class and property
// partitions, example resources, the URI space, and one dcat:Distribution per file with its
// media type, size and SHA-256 sum. The counts are kept while records stream through Add (a
// handful of counters per class and property, never the triples), so memory stays flat. It
// relies on the order of the dumps: a subject's triples are consecutive (rdf.CompareTriples).
type VoID struct {
	opt     DatasetOptions
	digests *stage.Digests
	space   string

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

// NewVoID returns the part writing void.ttl; digests is shared with the other parts that read
// the finished files.
func NewVoID(opt DatasetOptions, digests *stage.Digests) *VoID {
	if opt.Examples == 0 {
		opt.Examples = 3
	}
	return &VoID{opt: opt, digests: digests, space: opt.Mapper.URISpace(), classes: map[string]*classCount{}, props: map[string]int64{}}
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

// Finish writes void.ttl.
func (v *VoID) Finish(st *stage.Staging) error {
	v.endSubject()
	ts, err := v.Triples(st)
	if err != nil {
		return err
	}
	f, err := st.Create(VoIDName)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	enc := turtle.NewEncoder(bw, turtle.Options{Prefixes: vocab.DatasetPrefixes, Header: []string{
		"coopgraph: the VoID and DCAT description of the dataset in this folder.",
		"Every count, size and checksum below is of the files beside this one.",
	}})
	for _, t := range ts {
		if err := enc.Encode(t); err != nil {
			return err
		}
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// Triples returns the description, sorted (rdf.CompareTriples). It reads the digests of the
// distributions from the staging folder.
func (v *VoID) Triples(st *stage.Staging) ([]rdf.Triple, error) {
	var out []rdf.Triple
	ds := v.opt.Mapper.DatasetIRI()
	d := rdf.NewIRI(ds)
	add := func(s rdf.Term, p string, o rdf.Term) { out = append(out, rdf.Triple{S: s, P: rdf.NewIRI(p), O: o}) }
	iri := rdf.NewIRI
	integer := func(n int64) rdf.Term { return rdf.NewTyped(strconv.FormatInt(n, 10), vocab.XSDInteger) }
	en := func(s string) rdf.Term { return rdf.NewLangString(s, "en") }
	base := v.opt.Mapper.Base()

	add(d, vocab.RDFType, iri(vocab.VOIDDataset))
	add(d, vocab.RDFType, iri(vocab.DCATDataset))
	add(d, vocab.DCTTitle, en(DatasetTitle))
	add(d, vocab.DCTDescription, en(DatasetDescription))
	add(d, vocab.DCTLicense, iri(vocab.DataLicense))
	pub := iri(Fragment(ds, "publisher"))
	add(d, vocab.DCTPublisher, pub)
	add(pub, vocab.RDFType, iri(vocab.FOAFAgent))
	add(pub, vocab.FOAFName, rdf.NewString(PublisherName))
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
		dg, err := v.digests.Of(st, dist.File)
		if err != nil {
			return nil, err
		}
		id := strings.ReplaceAll(dist.File, ".", "-")
		dn := iri(Fragment(ds, "distribution-"+id))
		url := iri(base + dist.File)
		add(d, vocab.DCATDistributionP, dn)
		if dist.Dump {
			add(d, vocab.VOIDDataDump, url)
		}
		if dist.Feature != "" {
			add(d, vocab.VOIDFeature, iri(dist.Feature))
		}
		add(dn, vocab.RDFType, iri(vocab.DCATDistribution))
		add(dn, vocab.DCTTitle, en(dist.Title))
		add(dn, vocab.DCTLicense, iri(vocab.DataLicense))
		add(dn, vocab.DCATDownloadURL, url)
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
	slices.SortFunc(out, rdf.CompareTriples)
	return slices.CompactFunc(out, func(a, b rdf.Triple) bool { return rdf.CompareTriples(a, b) == 0 }), nil
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
