package export_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
	krdf "github.com/knakk/rdf"
)

// distributionFiles are the files void.ttl must describe, one dcat:Distribution each.
var distributionFiles = []string{"context.jsonld", "coops.jsonld", "coops.nt", "coops.nt.gz", "coops.ttl", "ontology.ttl", "shapes.ttl"}

// descriptionFiles are the descriptions of an export of the directory alone: void.ttl and its
// companions, and the directory's own.
var descriptionFiles = []string{"datasets/directory.void.jsonld", "datasets/directory.void.nt", "datasets/directory.void.ttl", "void.jsonld", "void.nt", "void.ttl"}

// directoryOnly is what void.ttl holds of an export of data/coops alone.
var directoryOnly = map[string]subsetWant{vocab.DefaultBase + "dataset/directory": directoryWant}

func exportIssued(t *testing.T, out, issued string) {
	t.Helper()
	res, err := export.Run(export.Options{
		Inputs: []string{dataDir()}, Out: out, Base: vocab.DefaultBase,
		Formats: format.RDF(format.Defaults()), Record: record.Options{ThisYear: 2026}, Issued: issued,
	})
	if err != nil {
		t.Fatalf("export: %v\n%v", err, res.Diags)
	}
}

// graph gives structured access to a parsed graph.
type graph []rdf.Triple

func (g graph) objects(s, p string) []rdf.Term {
	var out []rdf.Term
	for _, t := range g {
		if t.S.Value == s && t.P.Value == p {
			out = append(out, t.O)
		}
	}
	return out
}

func (g graph) object(s, p string) (rdf.Term, bool) {
	o := g.objects(s, p)
	if len(o) != 1 {
		return rdf.Term{}, false
	}
	return o[0], true
}

// recount holds the figures recomputed from the dump with knakk/rdf's N-Triples decoder.
type recount struct {
	triples, entities int64
	subjects          map[string]int64
	classEntities     map[string]int64
	classTriples      map[string]int64
	props             map[string]int64
	vocabularies      map[string]bool
	coops             map[string]bool
}

// recountDump recounts an N-Triples dump whose entities are the subjects under space and whose
// co-ops are of the class coop.
func recountDump(t *testing.T, nt, space, coop string) recount {
	t.Helper()
	f, err := os.Open(nt)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ts, err := testkit.KnakkTriples(f, krdf.NTriples)
	if err != nil {
		t.Fatalf("knakk: %v", err)
	}
	r := recount{subjects: map[string]int64{}, classEntities: map[string]int64{}, classTriples: map[string]int64{},
		props: map[string]int64{}, vocabularies: map[string]bool{}, coops: map[string]bool{}}
	types := map[string][]string{}
	ns := func(iri string) string { return iri[:strings.LastIndexAny(iri, "/#")+1] }
	for _, tr := range ts {
		r.triples++
		r.subjects[tr.S.Value]++
		r.props[tr.P.Value]++
		r.vocabularies[ns(tr.P.Value)] = true
		if tr.P.Value == vocab.RDFType {
			types[tr.S.Value] = append(types[tr.S.Value], tr.O.Value)
			r.vocabularies[ns(tr.O.Value)] = true
			if tr.O.Value == coop {
				r.coops[tr.S.Value] = true
			}
		}
	}
	for s, cs := range types {
		for _, c := range cs {
			r.classEntities[c]++
			r.classTriples[c] += r.subjects[s]
		}
	}
	for s := range r.subjects {
		if strings.HasPrefix(s, space) {
			r.entities++
		}
	}
	return r
}

// updatedDates reads the records' updated dates straight from the YAML text.
func updatedDates(t *testing.T) (earliest, latest string) {
	t.Helper()
	re := regexp.MustCompile(`(?m)^updated: *"?([0-9]{4}-[0-9]{2}-[0-9]{2})"? *$`)
	files, _ := filepath.Glob(filepath.Join(dataDir(), "*.yaml"))
	for _, f := range files {
		for _, m := range re.FindAllStringSubmatch(string(read(t, f)), -1) {
			if earliest == "" || m[1] < earliest {
				earliest = m[1]
			}
			if m[1] > latest {
				latest = m[1]
			}
		}
	}
	return earliest, latest
}

// subsetWant is what void.ttl must say of one dataset of the publication besides its figures.
type subsetWant struct {
	nt, space, coop              string // its N-Triples dump, the start of its entities' IRIs, its co-ops' class
	license, source, attribution string
	english                      bool // its title and description are in English (the directory's)
	dates                        bool // it is dated by its records' updated
	dists                        []string
}

// directoryWant is the directory of data/coops as exportIssued writes it.
var directoryWant = subsetWant{
	nt: "coops.nt", space: vocab.DefaultBase + "id/", coop: vocab.CoopPlatformCoop, license: vocab.DataLicense,
	english: true, dates: true, dists: []string{"coops.jsonld", "coops.nt", "coops.nt.gz", "coops.ttl"},
}

// staticFiles are the files the publication itself distributes.
var staticFiles = []string{"context.jsonld", "ontology.ttl", "shapes.ttl"}

// voidProblems recomputes every figure of dir/void.ttl from the files beside it, with parsers
// coopgraph does not own, and returns what does not match: the publication <base>dataset with a
// void:subset per dataset (want, by the dataset's IRI), each counted from its own dump.
func voidProblems(t *testing.T, dir, issued string, want map[string]subsetWant) []string {
	t.Helper()
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	voidFile := filepath.Join(dir, "void.ttl")

	// void.ttl as rapper and knakk read it: the same graph, without blank nodes.
	byRapper := testkit.Rapper(t, voidFile)
	kts, err := testkit.KnakkTriples(bytes.NewReader(read(t, voidFile)), krdf.Turtle)
	if err != nil {
		t.Fatalf("knakk reading void.ttl: %v", err)
	}
	byKnakk, err := testkit.FromTriples(kts)
	if err != nil {
		t.Fatal(err)
	}
	if d := testkit.Diff(byRapper, byKnakk); d != "" {
		bad("rapper and knakk read void.ttl differently:\n%s", d)
	}
	g := graph(kts)
	for _, tr := range g {
		if tr.S.Kind == rdf.Blank || tr.O.Kind == rdf.Blank {
			bad("blank node in void.ttl: %v", tr)
		}
	}
	integer := func(s, p string, want int64) {
		o, ok := g.object(s, p)
		if !ok {
			bad("%s has no single %s", s, p)
			return
		}
		if o.DatatypeIRI() != vocab.XSDInteger {
			bad("%s %s is typed %s, want xsd:integer", s, p, o.DatatypeIRI())
		}
		if n, err := strconv.ParseInt(o.Value, 10, 64); err != nil || n != want {
			bad("%s %s is %q, the files give %d", s, p, o.Value, want)
		}
	}
	iriIs := func(s, p, want string) {
		if o, ok := g.object(s, p); !ok || o.Kind != rdf.IRI || o.Value != want {
			bad("%s %s is %v, want <%s>", s, p, g.objects(s, p), want)
		}
	}
	isDataset := func(ds string) {
		types := g.objects(ds, vocab.RDFType)
		if !slices.Contains(types, rdf.NewIRI(vocab.VOIDDataset)) || !slices.Contains(types, rdf.NewIRI(vocab.DCATDataset)) {
			bad("%s is not a void:Dataset and a dcat:Dataset: %v", ds, types)
		}
	}
	// distributions checks ds's dcat:distributions: download URL, media type, size and SHA-256
	// sum of each file, and that they are the files named.
	media := map[string][2]string{
		".ttl": {"text/turtle", ""}, ".nt": {"application/n-triples", ""}, ".jsonld": {"application/ld+json", ""},
		".nq": {"application/n-quads", ""}, ".nt.gz": {"application/n-triples", "application/gzip"},
	}
	distributions := func(ds, license string, want []string) {
		var files []string
		for _, dn := range g.objects(ds, vocab.DCATDistributionP) {
			d := dn.Value
			iriIs(d, vocab.RDFType, vocab.DCATDistribution)
			iriIs(d, vocab.DCTLicense, license)
			u, ok := g.object(d, vocab.DCATDownloadURL)
			if !ok || !strings.HasPrefix(u.Value, vocab.DefaultBase) {
				bad("distribution %s has no download URL under the base", d)
				continue
			}
			name := strings.TrimPrefix(u.Value, vocab.DefaultBase)
			files = append(files, name)
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				bad("distribution %s: %v", d, err)
				continue
			}
			ext := filepath.Ext(name)
			if strings.HasSuffix(name, ".nt.gz") {
				ext = ".nt.gz"
			}
			iriIs(d, vocab.DCATMediaType, vocab.IANAMediaTypes+media[ext][0])
			if media[ext][1] != "" {
				iriIs(d, vocab.DCATCompressFormat, vocab.IANAMediaTypes+media[ext][1])
			}
			if o, ok := g.object(d, vocab.DCATByteSize); !ok || o != rdf.NewTyped(strconv.Itoa(len(data)), vocab.XSDNonNegInt) {
				bad("%s: dcat:byteSize is %v, the file has %d bytes", name, g.objects(d, vocab.DCATByteSize), len(data))
			}
			sum := sha256.Sum256(data)
			cs, ok := g.object(d, vocab.SPDXChecksumP)
			if !ok || cs.Kind != rdf.IRI {
				bad("%s: no single spdx:checksum node", name)
				continue
			}
			iriIs(cs.Value, vocab.RDFType, vocab.SPDXChecksum)
			iriIs(cs.Value, vocab.SPDXAlgorithm, vocab.SPDXAlgorithmSHA256)
			if o, ok := g.object(cs.Value, vocab.SPDXChecksumValue); !ok || o != rdf.NewTyped(hex.EncodeToString(sum[:]), vocab.XSDHexBinary) {
				bad("%s: spdx:checksumValue is %v, the file's SHA-256 is %x", name, g.objects(cs.Value, vocab.SPDXChecksumValue), sum)
			}
		}
		slices.Sort(files)
		if !slices.Equal(files, want) {
			bad("%s: distributions are %v, want %v", ds, files, want)
		}
	}
	dumpsOf := func(ds string) []string {
		var out []string
		for _, o := range g.objects(ds, vocab.VOIDDataDump) {
			out = append(out, strings.TrimPrefix(o.Value, vocab.DefaultBase))
		}
		slices.Sort(out)
		return out
	}

	// The publication: its subsets, and figures that are theirs summed (or, for classes and
	// properties, those of their union).
	pub := vocab.DefaultBase + "dataset"
	isDataset(pub)
	for _, p := range []string{vocab.DCTTitle, vocab.DCTDescription} {
		if o, ok := g.object(pub, p); !ok || o.Lang != "en" || o.Value == "" {
			bad("the publication needs one English %s", p)
		}
	}
	if p, ok := g.object(pub, vocab.DCTPublisher); !ok || p.Kind != rdf.IRI || len(g.objects(p.Value, vocab.FOAFName)) != 1 {
		bad("the publication needs a publisher with a name")
	}
	var subsets []string
	for _, o := range g.objects(pub, vocab.VOIDSubset) {
		subsets = append(subsets, o.Value)
	}
	slices.Sort(subsets)
	var wantSubsets []string
	for s := range want {
		wantSubsets = append(wantSubsets, s)
	}
	slices.Sort(wantSubsets)
	if !slices.Equal(subsets, wantSubsets) {
		bad("void:subset is %v, want %v", subsets, wantSubsets)
	}
	licences := map[string]bool{}
	var triples, entities, subjects int64
	classes, props := map[string]bool{}, map[string]bool{}
	var allDumps []string
	for _, ds := range wantSubsets {
		w := want[ds]
		isDataset(ds)
		licences[w.license] = true
		if o, ok := g.object(ds, vocab.DCTTitle); !ok || o.Value == "" || (o.Lang == "en") != w.english {
			bad("%s needs one title (in English: %v), has %v", ds, w.english, g.objects(ds, vocab.DCTTitle))
		}
		if w.english {
			if o, ok := g.object(ds, vocab.DCTDescription); !ok || o.Lang != "en" || o.Value == "" {
				bad("%s needs one English description", ds)
			}
		}
		iriIs(ds, vocab.DCTLicense, w.license)
		iriIs(ds, vocab.DCTPublisher, vocab.DefaultBase+"dataset#publisher")
		if w.source != "" {
			iriIs(ds, vocab.DCTSource, w.source)
			if !slices.Contains(g.objects(ds, vocab.PROVWasDerivedFrom), rdf.NewIRI(w.source)) {
				bad("%s is not prov:wasDerivedFrom its source %s: %v", ds, w.source, g.objects(ds, vocab.PROVWasDerivedFrom))
			}
		}
		if w.attribution != "" {
			if o, ok := g.object(ds, vocab.DCTRights); !ok || o.Value != w.attribution {
				bad("%s dct:rights is %v, want the attribution %q", ds, g.objects(ds, vocab.DCTRights), w.attribution)
			}
		}
		if w.dates {
			earliest, latest := updatedDates(t)
			is := issued
			if is == "" {
				is = earliest
			}
			for p, want := range map[string]string{vocab.DCTIssued: is, vocab.DCTModified: latest} {
				for _, s := range []string{ds, pub} {
					if o, ok := g.object(s, p); !ok || o != rdf.NewTyped(want, vocab.XSDDate) {
						bad("%s %s is %v, want %s^^xsd:date", s, p, g.objects(s, p), want)
					}
				}
			}
		}
		if o, ok := g.object(ds, vocab.VOIDURISpace); !ok || o != rdf.NewString(w.space) {
			bad("%s void:uriSpace is %v, want %q", ds, g.objects(ds, vocab.VOIDURISpace), w.space)
		}

		// Counts, recomputed from its N-Triples dump; every dump of it holds that many triples.
		rc := recountDump(t, filepath.Join(dir, w.nt), w.space, w.coop)
		integer(ds, vocab.VOIDTriples, rc.triples)
		integer(ds, vocab.VOIDEntities, rc.entities)
		integer(ds, vocab.VOIDDistinctSubjects, int64(len(rc.subjects)))
		integer(ds, vocab.VOIDClasses, int64(len(rc.classEntities)))
		integer(ds, vocab.VOIDProperties, int64(len(rc.props)))
		triples += rc.triples
		entities += rc.entities
		subjects += int64(len(rc.subjects))
		for c := range rc.classEntities {
			classes[c] = true
		}
		for p := range rc.props {
			props[p] = true
		}
		for _, f := range w.dists {
			p := filepath.Join(dir, f)
			switch filepath.Ext(f) {
			case ".ttl":
				if n := testkit.Rapper(t, p).Len(); int64(n) != rc.triples {
					bad("%s holds %d triples (rapper), %s %d", f, n, w.nt, rc.triples)
				}
			case ".jsonld":
				if jg, err := testkit.JSONGold(read(t, p)); err != nil || int64(jg.Len()) != rc.triples {
					bad("%s holds %d triples (json-gold, %v), %s %d", f, jg.Len(), err, w.nt, rc.triples)
				}
			}
		}
		seenClasses := map[string]bool{}
		for _, cp := range g.objects(ds, vocab.VOIDClassPartition) {
			c, ok := g.object(cp.Value, vocab.VOIDClass)
			if !ok {
				bad("class partition %s has no single void:class", cp.Value)
				continue
			}
			seenClasses[c.Value] = true
			integer(cp.Value, vocab.VOIDEntities, rc.classEntities[c.Value])
			integer(cp.Value, vocab.VOIDTriples, rc.classTriples[c.Value])
		}
		for c := range rc.classEntities {
			if !seenClasses[c] {
				bad("%s: class %s has no class partition", ds, c)
			}
		}
		seenProps := map[string]bool{}
		for _, pp := range g.objects(ds, vocab.VOIDPropertyPartition) {
			p, ok := g.object(pp.Value, vocab.VOIDProperty)
			if !ok {
				bad("property partition %s has no single void:property", pp.Value)
				continue
			}
			seenProps[p.Value] = true
			integer(pp.Value, vocab.VOIDTriples, rc.props[p.Value])
		}
		for p := range rc.props {
			if !seenProps[p] {
				bad("%s: property %s has no property partition", ds, p)
			}
		}
		vocabs := map[string]bool{}
		for _, v := range g.objects(ds, vocab.VOIDVocabulary) {
			vocabs[v.Value] = true
		}
		if fmt.Sprint(vocabs) != fmt.Sprint(rc.vocabularies) {
			bad("%s: void:vocabulary is %v, the dump uses %v", ds, vocabs, rc.vocabularies)
		}
		ex := g.objects(ds, vocab.VOIDExampleResource)
		if len(ex) == 0 {
			bad("%s: no void:exampleResource", ds)
		}
		for _, e := range ex {
			if !rc.coops[e.Value] {
				bad("%s: example resource %s is not a co-op of its dump", ds, e.Value)
			}
		}
		distributions(ds, w.license, w.dists)
		if d := dumpsOf(ds); !slices.Equal(d, w.dists) {
			bad("%s: void:dataDump is %v, want the dumps %v", ds, d, w.dists)
		}
		allDumps = append(allDumps, w.dists...)
	}
	integer(pub, vocab.VOIDTriples, triples)
	integer(pub, vocab.VOIDEntities, entities)
	integer(pub, vocab.VOIDDistinctSubjects, subjects)
	integer(pub, vocab.VOIDClasses, int64(len(classes)))
	integer(pub, vocab.VOIDProperties, int64(len(props)))
	slices.Sort(allDumps)
	if d := dumpsOf(pub); !slices.Equal(d, allDumps) {
		bad("the publication's void:dataDump is %v, want every dump %v", d, allDumps)
	}
	if len(licences) == 1 {
		iriIs(pub, vocab.DCTLicense, vocab.DataLicense)
	} else if l := g.objects(pub, vocab.DCTLicense); len(l) != 0 {
		bad("the publication has the licence %v, but its datasets have %d licences", l, len(licences))
	}
	distributions(pub, vocab.DataLicense, staticFiles)
	return probs
}

// TestVoIDFiguresAreTrue recomputes every figure of void.ttl (counts, partitions, vocabularies,
// dates, sizes, checksums, media types) from the files beside it and compares.
func TestVoIDFiguresAreTrue(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exports")
	exportIssued(t, out, "")
	for _, p := range voidProblems(t, out, "", directoryOnly) {
		t.Error(p)
	}
	// The date of issue, when given, replaces the records' earliest date.
	out2 := filepath.Join(t.TempDir(), "exports")
	exportIssued(t, out2, "2027-01-02")
	for _, p := range voidProblems(t, out2, "2027-01-02", directoryOnly) {
		t.Error(p)
	}
}

// TestVoIDCheckCatchesFalseFigures shows that the recount above fails when a figure is false: a
// count in void.ttl changed, or a file changed after void.ttl was written.
func TestVoIDCheckCatchesFalseFigures(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exports")
	exportIssued(t, out, "")
	for _, c := range []struct {
		name, file string
		mutate     func(string) string
		want       string
	}{
		{"triples", "void.ttl", bumpFirst(`void:triples "([0-9]+)"`), "void#triples"},
		{"class entities", "void.ttl", bumpFirst(`void:entities "([0-9]+)"\^\^xsd:integer ;\n    void:triples`), "void#entities"},
		{"property triples", "void.ttl", bumpFirst(`property-schema-name>\n    void:property schema:name ;\n    void:triples "([0-9]+)"`), "property-schema-name"},
		{"dump changed", "coops.ttl", func(s string) string { return s + "# one more line\n" }, "coops.ttl: dcat:byteSize"},
		{"date", "void.ttl", func(s string) string {
			return strings.Replace(s, `dct:modified "2`, `dct:modified "1`, 1)
		}, "modified"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := copyDir(t, out)
			p := filepath.Join(dir, c.file)
			before := string(read(t, p))
			after := c.mutate(before)
			if after == before {
				t.Fatalf("the mutation did not apply")
			}
			if err := os.WriteFile(p, []byte(after), 0o644); err != nil {
				t.Fatal(err)
			}
			probs := voidProblems(t, dir, "", directoryOnly)
			if len(probs) == 0 {
				t.Fatalf("a false figure went unnoticed")
			}
			if !strings.Contains(strings.Join(probs, "\n"), c.want) {
				t.Errorf("problems do not mention %q:\n%s", c.want, strings.Join(probs, "\n"))
			}
		})
	}
}

// bumpFirst adds one to the number in the first match of re's group 1.
func bumpFirst(re string) func(string) string {
	rx := regexp.MustCompile(re)
	return func(s string) string {
		m := rx.FindStringSubmatchIndex(s)
		if m == nil {
			return s
		}
		n, _ := strconv.Atoi(s[m[2]:m[3]])
		return s[:m[2]] + strconv.Itoa(n+1) + s[m[3]:]
	}
}

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "copy")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestSHA256SUMS checks the sums file with sha256sum -c, its order and coverage, and that a
// changed file makes the check fail.
func TestSHA256SUMS(t *testing.T) {
	sha := testkit.Tool(t, "sha256sum")
	out := filepath.Join(t.TempDir(), "exports")
	exportIssued(t, out, "")
	sums := string(read(t, filepath.Join(out, "SHA256SUMS")))
	var names []string
	for _, line := range strings.Split(strings.TrimSuffix(sums, "\n"), "\n") {
		hexsum, name, ok := strings.Cut(line, "  ")
		if !ok || len(hexsum) != 64 {
			t.Fatalf("not a sha256sum line: %q", line)
		}
		names = append(names, name)
	}
	want := append(slices.Clone(distributionFiles), descriptionFiles...)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("SHA256SUMS lists %v, want %v (sorted)", names, want)
	}
	check := func(dir string) error {
		cmd := exec.Command(sha, "--strict", "-c", "SHA256SUMS")
		cmd.Dir = dir
		b, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v: %s", err, b)
		}
		return nil
	}
	if err := check(out); err != nil {
		t.Errorf("sha256sum -c: %v", err)
	}
	broken := copyDir(t, out)
	if err := os.WriteFile(filepath.Join(broken, "coops.nt"), append(read(t, filepath.Join(out, "coops.nt")), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := check(broken); err == nil {
		t.Errorf("sha256sum -c accepted a changed coops.nt")
	}
}

// TestGzipDump checks coops.nt.gz: the gzip of coops.nt as gzip itself reads it, with no name
// and no time in its header.
func TestGzipDump(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exports")
	exportIssued(t, out, "")
	gz := read(t, filepath.Join(out, "coops.nt.gz"))
	nt := read(t, filepath.Join(out, "coops.nt"))
	if len(gz) < 10 || gz[0] != 0x1f || gz[1] != 0x8b {
		t.Fatalf("not gzip")
	}
	if flg := gz[3]; flg != 0 {
		t.Errorf("gzip flags %#x: want no name, comment or extra field", flg)
	}
	if mtime := gz[4:8]; !bytes.Equal(mtime, []byte{0, 0, 0, 0}) {
		t.Errorf("gzip header holds a time: %x", mtime)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(got, nt) {
		t.Errorf("compress/gzip does not give back coops.nt (%v)", err)
	}
	gzipBin := testkit.Tool(t, "gzip")
	cmd := exec.Command(gzipBin, "-dc", filepath.Join(out, "coops.nt.gz"))
	b, err := cmd.Output()
	if err != nil || !bytes.Equal(b, nt) {
		t.Errorf("gzip -dc does not give back coops.nt (%v)", err)
	}
}

// TestSameDataSameBytes exports the same records twice (and with a date of issue) and compares
// every file byte for byte: dates come from the records, never from the clock.
func TestSameDataSameBytes(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a")
	b := filepath.Join(t.TempDir(), "b")
	exportIssued(t, a, "")
	exportIssued(t, b, "")
	diffs, err := export.CompareDirs(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) > 0 {
		t.Errorf("two exports of the same records differ: %v", diffs)
	}
	c := filepath.Join(t.TempDir(), "c")
	d := filepath.Join(t.TempDir(), "d")
	exportIssued(t, c, "2030-01-01")
	exportIssued(t, d, "2030-01-01")
	if diffs, _ := export.CompareDirs(c, d); len(diffs) > 0 {
		t.Errorf("two exports with the same date of issue differ: %v", diffs)
	}
	// The date of issue changes the descriptions (and so SHA256SUMS and the checksums on
	// index.html) and nothing else.
	diffs, _ = export.CompareDirs(a, c)
	wantDiffs := []export.Difference{{Name: "SHA256SUMS", How: export.Differs}}
	for _, f := range descriptionFiles {
		wantDiffs = append(wantDiffs, export.Difference{Name: f, How: export.Differs})
	}
	wantDiffs = append(wantDiffs, export.Difference{Name: "index.html", How: export.Differs})
	slices.SortFunc(wantDiffs, func(a, b export.Difference) int { return strings.Compare(a.Name, b.Name) })
	if fmt.Sprint(diffs) != fmt.Sprint(wantDiffs) {
		t.Errorf("a date of issue changed %v", diffs)
	}
}

// TestCommittedExportsAreUpToDate is export --check on the committed exports/.
func TestCommittedExportsAreUpToDate(t *testing.T) {
	_, diffs, err := export.Check(export.Options{
		Inputs: []string{dataDir()}, Out: filepath.Join(testkit.Root(), "exports"), Base: vocab.DefaultBase,
		Formats: export.DefaultFormats, Record: record.Options{ThisYear: 2026},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Errorf("exports/%s: %s (run make export)", d.Name, d.How)
	}
}

// TestCheckFindsEveryDifference changes, removes and adds files in an exports folder and
// expects export.Check to name each, and to leave the folder as it was.
func TestCheckFindsEveryDifference(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exports")
	exportIssued(t, out, "")
	opt := export.Options{Inputs: []string{dataDir()}, Out: out, Base: vocab.DefaultBase, Formats: format.RDF(format.Defaults()), Record: record.Options{ThisYear: 2026}}
	if _, diffs, err := export.Check(opt); err != nil || len(diffs) > 0 {
		t.Fatalf("a fresh export is not up to date: %v %v", diffs, err)
	}
	ttl := filepath.Join(out, "coops.ttl")
	b := read(t, ttl)
	b[len(b)/2] ^= 1 // one bit, same size
	if err := os.WriteFile(ttl, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, "void.ttl")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(out, "id"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "id", "stale.ttl"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	_, diffs, err := export.Check(opt)
	if err != nil {
		t.Fatal(err)
	}
	want := []export.Difference{{Name: "coops.ttl", How: export.Differs}, {Name: "id/stale.ttl", How: export.Extra}, {Name: "void.ttl", How: export.Missing}}
	if fmt.Sprint(diffs) != fmt.Sprint(want) {
		t.Errorf("Check found %v, want %v", diffs, want)
	}
	if after := snapshot(t, out); after != before {
		t.Errorf("Check changed the exports folder")
	}
}

// snapshot describes a folder's files and contents.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		fmt.Fprintf(&b, "%s %x\n", p, sha256.Sum256(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestSHACL validates the committed exports/coops.ttl (which TestCommittedExportsAreUpToDate
// holds to what the records give) against vocab/shapes.ttl with Apache Jena's shacl and with
// rdf-validate-shacl, and shows that both catch a broken graph: a co-op without a name, a
// sector outside the scheme, a status given as text, an identifier of the wrong form.
func TestSHACL(t *testing.T) {
	out := filepath.Join(testkit.Root(), "exports")
	shapes := filepath.Join(testkit.Root(), "vocab", "shapes.ttl")
	engines := map[string]func(testing.TB, string, string) testkit.SHACLReport{
		"jena": testkit.JenaSHACL, "rdf-validate-shacl": testkit.JSSHACL,
	}
	id := func(s string) string { return vocab.DefaultBase + "id/" + s }
	nt := string(read(t, filepath.Join(out, "coops.nt")))
	defects := []struct {
		focus, path, old, new string
	}{
		{id("stocksy-united"), vocab.SchemaName, "<" + id("stocksy-united") + "> <" + vocab.SchemaName + "> \"Stocksy United\" .\n", ""},
		{id("resonate"), vocab.CoopSector, "<" + id("resonate") + "> <" + vocab.CoopSector + "> <" + vocab.SectorNamespace + "music> .", "<" + id("resonate") + "> <" + vocab.CoopSector + "> <" + vocab.SectorNamespace + "musik> ."},
		{id("fairmondo"), vocab.CoopStatus, "<" + id("fairmondo") + "> <" + vocab.CoopStatus + "> <" + vocab.StatusNamespace + "operating> .", "<" + id("fairmondo") + "> <" + vocab.CoopStatus + "> \"operating\" ."},
		{id("loconomics"), vocab.DCTIdentifier, "<" + id("loconomics") + "> <" + vocab.DCTIdentifier + "> \"loconomics\" .", "<" + id("loconomics") + "> <" + vocab.DCTIdentifier + "> \"Loconomics!\" ."},
	}
	broken := nt
	for _, d := range defects {
		if !strings.Contains(broken, d.old) {
			t.Fatalf("the dump has no %q to break", d.old)
		}
		broken = strings.Replace(broken, d.old, d.new, 1)
	}
	brokenFile := filepath.Join(t.TempDir(), "broken.nt")
	if err := os.WriteFile(brokenFile, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, validate := range engines {
		t.Run(name, func(t *testing.T) {
			if r := validate(t, shapes, filepath.Join(out, "coops.ttl")); !r.Conforms || len(r.Violations) > 0 {
				t.Errorf("coops.ttl does not conform:\n%s", r.Raw)
			}
			r := validate(t, shapes, brokenFile)
			if r.Conforms {
				t.Fatalf("the broken graph conforms")
			}
			for _, d := range defects {
				if !r.Has(d.focus, d.path) {
					t.Errorf("no violation of %s at %s:\n%s", d.path, d.focus, r.Raw)
				}
			}
		})
	}
}

// TestDatasetOtherBaseAndFormats exports under a base ending in "#", in Turtle only and in
// N-Quads and Turtle: void.ttl stays valid (no IRI with two fragments), describes only the files
// written, each with its format's media type, and SHA256SUMS lists exactly those.
func TestDatasetOtherBaseAndFormats(t *testing.T) {
	tests := []struct {
		name    string
		formats []*format.Format
		want    []string
	}{
		{"ttl", []*format.Format{format.Turtle}, []string{"context.jsonld", "coops.ttl", "ontology.ttl", "shapes.ttl"}},
		{"nq,ttl", []*format.Format{format.NQuads, format.Turtle}, []string{"context.jsonld", "coops.nq", "coops.ttl", "ontology.ttl", "shapes.ttl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { testOtherBaseAndFormats(t, tt.formats, tt.want) })
	}
}

func testOtherBaseAndFormats(t *testing.T, formats []*format.Format, want []string) {
	out := filepath.Join(t.TempDir(), "exports")
	base := "https://example.org/coops#"
	res, err := export.Run(export.Options{
		Inputs: []string{dataDir()}, Out: out, Base: base,
		Formats: formats, Record: record.Options{ThisYear: 2026},
	})
	if err != nil {
		t.Fatalf("export: %v\n%v", err, res.Diags)
	}
	ts, err := testkit.KnakkTriples(bytes.NewReader(read(t, filepath.Join(out, "void.ttl"))), krdf.Turtle)
	if err != nil {
		t.Fatal(err)
	}
	g := graph(ts)
	for _, tr := range ts {
		for _, term := range []rdf.Term{tr.S, tr.O} {
			if term.Kind == rdf.IRI && strings.Count(term.Value, "#") > 1 {
				t.Errorf("IRI with two fragments: %s", term.Value)
			}
		}
	}
	ds := base + "dataset/directory"
	var files []string
	for _, d := range append(g.objects(ds, vocab.DCATDistributionP), g.objects(base+"dataset", vocab.DCATDistributionP)...) {
		u, _ := g.object(d.Value, vocab.DCATDownloadURL)
		files = append(files, strings.TrimPrefix(u.Value, base))
		for _, f := range formats {
			if u.Value == base+export.DumpName+f.Ext {
				if mt, _ := g.object(d.Value, vocab.DCATMediaType); mt.Value != vocab.IANAMediaTypes+f.MediaType {
					t.Errorf("%s has the media type %s", u.Value, mt.Value)
				}
			}
		}
	}
	slices.Sort(files)
	if !slices.Equal(files, want) {
		t.Errorf("distributions %v, want %v", files, want)
	}
	if o, _ := g.object(ds, vocab.VOIDURISpace); o.Value != base+"id/" {
		t.Errorf("void:uriSpace %q", o.Value)
	}
	var listed []string
	for _, line := range strings.Split(strings.TrimSpace(string(read(t, filepath.Join(out, "SHA256SUMS")))), "\n") {
		listed = append(listed, line[66:])
	}
	want = append(want, descriptionFiles...)
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		t.Errorf("SHA256SUMS lists %v, want %v", listed, want)
	}
	if testkit.Rapper(t, filepath.Join(out, "void.ttl")).Len() != len(ts) {
		t.Errorf("rapper and knakk read void.ttl differently")
	}
}
