package source

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/diag"
)

const yamlRecord = `# a comment
id: stocksy-united
name: "Stocksy — ünited"
sectors: [photography, musik]
description:
  en: >-
    A co-op.
  zh-Hant: 合作社 # TODO check
location:
  country: CA
founded: 2013
sources:
  - url: https://example.org/
    quote: q
`

const jsonRecord = `{
  "id": "stocksy-united",
  "name": "Stocksy \u2014 \u00fcnited",
  "sectors": ["photography", "musik"],
  "description": {"en": "A co-op.", "zh-Hant": "合作社"},
  "location": {"country": "CA"},
  "founded": 2013,
  "sources": [{"url": "https://example.org/", "quote": "q"}]
}
`

// TestPositions checks that every value and key remembers its 1-based line and its column
// counted in characters, in YAML and in JSON alike.
func TestPositions(t *testing.T) {
	for _, c := range []struct {
		kind Kind
		src  string
		want map[string][2]int
	}{
		{YAML, yamlRecord, map[string][2]int{
			"":                    {2, 1},
			"id":                  {2, 5},
			"name":                {3, 7},
			"sectors":             {4, 10},
			"sectors.1":           {4, 24},
			"description.en":      {6, 7},
			"description.zh-Hant": {8, 12},
			"location.country":    {10, 12},
			"founded":             {11, 10},
			"sources.0":           {13, 5},
			"sources.0.quote":     {14, 12},
			"sources.5":           {13, 3}, // past the end: the list
			"location.street":     {10, 3}, // missing: its map
		}},
		{JSON, jsonRecord, map[string][2]int{
			"":                    {1, 1},
			"id":                  {2, 9},
			"name":                {3, 11},
			"sectors.1":           {4, 30},
			"description.zh-Hant": {5, 48},
			"location.country":    {6, 27},
			"founded":             {7, 14},
			"sources.0.quote":     {8, 56},
		}},
	} {
		doc, l := Parse("r", c.kind, []byte(c.src))
		if len(l) > 0 {
			t.Fatalf("%v: %v", c.kind, l)
		}
		for path, want := range c.want {
			p := doc.Lookup(path)
			if p.Line != want[0] || p.Col != want[1] {
				t.Errorf("kind %d: Lookup(%q) = %d:%d, want %d:%d", c.kind, path, p.Line, p.Col, want[0], want[1])
			}
			// The offset and the line and column agree.
			if got := positionAt([]byte(c.src), p.Offset); got != p {
				t.Errorf("kind %d: %q: offset %d is at %d:%d, not %d:%d", c.kind, path, p.Offset, got.Line, got.Col, p.Line, p.Col)
			}
		}
		if p, ok := doc.KeyPos("description", "zh-Hant"); !ok || p.Line != map[Kind]int{YAML: 8, JSON: 5}[c.kind] {
			t.Errorf("kind %d: KeyPos(description, zh-Hant) = %v, %v", c.kind, p, ok)
		}
		if _, ok := doc.KeyPos("description", "fr"); ok {
			t.Errorf("kind %d: KeyPos finds a missing key", c.kind)
		}
		if doc.Name != "r" {
			t.Errorf("Name = %q", doc.Name)
		}
	}
}

func TestValues(t *testing.T) {
	y, _ := Parse("r.yaml", YAML, []byte(yamlRecord))
	j, _ := Parse("r.json", JSON, []byte(jsonRecord))
	py, pj := y.Root.Plain(), j.Root.Plain()
	a, _ := json.Marshal(py)
	b, _ := json.Marshal(pj)
	if string(a) != string(b) {
		t.Errorf("YAML and JSON differ:\n%s\n%s", a, b)
	}
	if got := y.Root.Get("name").Value; got != "Stocksy — ünited" {
		t.Errorf("name = %q", got)
	}
	if got := y.Root.Get("founded").Value; got != json.Number("2013") {
		t.Errorf("founded = %#v", got)
	}
	if got := y.Node("description.zh-Hant").Comment; got != "TODO check" {
		t.Errorf("comment = %q", got)
	}
	if y.Node("description.fr") != nil || y.Node("id.x") != nil {
		t.Error("Node finds what is not there")
	}
}

// TestLineSeparators: YAML's parser counts U+2028 and U+2029 as line breaks and editors do not;
// in quoted text they are kept, and positions after them are still the lines people see.
func TestLineSeparators(t *testing.T) {
	src := "id: x\nname: \"a\u2028b\u2029c\"\nsectors: [art, musik]\ndescription:\n  en: 'd\u2028e'\n  de: f\n"
	doc, l := Parse("r.yaml", YAML, []byte(src))
	if len(l) > 0 {
		t.Fatal(l)
	}
	if got := doc.Node("name").Value; got != "a\u2028b\u2029c" {
		t.Errorf("name = %q", got)
	}
	for path, want := range map[string][2]int{"sectors.1": {3, 16}, "description.de": {6, 7}, "description.en": {5, 7}} {
		p := doc.Lookup(path)
		if p.Line != want[0] || p.Col != want[1] || positionAt([]byte(src), p.Offset) != p {
			t.Errorf("%s at %v, want %d:%d", path, p, want[0], want[1])
		}
	}
	_, l = Parse("r.yaml", YAML, []byte("id: \"\u2028\"\nname: [x\n"))
	if len(l) != 1 || l[0].Pos.Line > 2 {
		t.Errorf("error after a line separator: %v", l)
	}
}

func TestDottedKeys(t *testing.T) {
	doc, l := Parse("r.yaml", YAML, []byte("a:\n  b.c:\n    d: 1\n  b: 2\n"))
	if len(l) > 0 {
		t.Fatal(l)
	}
	if p := doc.Lookup("a.b.c.d"); p.Line != 3 || p.Col != 8 {
		t.Errorf("Lookup(a.b.c.d) = %v", p)
	}
	if p := doc.Lookup("a.b"); p.Line != 4 {
		t.Errorf("Lookup(a.b) = %v", p)
	}
}

func TestDisplayPath(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"(root)":            "",
		"(root).sectors.1":  "sectors[1]",
		"sources.0.url":     "sources[0].url",
		"location.country":  "location.country",
		"description.zh-TW": "description.zh-TW",
	} {
		if got := DisplayPath(in); got != want {
			t.Errorf("DisplayPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRefused runs what a record never needs and an attacker might send through Parse: each
// gives one error with its code, at the right line, and no document.
func TestRefused(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2)
	deepYAML := ""
	for i := 0; i <= MaxDepth+1; i++ {
		deepYAML += strings.Repeat("  ", i) + "k:\n"
	}
	laughs := "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" +
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	for _, c := range []struct {
		name string
		kind Kind
		src  string
		code string
		line int
	}{
		{"yaml syntax", YAML, "id: x\nname: [unclosed\n", "yaml", 2},
		{"yaml syntax first line", YAML, "[a, b\n", "yaml", 2}, // the end of the file
		{"yaml mapping in scalar", YAML, "id: x\nname: a: b\n", "yaml", 2},
		{"yaml bad indent", YAML, "id: x\nsources:\n  - url: a\n   quote: b\n", "yaml", 3}, // the list it breaks
		{"yaml unknown alias", YAML, "id: x\nname: *nowhere\n", "yaml", 2},
		{"yaml tab indent", YAML, "id: x\n\tname: y\n", "yaml", 2},
		{"yaml two documents", YAML, "id: x\n---\nid: y\n", "yaml", 2},
		{"yaml duplicate key", YAML, "id: x\nname: a\nid: y\n", "duplicate-key", 3},
		{"yaml duplicate nested key", YAML, "description:\n  en: a\n  en: b\n", "duplicate-key", 3},
		{"yaml int key", YAML, "id: x\n1: y\n", "key-type", 2},
		{"yaml number out of range", YAML, "id: x\nfounded: 1e400\n", "number", 2},
		{"yaml negative number out of range", YAML, "id: x\nlocation:\n  latitude: -1e309\n", "number", 3},
		{"json number out of range", JSON, "{\"id\": \"x\",\n\"founded\": 1e400}", "number", 2},
		{"yaml bool key", YAML, "true: y\n", "key-type", 1},
		{"yaml null key", YAML, "~: y\n", "key-type", 1},
		{"yaml list key", YAML, "? [a, b]\n: y\n", "key-type", 1},
		{"yaml anchor", YAML, "id: &x a\nname: *x\n", "yaml-alias", 1},
		{"yaml billion laughs", YAML, laughs, "yaml-alias", 1},
		{"yaml merge key", YAML, "base: {a: 1}\nx:\n  <<: {a: 1}\n", "yaml-merge", 3},
		{"yaml tag", YAML, "id: !!str x\n", "yaml-tag", 1},
		{"yaml custom tag", YAML, "id: !evil x\n", "yaml-tag", 1},
		{"yaml binary", YAML, "id: !!binary aGk=\n", "yaml-tag", 1},
		{"yaml deep", YAML, deepYAML, "too-deep", MaxDepth + 2},
		{"yaml deep flow", YAML, "k: " + deep + "\n", "too-deep", 1},
		{"yaml nan", YAML, "founded: .nan\n", "number", 1},
		{"yaml infinite", YAML, "founded: .inf\n", "number", 1},
		{"yaml control char", YAML, "name: \"a\\u0007b\"\n", "text", 1},
		{"yaml NUL", YAML, "name: \"a\\0b\"\n", "text", 1},
		{"yaml raw NUL", YAML, "id: x\nname: a\x00b\n", "text", 2},
		{"yaml raw DEL", YAML, "id: x\nname: a\x7fb\n", "text", 2},
		{"yaml raw C1", YAML, "id: x\nname: a\u009bb\n", "text", 2},
		{"json escaped C1", JSON, "{\"id\": \"\\u009b\"}", "text", 1},
		{"yaml noncharacter", YAML, "name: \"\\uFFFE\"\n", "text", 1},
		{"yaml list", YAML, "- id: x\n", "not-a-record", 1},
		{"yaml scalar", YAML, "just text\n", "not-a-record", 1},
		{"yaml empty", YAML, "# nothing\n", "not-a-record", 1},
		{"json syntax", JSON, "{\"id\": \"x\",\n}", "json", 2},
		{"json trailing", JSON, "{}\n{}", "json", 2},
		{"json duplicate key", JSON, "{\"id\": \"x\",\n \"id\": \"y\"}", "duplicate-key", 2},
		{"json non-string key", JSON, "{1: \"x\"}", "json", 1},
		{"json control char", JSON, "{\"id\": \"a\u0001\"}", "json", 1},
		{"json escaped NUL", JSON, "{\"id\": \"a\\u0000b\"}", "text", 1},
		{"json lone surrogate", JSON, "{\"id\": \"\\ud800\"}", "text", 1},
		{"json bad escape", JSON, "{\"id\": \"\\x41\"}", "json", 1},
		{"json leading zero", JSON, "{\"founded\": 02013}", "json", 1},
		{"json huge number", JSON, "{\"founded\": 1e999}", "number", 1},
		{"json deep", JSON, deep, "too-deep", 1},
		{"json list", JSON, "[{\"id\": \"x\"}]", "not-a-record", 1},
		{"json scalar", JSON, "\"x\"", "not-a-record", 1},
		{"json empty", JSON, "  \n", "not-a-record", 1},
		{"json single quotes", JSON, "{'id': 'x'}", "json", 1},
		{"json comment", JSON, "{\"id\": \"x\" // c\n}", "json", 1},
		{"bom", YAML, "\ufeffid: x\n", "bom", 1},
		{"lone carriage return", YAML, "id: x\rname: y\n", "line-break", 1},
		{"line separator unquoted", YAML, "id: x\nname: a\u2028b\n", "yaml", 2},
		{"next line", YAML, "id: x\nname: a\u0085b\n", "line-break", 2},
		{"bom json", JSON, "\ufeff{}", "bom", 1},
		{"invalid utf-8", YAML, "id: x\nname: \xc3\x28\n", "utf8", 2},
		{"overlong utf-8", JSON, "{\"id\": \"\xc0\xaf\"}", "utf8", 1},
		{"utf-16", JSON, "\xff\xfe{\x00}\x00", "utf8", 1},
		{"encoded surrogate", YAML, "id: \xed\xa0\x80\n", "utf8", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, l := Parse("dir/r.x", c.kind, []byte(c.src))
			if doc != nil {
				t.Errorf("a document came back: %v", doc.Root.Plain())
			}
			if len(l) != 1 {
				t.Fatalf("want one diagnostic, got %v", l)
			}
			d := l[0]
			if d.Code != c.code || d.Pos.Line != c.line || d.File != "dir/r.x" || d.Severity != diag.Error || d.Message == "" {
				t.Errorf("got %s [%s], want code %s at line %d", d.Error(), d.Code, c.code, c.line)
			}
		})
	}
}

// TestAccepted shows that what the refusals above do not cover still reads.
func TestAccepted(t *testing.T) {
	for _, c := range []struct {
		name string
		kind Kind
		src  string
		path string
		want any
	}{
		{"yaml date stays text", YAML, "d: 2013-01-01\n", "d", "2013-01-01"},
		{"yaml float year", YAML, "founded: 2013.0\n", "founded", json.Number("2013")},
		{"yaml hex", YAML, "n: 0x10\n", "n", json.Number("16")},
		{"yaml yes is text", YAML, "n: yes\n", "n", "yes"},
		{"yaml null", YAML, "n: ~\n", "n", nil},
		{"yaml crlf", YAML, "id: x\r\nn: y\r\n", "n", "y"},
		{"yaml tab in text", YAML, "n: \"a\\tb\"\n", "n", "a\tb"},
		{"yaml rtl", YAML, "n: \"\u200fابc\"\n", "n", "\u200fابc"},
		{"yaml literal escape text", YAML, "n: 'a\\u0000b'\n", "n", `a\u0000b`},
		{"json escapes", JSON, `{"n": "\"\\\/\n\r\t\u00e9\ud83d\ude00"}`, "n", "\"\\/\n\r\té😀"},
		{"json number", JSON, `{"n": -1.5e3}`, "n", json.Number("-1.5e3")},
		{"json literals", JSON, `{"n": [true, false, null]}`, "n", []any{true, false, nil}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, l := Parse("r", c.kind, []byte(c.src))
			if len(l) > 0 {
				t.Fatal(l)
			}
			got, _ := json.Marshal(doc.Node(c.path).Plain())
			want, _ := json.Marshal(c.want)
			if string(got) != string(want) {
				t.Errorf("%s = %s, want %s", c.path, got, want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := write("ok.yaml", []byte("id: ok\n"))
	if doc, l := Load(ok); doc == nil || len(l) > 0 || doc.Name != "ok" || doc.File != ok {
		t.Errorf("Load(ok.yaml) = %v, %v", doc, l)
	}
	big := write("big.yaml", []byte("id: big\nname: "+strings.Repeat("x", MaxFileSize)+"\n"))
	if doc, l := Load(big); doc != nil || len(l) != 1 || l[0].Code != "too-large" || l[0].File != big {
		t.Errorf("Load(big.yaml) = %v, %v", doc, l)
	}
	exact := write("exact.yaml", append([]byte("id: exact\nname: "), []byte(strings.Repeat("x", MaxFileSize-17)+"\n")...))
	if doc, l := Load(exact); doc == nil || len(l) > 0 {
		t.Errorf("a file of exactly the limit is refused: %v", l)
	}
	for _, c := range []struct{ path, code string }{
		{filepath.Join(dir, "missing.yaml"), "file"},
		{write("notes.txt", []byte("x")), "file"},
		{dir + "/sub.yaml", "file"},
	} {
		if c.path == dir+"/sub.yaml" {
			os.Mkdir(c.path, 0o755)
		}
		if doc, l := Load(c.path); doc != nil || len(l) != 1 || l[0].Code != c.code || l[0].File != c.path {
			t.Errorf("Load(%s) = %v, %v", c.path, doc, l)
		}
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err == nil {
		if doc, l := Load(filepath.Join(dir, "zero.yaml")); doc != nil || len(l) != 1 || !strings.Contains(l[0].Message, "regular") {
			t.Errorf("Load(/dev/zero) = %v, %v", doc, l)
		}
	}
}
