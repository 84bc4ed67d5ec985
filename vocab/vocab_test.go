package vocab_test

import (
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/vocab"
	krdf "github.com/knakk/rdf"
)

type triple struct{ s, p, o string }

func parse(t *testing.T, ttl []byte) []triple {
	t.Helper()
	dec := krdf.NewTripleDecoder(bytes.NewReader(ttl), krdf.Turtle)
	var out []triple
	for {
		tr, err := dec.Decode()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("parsing: %v", err)
		}
		out = append(out, triple{tr.Subj.String(), tr.Pred.String(), tr.Obj.String()})
	}
}

// concepts returns the notations of the concepts in a scheme, checking that each concept's IRI
// is the scheme's namespace followed by its notation.
func concepts(t *testing.T, ts []triple, scheme, ns string) []string {
	t.Helper()
	var out []string
	for _, tr := range ts {
		if tr.p == vocab.SKOSInScheme && tr.o == scheme {
			var notation string
			for _, u := range ts {
				if u.s == tr.s && u.p == vocab.SKOSNotation {
					notation = u.o
				}
			}
			if tr.s != ns+notation {
				t.Errorf("concept %s has notation %q, want the IRI's last segment", tr.s, notation)
			}
			out = append(out, notation)
		}
	}
	slices.Sort(out)
	return out
}

func schemaEnum(t *testing.T, path ...string) []string {
	t.Helper()
	var doc any
	if err := json.Unmarshal(vocab.RecordSchema, &doc); err != nil {
		t.Fatal(err)
	}
	cur := doc
	for _, p := range path {
		cur = cur.(map[string]any)[p]
	}
	var out []string
	for _, v := range cur.([]any) {
		out = append(out, v.(string))
	}
	slices.Sort(out)
	return out
}

// TestSchemaEnumsAreTheOntologysConcepts proves that the values a record may use are exactly the
// concepts of the ontology's schemes, so every valid record maps to defined concepts.
func TestSchemaEnumsAreTheOntologysConcepts(t *testing.T) {
	ts := parse(t, vocab.Ontology)
	for _, c := range []struct {
		scheme, ns string
		enum       []string
	}{
		{vocab.CoopPlatformTypes, vocab.PlatformTypeNamespace, schemaEnum(t, "properties", "type", "enum")},
		{vocab.CoopStatuses, vocab.StatusNamespace, schemaEnum(t, "properties", "status", "enum")},
		{vocab.CoopSectors, vocab.SectorNamespace, schemaEnum(t, "properties", "sectors", "items", "enum")},
		{vocab.CoopMemberClasses, vocab.MemberClassNamespace, schemaEnum(t, "properties", "members", "items", "enum")},
	} {
		got := concepts(t, ts, c.scheme, c.ns)
		if len(got) == 0 || !slices.Equal(got, c.enum) {
			t.Errorf("%s: ontology concepts %v, schema enum %v", c.scheme, got, c.enum)
		}
	}
}

// TestOntologyDefinesWhatTheMappingUses checks that every coop: term the Go code names is
// declared in the ontology with a label.
func TestOntologyDefinesWhatTheMappingUses(t *testing.T) {
	ts := parse(t, vocab.Ontology)
	labelled := map[string]bool{}
	for _, tr := range ts {
		if tr.p == vocab.RDFSLabel || tr.p == vocab.SKOSPrefLabel {
			labelled[tr.s] = true
		}
	}
	for _, iri := range []string{vocab.CoopCooperative, vocab.CoopPlatformCoop, vocab.CoopCitation,
		vocab.CoopPlatformType, vocab.CoopStatus, vocab.CoopSector, vocab.CoopMemberClass, vocab.CoopRelated,
		vocab.CoopCitationProp, vocab.CoopQuote, vocab.CoopOrgStructure, vocab.CoopPrimaryActivity, vocab.CoopMembershipType,
		vocab.CoopActivity, vocab.CoopSourceIdentifier,
		vocab.CoopPlatformTypes, vocab.CoopStatuses, vocab.CoopSectors, vocab.CoopMemberClasses} {
		if !labelled[iri] {
			t.Errorf("%s is not declared with a label in coop.ttl", iri)
		}
	}
	for _, tr := range ts {
		if strings.HasPrefix(tr.o, "\"\"") || tr.o == "" {
			t.Errorf("empty literal on %s %s", tr.s, tr.p)
		}
	}
}

// TestContextMatchesVocab checks the JSON-LD context against the Go constants: its prefixes name
// the same namespaces, and its concept terms are exactly the ontology's concepts.
func TestContextMatchesVocab(t *testing.T) {
	var doc struct {
		Context map[string]any `json:"@context"`
	}
	if err := json.Unmarshal(vocab.Context, &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range vocab.Prefixes {
		// A context name may be a property term instead ("status"); only prefixes must agree.
		if v, ok := doc.Context[p.Name].(string); ok && v != p.IRI {
			t.Errorf("context prefix %s = %v, Go has %s", p.Name, v, p.IRI)
		}
	}
	ts := parse(t, vocab.Ontology)
	var want []string
	for _, c := range []struct{ scheme, ns string }{
		{vocab.CoopPlatformTypes, vocab.PlatformTypeNamespace}, {vocab.CoopStatuses, vocab.StatusNamespace},
		{vocab.CoopSectors, vocab.SectorNamespace}, {vocab.CoopMemberClasses, vocab.MemberClassNamespace},
	} {
		for _, n := range concepts(t, ts, c.scheme, c.ns) {
			want = append(want, c.ns+n)
		}
	}
	var got []string
	for _, v := range doc.Context {
		if s, ok := v.(string); ok && (strings.HasPrefix(s, vocab.PlatformTypeNamespace) || strings.HasPrefix(s, vocab.StatusNamespace) ||
			strings.HasPrefix(s, vocab.SectorNamespace) || strings.HasPrefix(s, vocab.MemberClassNamespace)) {
			got = append(got, s)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("context concept terms %v\nontology concepts %v", got, want)
	}
}

// TestESSGlobalPatterns checks that the record schema and the shapes accept ESSGLOBAL concepts
// under the production base of package vocab, and under no other base.
func TestESSGlobalPatterns(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(vocab.RecordSchema, &doc); err != nil {
		t.Fatal(err)
	}
	at := func(path ...string) string {
		cur := any(doc)
		for _, p := range path {
			cur = cur.(map[string]any)[p]
		}
		return cur.(string)
	}
	q := regexp.QuoteMeta
	if vocab.ESSGlobalActivitiesICA != vocab.ESSGlobalStandard+"activities-ica/" || vocab.ESSGlobalActivitiesModified != vocab.ESSGlobalStandard+"activities-modified/" {
		t.Fatal("the activity schemes are not under ESSGlobalStandard")
	}
	activity := "^" + q(vocab.ESSGlobalStandard) + "(activities-ica/ICA|activities-modified/AM)[1-9][0-9]*$"
	for _, c := range []struct{ got, want string }{
		{at("properties", "essglobal", "properties", "organisational_structure", "pattern"), "^" + q(vocab.ESSGlobalOrgStructures) + "OS[1-9][0-9]*$"},
		{at("properties", "essglobal", "properties", "membership_type", "pattern"), "^" + q(vocab.ESSGlobalMembershipTypes) + "BMT[1-9][0-9]*$"},
		{at("definitions", "essglobalActivity", "pattern"), activity},
	} {
		if c.got != c.want {
			t.Errorf("schema pattern %s, want %s", c.got, c.want)
		}
		// The shapes hold the same pattern as a Turtle string (backslashes doubled).
		if !bytes.Contains(vocab.Shapes, []byte(`sh:pattern "`+strings.ReplaceAll(c.want, `\`, `\\`)+`"`)) {
			t.Errorf("shapes.ttl lacks the pattern %s", c.want)
		}
		re := regexp.MustCompile(c.want)
		for _, alias := range vocab.ESSGlobalStandardAliases {
			for _, code := range []string{"organisational-structure/OS60", "base-membership-type/BMT10", "activities-ica/ICA260"} {
				if re.MatchString(alias + code) {
					t.Errorf("%s accepts the alias %s", c.want, alias+code)
				}
			}
		}
	}
}

// TestProfilesShareTheBase checks that the directory's profile refers to the record schema by
// its $id, so that the two compile together offline.
func TestProfilesShareTheBase(t *testing.T) {
	var base, dir struct {
		ID    string `json:"$id"`
		AllOf []struct {
			Ref string `json:"$ref"`
		} `json:"allOf"`
	}
	if err := json.Unmarshal(vocab.RecordSchema, &base); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(vocab.DirectorySchema, &dir); err != nil {
		t.Fatal(err)
	}
	if len(dir.AllOf) != 1 || !strings.HasSuffix(base.ID, "/"+dir.AllOf[0].Ref) || strings.TrimSuffix(base.ID, dir.AllOf[0].Ref) != strings.TrimSuffix(dir.ID, "directory.schema.json") {
		t.Errorf("directory.schema.json (%s) refers to %v, not to %s", dir.ID, dir.AllOf, base.ID)
	}
}

// TestShapesListTheConcepts proves that the sh:in lists of shapes.ttl (the SHACL check of the
// concepts a co-op may have) are the schema's enumerations, as concept IRIs: a value the
// schema accepts is never one the shapes reject, nor the other way round.
func TestShapesListTheConcepts(t *testing.T) {
	const sh = "http://www.w3.org/ns/shacl#"
	ts := parse(t, vocab.Shapes)
	objects := func(s, p string) []string {
		var out []string
		for _, tr := range ts {
			if tr.s == s && tr.p == p {
				out = append(out, tr.o)
			}
		}
		return out
	}
	list := func(head string) []string {
		var out []string
		for head != vocab.RDF+"nil" {
			first, rest := objects(head, vocab.RDF+"first"), objects(head, vocab.RDF+"rest")
			if len(first) != 1 || len(rest) != 1 {
				t.Fatalf("malformed RDF list at %s", head)
			}
			out = append(out, first[0])
			head = rest[0]
		}
		slices.Sort(out)
		return out
	}
	in := map[string][]string{} // sh:path → the sh:in list of its property shape
	for _, tr := range ts {
		if tr.p == sh+"in" {
			for _, path := range objects(tr.s, sh+"path") {
				in[path] = list(tr.o)
			}
		}
	}
	iris := func(ns string, enum []string) []string {
		var out []string
		for _, v := range enum {
			out = append(out, ns+v)
		}
		slices.Sort(out)
		return out
	}
	for path, want := range map[string][]string{
		vocab.CoopPlatformType: iris(vocab.PlatformTypeNamespace, schemaEnum(t, "properties", "type", "enum")),
		vocab.CoopStatus:       iris(vocab.StatusNamespace, schemaEnum(t, "properties", "status", "enum")),
		vocab.CoopSector:       iris(vocab.SectorNamespace, schemaEnum(t, "properties", "sectors", "items", "enum")),
		vocab.CoopMemberClass:  iris(vocab.MemberClassNamespace, schemaEnum(t, "properties", "members", "items", "enum")),
	} {
		if got := in[path]; !slices.Equal(got, want) {
			t.Errorf("sh:in of %s: %v, the schema's values are %v", path, got, want)
		}
	}
}
