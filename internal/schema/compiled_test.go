package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/schema/gen"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/synth"
)

// TestCompiledIsCurrent: compiled.go is what the generator makes of today's schemas (run go
// generate ./internal/schema after changing vocab/*.schema.json).
func TestCompiledIsCurrent(t *testing.T) {
	for file, profiles := range map[string][]gen.Profile{
		"compiled.go":               gen.Profiles(),
		"compiled_keywords_test.go": keywordProfiles(t),
	} {
		want, err := gen.Generate("schema", profiles)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s is stale: run go generate ./internal/schema", file)
		}
	}
}

func keywordProfiles(t testing.TB) []gen.Profile {
	src, err := os.ReadFile(filepath.Join("testdata", "keywords.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return []gen.Profile{{Func: "compiledKeywords", Name: "keywords.schema.json", Schema: src}}
}

// TestGeneratorRefusesWhatItDoesNotKnow: a keyword outside the compiled subset stops
// generation, naming the keyword and where it is.
func TestGeneratorRefusesWhatItDoesNotKnow(t *testing.T) {
	for _, c := range []struct{ schema, want string }{
		{`{"type": "object", "properties": {"a": {"type": "string", "contentEncoding": "base64"}}}`, `x.json#/properties/a/contentEncoding: keyword "contentEncoding" is not supported`},
		{`{"if": {"type": "string"}, "then": {"minLength": 1}}`, `keyword "if" is not supported`},
		{`{"patternProperties": {"^a": {}}}`, `keyword "patternProperties" is not supported`},
		{`{"items": [{"type": "string"}]}`, `items as a list`},
		{`{"enum": [1, 2]}`, `only strings are supported in enum`},
		{`{"$ref": "#/definitions/nowhere"}`, `nothing at "definitions"`},
		{`{"type": "strin"}`, `unknown type "strin"`},
		{`{"pattern": "("}`, `missing closing )`},
	} {
		_, err := gen.Generate("schema", []gen.Profile{{Func: "f", Name: "x.json", Schema: []byte(c.schema)}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.schema, err, c.want)
		}
	}
}

// reference is gojsonschema's answer, the authority.
func (v *Validator) reference(root *source.Node) bool {
	res, err := v.schema.Validate(plainLoader{root.Plain()})
	return err == nil && res.Valid()
}

type profileUnderTest struct {
	name     string
	v        *Validator
	compiled func(*source.Node) bool
}

func profilesUnderTest(t testing.TB) []profileUnderTest {
	var out []profileUnderTest
	for _, p := range []Profile{Directory, Dataset} {
		v, err := NewProfile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, profileUnderTest{p.String(), v, v.compiled})
	}
	src, err := os.ReadFile(filepath.Join("testdata", "keywords.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, profileUnderTest{"keywords", v, compiledKeywords})
	return out
}

// same fails when the compiled form and gojsonschema disagree on a record.
func same(t testing.TB, p profileUnderTest, what string, root *source.Node) bool {
	t.Helper()
	got, want := p.compiled(root), p.v.reference(root)
	if got != want {
		b, _ := json.Marshal(root.Plain())
		t.Errorf("%s, %s profile: compiled says %v, gojsonschema %v:\n%s", what, p.name, got, want, b)
		return false
	}
	return want
}

// TestCompiledAgreesOnSyntheticRecords: synthetic records, each valid, and every near miss made
// from them by changing one value, removing or adding one field, or one list item.
func TestCompiledAgreesOnSyntheticRecords(t *testing.T) {
	n, stride := 16, 1
	if testing.Short() {
		n, stride = 8, 3
	}
	g := synth.New(synth.Options{N: n, Seed: 7})
	ps := profilesUnderTest(t)
	accepted, cases := make([]int, len(ps)), 0
	for i := 0; i < n; i++ {
		doc, l := source.Parse(g.FileName(i), source.YAML, g.Record(nil, i))
		if doc == nil {
			t.Fatal(l)
		}
		for _, p := range ps[:2] {
			if !same(t, p, g.FileName(i), doc.Root) {
				t.Errorf("synthetic record %s is refused", g.FileName(i))
			}
		}
		for k, m := range nearMisses(doc.Root) {
			if k%stride != 0 {
				continue
			}
			cases++
			for j, p := range ps {
				if same(t, p, g.FileName(i)+" changed", m) {
					accepted[j]++
				}
			}
			if t.Failed() {
				return
			}
		}
	}
	for j, p := range ps {
		t.Logf("%s profile: %d near misses, %d of them valid", p.name, cases, accepted[j])
		if accepted[j] == 0 || accepted[j] == cases {
			t.Errorf("%s profile: near misses are all valid or all invalid (%d of %d valid): they test nothing", p.name, accepted[j], cases)
		}
	}
}

// TestCompiledAgreesOnTheCorpus: the records of the directory and the hostile corpus of the
// command line's tests (those the reader takes).
func TestCompiledAgreesOnTheCorpus(t *testing.T) {
	ps := profilesUnderTest(t)
	var files []string
	for _, glob := range []string{"../../data/coops/*", "../cli/testdata/bad/*/*", "../cli/testdata/bad/*/*/*", "../cli/testdata/bad/*/*/*/*"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	parsed := 0
	for _, f := range files {
		doc, _ := source.Load(f)
		if doc == nil {
			continue
		}
		parsed++
		for _, p := range ps {
			same(t, p, f, doc.Root)
		}
	}
	if parsed < 50 {
		t.Errorf("only %d records parsed", parsed)
	}
}

// FuzzCompiled: whatever YAML the reader takes, the compiled validators and gojsonschema
// accept and refuse the same records.
func FuzzCompiled(f *testing.F) {
	g := synth.New(synth.Options{N: 8, Seed: 11})
	for i := 0; i < g.N(); i++ {
		f.Add(g.Record(nil, i))
	}
	for _, s := range []string{
		"id: a\nname: A\nstatus: operating\nsectors: [music]\ndescription: {en: x}\nsources: [{url: u, quote: q}]\n",
		"id: a\nname: A\nsources: [{url: u}]\nlocation: {latitude: 90, longitude: -180.0}\nfounded: 1800\n",
		"id: a\nname: A\nsources: [{url: u}]\nlocation: {latitude: 90.0000000000000001, longitude: 1}\n",
		"id: a\nname: \" \"\nsources: []\n",
		"a: 1\nb: [x, x]\nc: {en: \"\"}\n",
	} {
		f.Add([]byte(s))
	}
	records, _ := filepath.Glob("../../data/coops/*.yaml")
	for _, r := range records[:min(len(records), 6)] {
		if b, err := os.ReadFile(r); err == nil {
			f.Add(b)
		}
	}
	ps := profilesUnderTest(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _ := source.Parse("fuzz.yaml", source.YAML, data)
		if doc == nil {
			return
		}
		for _, p := range ps {
			same(t, p, "fuzz input", doc.Root)
		}
	})
}

// nearMisses returns copies of root, each with one change.
func nearMisses(root *source.Node) []*source.Node {
	var out []*source.Node
	var walk func(path []int, n *source.Node)
	walk = func(path []int, n *source.Node) {
		for _, r := range replacements(n) {
			out = append(out, replaceAt(root, path, func(*source.Node) *source.Node { return r }))
		}
		switch n.Kind {
		case source.Map:
			for i := range n.Keys {
				i := i
				out = append(out, replaceAt(root, path, func(m *source.Node) *source.Node {
					m.Keys = append(m.Keys[:i:i], m.Keys[i+1:]...)
					m.Items = append(m.Items[:i:i], m.Items[i+1:]...)
					m.KeyPos = nil
					return m
				}))
			}
			for _, k := range []string{"unknown", "en-GB", "", "x_y", "website", "related", "founded", "status_as_of", "published", "accessed", "updated"} {
				if n.Get(k) != nil {
					continue
				}
				for _, v := range []*source.Node{str("x"), str("2017-02"), str("2017-02-01"), num("2017"), num("1799"), num("2017.5")} {
					out = append(out, replaceAt(root, path, func(m *source.Node) *source.Node {
						m.Keys = append(m.Keys[:len(m.Keys):len(m.Keys)], k)
						m.Items = append(m.Items[:len(m.Items):len(m.Items)], v)
						return m
					}))
				}
			}
			for i, it := range n.Items {
				walk(append(path[:len(path):len(path)], i), it)
			}
		case source.Seq:
			if len(n.Items) > 0 {
				out = append(out, replaceAt(root, path, func(s *source.Node) *source.Node {
					s.Items = append(s.Items[:len(s.Items):len(s.Items)], s.Items[0])
					return s
				}))
				out = append(out, replaceAt(root, path, func(s *source.Node) *source.Node {
					s.Items = nil
					return s
				}))
			}
			out = append(out, replaceAt(root, path, func(s *source.Node) *source.Node {
				s.Items = append(s.Items[:len(s.Items):len(s.Items)], str("music"))
				return s
			}))
			for i, it := range n.Items {
				walk(append(path[:len(path):len(path)], i), it)
			}
		}
	}
	walk(nil, root)
	return out
}

// replaceAt copies root along path and puts f(copy of the node at path) there.
func replaceAt(root *source.Node, path []int, f func(*source.Node) *source.Node) *source.Node {
	c := *root
	if len(path) == 0 {
		return f(&c)
	}
	c.Items = append([]*source.Node(nil), root.Items...)
	c.Items[path[0]] = replaceAt(root.Items[path[0]], path[1:], f)
	return &c
}

func str(s string) *source.Node              { return &source.Node{Kind: source.Scalar, Value: s} }
func num(s string) *source.Node              { return &source.Node{Kind: source.Scalar, Value: json.Number(s)} }
func seq(items ...*source.Node) *source.Node { return &source.Node{Kind: source.Seq, Items: items} }
func mapping(kv ...any) *source.Node {
	m := &source.Node{Kind: source.Map}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Keys = append(m.Keys, kv[i].(string))
		m.Items = append(m.Items, kv[i+1].(*source.Node))
	}
	return m
}

// replacements are values put in place of a value: other types, bounds of the schema's
// numbers and lengths, near misses of its enumerations and patterns.
func replacements(n *source.Node) []*source.Node {
	out := []*source.Node{
		{Kind: source.Scalar, Value: nil}, {Kind: source.Scalar, Value: true},
		num("0"), num("1799"), num("1800"), num("2013.0"), num("2.013e3"), num("2013.5"), num("9999"), num("10000"),
		num("-90"), num("90"), num("90.00000000000000000001"), num("-180"), num("-180.5"), num("180"), num("1e2"),
		str(""), str(" "), str("\t\n"), str("\v"), str("\u00a0"), str("x"), str(" a"), str("a "), str("a\nb"),
		str("music"), str("Music"), str("operating"), str("city-owned"), str("worker"),
		str("DE"), str("de"), str("D"), str("2026-11-25"), str("2026-1-25"), str("2017"), str("2017-02"), str("2017-2"), str("17-02-01"), num("2017"), str("en"), str("en-GB"), str("x-"),
		str("stocksy-united"), str("Stocksy"), str("a--b"), str(strings.Repeat("a", 80)), str(strings.Repeat("a", 81)),
		str(strings.Repeat("é", 500)), str(strings.Repeat("é", 501)), str(strings.Repeat("x", 2001)),
		str("https://lod.coop/essglobal/2.1/standard/organisational-structure/OS60"),
		str("https://lod.coop/essglobal/2.1/standard/activities-ica/ICA260"),
		str("https://lod.coop/essglobal/2.1/standard/activities-modified/AM0"),
		str("https://lod.coop/essglobal/2.1/standard/base-membership-type/BMT10"),
		seq(), seq(str("music")), seq(str("music"), str("music")), seq(str("music"), str("art")), seq(num("1"), num("1")),
		seq(mapping("url", str("https://example.org/"))), seq(mapping("url", str("https://example.org/"), "quote", str("q"))),
		mapping(), mapping("en", str("x")), mapping("en", str("")), mapping("", str("x")), mapping("en_GB", str("x")),
		mapping("latitude", num("1")), mapping("latitude", num("1"), "longitude", num("2")), mapping("country", str("DE")),
	}
	if s, ok := n.Value.(string); ok && n.Kind == source.Scalar && s != "" {
		out = append(out, str(s+" "), str(" "+s), str(strings.ToUpper(s)), str(s[:len(s)-1]), str(s+s))
	}
	return out
}
