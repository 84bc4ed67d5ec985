package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/synth"
)

// sameAsSlow runs both YAML readers on src. When the fast one accepts, the yaml.v3 one must
// accept too and give the same tree, down to positions, comments and the types of values.
// It returns whether the fast reader accepted.
func sameAsSlow(t testing.TB, name string, src []byte) bool {
	t.Helper()
	fast, ok := readFastYAML(src)
	if !ok {
		if fast != nil {
			t.Fatalf("%s: the fast reader declined but returned a tree", name)
		}
		return false
	}
	slow, d := parseYAMLSlow(name, src)
	if d != nil {
		t.Fatalf("%s: the fast reader accepted what yaml.v3 refuses (%s: %s)\n%q", name, d.Code, d.Message, src)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%s: the fast reader differs at %s\n%q", name, nodeDiff("(root)", fast, slow), src)
	}
	// Parse skips its pre-checks for what the fast reader accepts: they must have nothing to say.
	if l := precheck(name, YAML, src); len(l) > 0 {
		t.Fatalf("%s: the fast reader accepted a file the pre-checks refuse: %v", name, l)
	}
	return true
}

// nodeDiff describes the first difference between two trees.
func nodeDiff(path string, a, b *Node) string {
	switch {
	case a == nil || b == nil:
		return fmt.Sprintf("%s: %v vs %v", path, a, b)
	case a.Kind != b.Kind:
		return fmt.Sprintf("%s: kind %d vs %d", path, a.Kind, b.Kind)
	case a.Pos != b.Pos:
		return fmt.Sprintf("%s: position %+v vs %+v", path, a.Pos, b.Pos)
	case !reflect.DeepEqual(a.Value, b.Value):
		return fmt.Sprintf("%s: value %#v vs %#v", path, a.Value, b.Value)
	case a.Comment != b.Comment:
		return fmt.Sprintf("%s: comment %q vs %q", path, a.Comment, b.Comment)
	case !reflect.DeepEqual(a.Keys, b.Keys):
		return fmt.Sprintf("%s: keys %q vs %q", path, a.Keys, b.Keys)
	case !reflect.DeepEqual(a.KeyPos, b.KeyPos):
		return fmt.Sprintf("%s: key positions %+v vs %+v", path, a.KeyPos, b.KeyPos)
	case len(a.Items) != len(b.Items) || (a.Items == nil) != (b.Items == nil):
		return fmt.Sprintf("%s: %d items vs %d", path, len(a.Items), len(b.Items))
	}
	for i := range a.Items {
		seg := strconv.Itoa(i)
		if a.Kind == Map {
			seg = a.Keys[i]
		}
		if !reflect.DeepEqual(a.Items[i], b.Items[i]) {
			return nodeDiff(path+"."+seg, a.Items[i], b.Items[i])
		}
	}
	return path + ": (a difference reflect.DeepEqual sees)"
}

// repoYAML returns the YAML files of the repository: the records, and every test corpus.
func repoYAML(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, dir := range []string{"../../data", "../../internal"} {
		err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() || !strings.HasSuffix(path, ".yaml") && !strings.HasSuffix(path, ".yml") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files[path] = b
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if len(files) < 100 {
		t.Fatalf("found only %d YAML files", len(files))
	}
	return files
}

// fuzzCorpus returns the YAML inputs of FuzzParse's committed corpus.
func fuzzCorpus(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, dir := range []string{"testdata/fuzz/FuzzParse", "testdata/fuzz/FuzzYAMLFastPath"} {
		names, err := filepath.Glob(filepath.Join(dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(bytes.NewReader(b))
			sc.Buffer(nil, 4<<20)
			for sc.Scan() {
				line := sc.Text()
				if q, ok := strings.CutPrefix(line, "[]byte("); ok {
					s, err := strconv.Unquote(strings.TrimSuffix(q, ")"))
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					files[name] = []byte(s)
				}
			}
		}
	}
	return files
}

// TestYAMLFastPathRepository compares the two readers on every YAML file of the repository,
// the bad records of the command's golden tests among them, and on the fuzz corpora.
func TestYAMLFastPathRepository(t *testing.T) {
	accepted := 0
	files := repoYAML(t)
	for name, src := range fuzzCorpus(t) {
		files[name] = src
	}
	for name, src := range files {
		ok := sameAsSlow(t, name, src)
		if ok {
			accepted++
		}
		if isRecord(name) && !ok {
			t.Errorf("%s: the fast reader declined a record of the directory", name)
		}
	}
	t.Logf("the fast reader accepted %d of %d files", accepted, len(files))
}

// isRecord reports whether a repository file is one of the directory's records (written by
// hand in data/coops, or by an importer in data/imported/<source>/records).
func isRecord(name string) bool {
	if strings.HasPrefix(name, "../../data/coops/") {
		return true
	}
	dir, _ := filepath.Split(name)
	return strings.HasPrefix(name, "../../data/imported/") && filepath.Base(dir) == "records"
}

// TestYAMLFastPathSynthetic compares the two readers on synthetic records, all of which the
// fast reader must accept: they are what the export's speed is measured on.
func TestYAMLFastPathSynthetic(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 200
	}
	for _, seed := range []uint64{1, 2, 3, 42} {
		count := n
		if seed == 1 && !testing.Short() {
			count = 2501 // record 2500 has a description of 100 kB
		}
		g := synth.New(synth.Options{N: count, Seed: seed})
		for i := 0; i < count; i++ {
			src := g.Record(nil, i)
			if !sameAsSlow(t, g.FileName(i), src) {
				t.Fatalf("seed %d, record %d: the fast reader declined\n%s", seed, i, src)
			}
		}
	}
}

// TestYAMLFastPathCases checks the tricky parts of the subset against yaml.v3: each input must
// take the fast path (accept) or leave it (decline) as stated, and give yaml.v3's tree.
func TestYAMLFastPathCases(t *testing.T) {
	const accept, decline = true, false
	for _, c := range []struct {
		src    string
		accept bool
	}{
		// Block scalars: chomping.
		{"a: |\n  x\n  y\n", accept},
		{"a: |-\n  x\n  y\n", accept},
		{"a: |+\n  x\n  y\n", accept},
		{"a: |\n  x\n\n\nb: 1\n", accept},
		{"a: |+\n  x\n\n\nb: 1\n", accept},
		{"a: |-\n  x\n\n\nb: 1\n", accept},
		{"a: |+\n  x\n\n  \n", accept},
		{"a: |\n  x", accept},
		{"a: |+\n  x", accept},
		{"a: >\n  x\n  y\n", accept},
		{"a: >-\n  x\n  y\n", accept},
		{"a: >+\n  x\n  y\n\n", accept},
		// Folding: empty lines, more indented lines, lines of spaces.
		{"a: >\n  x\n\n  y\n", accept},
		{"a: >\n  x\n\n\n  y\n", accept},
		{"a: >\n  x\n    more\n  y\n", accept},
		{"a: >\n  x\n\n    more\n\n  y\n", accept},
		{"a: >\n    more\n  x\n", decline},
		{"a: >\n  x\n     \n  y\n", accept},
		{"a: >\n  x\n \n  y\n", accept},
		{"a: |\n  x\n     \n  y\n", accept},
		{"a: >\n\n  x\n", accept},
		{"a: |\n\n\n  x\n", accept},
		{"a: |\n    \n  x\n", decline},
		{"a: |\n  # not a comment\n  x\n", accept},
		{"a: |\n  x\n# a comment\nb: 1\n", accept},
		{"a: |\n    x\n  # a comment\nb: 1\n", accept},
		{"a: |\n  x\n   y\n  z\n", accept},
		{"a: |\nb: 1\n", decline},
		{"a: |\n", decline},
		{"a: |2\n  x\n", decline},
		{"a: | # c\n  x\n", decline},
		{"a: >-   \n  x\n", accept},
		{"a:\n  b: >-\n    x\n    y\n  c: 2\n", accept},
		{"a:\n  - >-\n    x\n    y\n  - z\n", accept},
		{"a:\n- |\n x\n- z\n", accept},
		{"a:\n  - b: |\n      x\n    c: d\n", accept},
		{"a: |\n  x\n b: 1\n", decline},
		{"a: |+\n  x\n   \n", accept},
		{"a: >\n  x\n  \n  y\n", accept},
		{"a: >\n  x\n   y\n  z\n\n   w\n", accept},
		{"a: >-\n  x\n\n\n", accept},
		{"a: |\n# c\n  x\n", decline},
		{"a: |\n  x\n\n# c\n\nb: |+\n  y\n\n# c\n", accept},
		{"a: >\n   x\n  y\n", decline},
		{"k:\n- a:\n  - x\n- z\n", accept},
		// Escapes.
		{`a: "q\"b\\s\/"` + "\n", decline},
		{`a: "q\"b\\s\n\t\r\ x\_y\L\P"` + "\n", accept},
		{`a: "\x41\u00e9\U0001F600"` + "\n", accept},
		{`a: "\ud800"` + "\n", decline},
		{`a: "\0"` + "\n", decline},
		{`a: "\N"` + "\n", decline},
		{`a: "\e"` + "\n", decline},
		{`a: "\uFFFE"` + "\n", decline},
		{`a: "\q"` + "\n", decline},
		{`a: "x\` + "\n  y\"\n", decline},
		{`a: "x  "` + "\n", accept},
		{`a: "x" # c` + "\n", decline},
		{`a: "x" y` + "\n", decline},
		{`a: ""` + "\n", accept},
		{`a: "multi` + "\n  line\"\n", decline},
		{"a: 'it''s'\n", accept},
		{"a: ''\n", accept},
		{"a: '''\n", decline},
		{"a: 'x' \n", accept},
		{`a: '\n'` + "\n", accept},
		// Numbers and strings.
		{"a: 2013\nb: -5\nc: 0\nd: -0\ne: 51.21179\nf: -0.5\ng: 4.41145\nh: 1.0\n", accept},
		{"a: 2026-11-25\nb: 2026-1-5\nc: 2026-13-45\n", accept},
		{"a: 2014-08\nb: 2014-8\nc: 2014-13\n", accept},
		{"a: 9223372036854775807\n", accept},
		{"a: 9223372036854775808\n", decline},
		{"a: -9223372036854775808\n", accept},
		{"a: 0123\n", decline},
		{"a: 0x1F\n", decline},
		{"a: 0o17\n", decline},
		{"a: 1_000\n", decline},
		{"a: +1\n", decline},
		{"a: 1e5\n", decline},
		{"a: .5\n", decline},
		{"a: .inf\n", decline},
		{"a: -.inf\n", decline},
		{"a: 1.\n", decline},
		{"a: 12 Main Street\nb: 1:30\nc: 10/12\nd: 3rd\n", accept},
		{"a: 1a\n", decline},
		{"a: true\n", decline},
		{"a: False\n", decline},
		{"a: null\n", decline},
		{"a: ~\n", decline},
		{"a: yes\n", decline},
		{"a: Off\n", decline},
		{"a: n\n", decline},
		{"a: nope\nb: trueish\nc: onward\n", accept},
		{"a: -foo\n", decline},
		{"a: /path\nb: (x)\nc: _x\nd: $5\n", accept},
		// Plain scalars.
		{"a: https://example.org/#frag\n", accept},
		{"a: x # c\n", decline},
		{"a: x#y\n", accept},
		{"a: b: c\n", decline},
		{"a: b:\n", decline},
		{"a: b:c\n", accept},
		{"a: x   \n", accept},
		{"a: x\n  y\n", decline},
		{"a: x\n\n  y\n", decline},
		{"a: x\n  # c\nb: z\n", accept},
		{"a: She said \"hi\" and 'bye', [not] {a list}\n", accept},
		{"a: - x\n", decline},
		{"a: &x y\n", decline},
		{"a: *x\n", decline},
		{"a: !!str y\n", decline},
		{"a: {b: c}\n", decline},
		{"a: @x\n", decline},
		{"a: `x\n", decline},
		{"a: %x\n", decline},
		// Positions of non-ASCII text.
		{"name: \"Stocksy — ünited\"\nzh: 合作社\nk: [ü, 合作, é, x]\nl: [合作社, b]\n", accept},
		{"a: 😀 and 😀\nb:\n  - 😀\n  - 合: 1\n", decline},
		{"a: 😀 and 😀\nb:\n  - 😀\n  - c: 合\n    d: 😀\n", accept},
		// Empty values are null, placed after the ':' or '-'.
		{"a:\nb: 1\n", accept},
		{"a:\n", accept},
		{"a:", accept},
		{"a:   \nb:\n  c:\n", accept},
		{"a:\n  -\n  - x\n  -\n", accept},
		{"a:\n-\n- x\n", accept},
		{"a:\n  - b:\n    c: 1\n", accept},
		{"a:\n  - b:\n  - c\n", accept},
		// Lists and mappings.
		{"sources:\n  - url: https://example.org/\n    quote: q\n  - url: \"u\"\n    quote: >-\n      long\n      text\n", accept},
		{"sources:\n- url: x\n  quote: q\nnext: 1\n", accept},
		{"a:\n  -   b: 1\n      c: 2\n", accept},
		{"a:\n  -\n    b: 1\n", accept},
		{"a:\n  - - x\n", decline},
		{"a:\n  - x\n  b: 1\n", decline},
		{"a:\n  - x\n - y\n", decline},
		{"a:\n  b: 1\n c: 2\n", decline},
		{"a:\n    b: 1\n  c: 2\n", decline},
		{"a:\n  -\n    - x\n", accept},
		{"a: [photography, music]\n", accept},
		{"a: []\nb: [ ]\nc: [ x ,z ]\n", accept},
		{"a: [x, 2013, -0.5, 2026-01-01, open source]\n", accept},
		{"a: [x,]\n", decline},
		{"a: [x,, y]\n", decline},
		{"a: [x, true]\n", decline},
		{"a: [x] y\n", decline},
		{"a: [x] # c\n", decline},
		{"a: [x\n  , y]\n", decline},
		{"a: [a: b]\n", decline},
		{"a: [http://x]\n", decline},
		{"a: [\"x\"]\n", decline},
		{"a: [[x]]\n", decline},
		{"- [x]\n", decline},
		// Comments, documents, keys.
		{"# head\na: 1 # line\n", decline},
		{"# head\n\n  # indented\na: 1\n# foot\n", accept},
		{"a:\n  # head of b\n  b: 1\n    # more indented\n  c: 2\n", accept},
		{"a: # c\n  b: 1\n", decline},
		{"a:\n  - # c\n    b: 1\n", decline},
		{"---\na: 1\n", decline},
		{"a: 1\n---\nb: 1\n", decline},
		{"a: 1\n...\n", decline},
		{"%YAML 1.2\n---\na: 1\n", decline},
		{"a: 1\na: 2\n", decline},
		{"a:\n  b: 1\n  b: 2\n", decline},
		{"a: 1\nb:\n  a: 1\n", accept},
		{"<<: {a: 1}\n", decline},
		{"\"a\": 1\n", decline},
		{"? a\n: 1\n", decline},
		{"true: 1\n", decline},
		{"1: x\n", decline},
		{"a b: 1\n", decline},
		{"a : 1\n", decline},
		{"a:1\n", decline},
		{"zh-Hant-TW: x\ngeo_container: yy\nv1.2: z\n", accept},
		{"", decline},
		{"# only a comment\n", decline},
		{"- a\n", decline},
		{"x\n", decline},
		{"  a: 1\n", decline},
		{"a: 1\n  \n", accept},
		{"a: 1\n\tb: 2\n", decline},
		{"a: 1\r\n", decline},
		{"a: x\u2028y\n", decline},
		{"a: x\ufeff\n", decline},
		{"a: x\u00a0y\n", accept},
		// Nesting: the scalar 1 is at depth MaxDepth, then one deeper.
		{nested(MaxDepth-1, "x: 1"), accept},
		{nested(MaxDepth, "x: 1"), decline},
		{nested(MaxDepth-2, "x: [1]"), accept},
		{nested(MaxDepth-1, "x: [1]"), decline},
		{nested(MaxDepth-1, "x: []"), accept},
		{nested(MaxDepth-1, "x:\n- 1"), decline},
		{nested(MaxDepth-1, "x: |\n  t"), accept},
	} {
		got := sameAsSlow(t, "case", []byte(c.src))
		if got != c.accept {
			_, d := parseYAMLSlow("case", []byte(c.src))
			t.Errorf("%q: fast reader accepted = %v, want %v (yaml.v3: %v)", c.src, got, c.accept, d)
		}
	}
}

// nested returns levels mappings of one key each, the innermost holding inner.
func nested(levels int, inner string) string {
	var b strings.Builder
	for i := 0; i < levels; i++ {
		fmt.Fprintf(&b, "%sa:\n", strings.Repeat(" ", i))
	}
	ind := strings.Repeat(" ", levels)
	return b.String() + ind + strings.ReplaceAll(inner, "\n", "\n"+ind) + "\n"
}

// TestYAMLFastPathValues pins down a few trees outright, in case both readers were wrong alike.
func TestYAMLFastPathValues(t *testing.T) {
	src := []byte("a: >-\n  x\n  y\n\n  z\nb: |\n  l1\n   l2\nc: -0.50\nd: 2013\ne:\nf: [合作, x]\n")
	root, ok := parseYAMLFast(src)
	if !ok {
		t.Fatal("declined")
	}
	want := map[string]any{"a": "x y\nz", "b": "l1\n l2\n", "c": json.Number("-0.5"), "d": json.Number("2013"), "e": nil, "f": []any{"合作", "x"}}
	if got := root.Plain(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
	if p := root.Get("f").Items[1].Pos; p.Line != 12 || p.Col != 9 || p.Offset != len(src)-3 {
		t.Errorf("f[1] at %+v", p)
	}
	if p := root.Get("e").Pos; p.Line != 11 || p.Col != 3 {
		t.Errorf("e at %+v", p)
	}
}

// TestYAMLFastPathLinear makes sure hostile files the fast reader accepts take it no longer
// than their size says (a quadratic step would take minutes here): a line of many list items
// after wide characters, a mapping of many keys, a long block scalar, long quoted text.
func TestYAMLFastPathLinear(t *testing.T) {
	var list, keys, block, quoted bytes.Buffer
	list.WriteString("a: [")
	for i := 0; list.Len() < MaxFileSize; i++ {
		if i > 0 {
			list.WriteString(", ")
		}
		list.WriteString("合作社x")
	}
	list.WriteString("]\n")
	for i := 0; keys.Len() < MaxFileSize; i++ {
		fmt.Fprintf(&keys, "k%d: v\n", i)
	}
	block.WriteString("a: >-\n")
	for block.Len() < MaxFileSize {
		block.WriteString("  word word\n\n    more\n")
	}
	quoted.WriteString("a: \"")
	for quoted.Len() < MaxFileSize {
		quoted.WriteString(`x\"合\u00e9 `)
	}
	quoted.WriteString("\"\n")
	for _, b := range []*bytes.Buffer{&list, &keys, &block, &quoted} {
		if _, ok := parseYAMLFast(b.Bytes()); !ok {
			t.Errorf("declined %.40q…", b.Bytes())
		}
	}
}

// TestYAMLFastPathRandom compares the two readers on generated documents near the subset:
// nested mappings and lists with varied indentation, every kind of scalar, block scalars with
// empty, blank and more indented lines, comments, and now and then a line out of place.
func TestYAMLFastPathRandom(t *testing.T) {
	n := 30000
	if testing.Short() {
		n = 3000
	}
	r := rand.New(rand.NewPCG(1, 2))
	accepted, valid := 0, 0
	for i := 0; i < n; i++ {
		g := docGen{r: r}
		g.mapping(0, 0)
		src := g.b.Bytes()
		if r.IntN(10) == 0 {
			src = bytes.TrimRight(src, "\n") // no line feed at the end
		}
		if sameAsSlow(t, "random.yaml", src) {
			accepted++
		} else if _, d := parseYAMLSlow("random.yaml", src); d == nil {
			valid++
		}
	}
	t.Logf("the fast reader accepted %d of %d documents, and declined %d others yaml.v3 reads", accepted, n, valid)
	if accepted < n/3 {
		t.Errorf("the fast reader accepted only %d of %d generated documents", accepted, n)
	}
}

// TestYAMLFastPathScalars compares how the two readers resolve plain scalars that look like
// numbers, dates, booleans or nulls, as values and as flow list items.
func TestYAMLFastPathScalars(t *testing.T) {
	const alphabet = "0123456789-.eE+_xXoObB:aAfFtTnNyY~ /"
	r := rand.New(rand.NewPCG(5, 6))
	accepted := 0
	for i := 0; i < 40000; i++ {
		b := make([]byte, 1+r.IntN(12))
		for j := range b {
			b[j] = alphabet[r.IntN(len(alphabet))]
			if j < 4 && r.IntN(2) == 0 {
				b[j] = '0' + byte(r.IntN(10))
			}
		}
		if sameAsSlow(t, "scalar.yaml", []byte("a: "+string(b)+"\n")) {
			accepted++
		}
		sameAsSlow(t, "scalar.yaml", []byte("a: [x, "+string(b)+"]\n"))
	}
	t.Logf("the fast reader accepted %d of 40000 values", accepted)
}

// docGen writes a random document.
type docGen struct {
	r *rand.Rand
	b bytes.Buffer
}

// genScalars are values the fast reader takes; oddScalars mostly send it to yaml.v3.
var (
	genScalars = []string{
		"x", "hello world", "two  spaces", "2013", "-5", "0", "-0", "0.5", "-0.50", "1.0",
		"2026-01-02", "2026-1-2", "2014-08", "2014-8", "12 Main St", "1:30", "a:b", "a#b", "https://example.org/a#b",
		"合作社", "😀 x", "ünited", "-1", "x-", "_x", "/p", "(a)", "'q''s'", "''", `"e\n\t\u00e9"`,
		`""`, `"a # b"`, `"\x41"`, "[a, b]", "[]", "[ 1 , 2.5 ]", "[a b, 合]", "nope",
		"9223372036854775807", "She said \"hi\" and 'bye'", `"x\\y"`, "'a # b'",
	}
	oddScalars = []string{
		"007", "true", "No", "~", "null", "-x", `"\/"`, "[x, ]", "{a: b}", "&a x", "*a", "!t x",
		"x # c", "- x", "x:", "9223372036854775808", "1e3", ".5", "+1", "0x10", "1_0", `"\0"`,
		`"\N"`, "[a: b]", "? x", "|1", ">2-", "'x' y", "a: b",
	}
)

func (g *docGen) scalar() string {
	if g.r.IntN(8) == 0 {
		return g.pick(oddScalars)
	}
	return g.pick(genScalars)
}

func (g *docGen) pick(l []string) string { return l[g.r.IntN(len(l))] }

func (g *docGen) indent(n int) {
	// Now and then one space more or less.
	if g.r.IntN(40) == 0 {
		n += g.r.IntN(3) - 1
	}
	g.b.WriteString(strings.Repeat(" ", max(n, 0)))
}

func (g *docGen) junk(ind int) {
	switch g.r.IntN(12) {
	case 0:
		g.b.WriteString("\n")
	case 1:
		g.b.WriteString(strings.Repeat(" ", g.r.IntN(6)) + "\n")
	case 2:
		g.b.WriteString(strings.Repeat(" ", g.r.IntN(ind+4)) + "# comment\n")
	}
}

func (g *docGen) mapping(ind, depth int) {
	for k := 1 + g.r.IntN(4); k > 0; k-- {
		g.junk(ind)
		g.indent(ind)
		g.b.WriteString(g.pick([]string{"a", "b", "c", "id", "zh-Hant", "k_1", "v1.2", "name", "a", "url"}))
		g.b.WriteByte(':')
		g.value(ind, depth+1, false)
	}
}

func (g *docGen) sequence(ind, depth int) {
	for k := 1 + g.r.IntN(3); k > 0; k-- {
		g.junk(ind)
		g.indent(ind)
		g.b.WriteByte('-')
		g.value(ind, depth+1, true)
	}
}

// value writes what follows a key's ':' or a list's '-' at indentation ind.
func (g *docGen) value(ind, depth int, inSeq bool) {
	step := 1 + g.r.IntN(3)
	choice := g.r.IntN(10)
	if depth > 5 {
		choice = 0
	}
	switch choice {
	case 0, 1, 2:
		g.b.WriteString(" " + g.scalar() + strings.Repeat(" ", g.r.IntN(2)) + "\n")
	case 3:
		g.b.WriteString("\n")
	case 4, 5:
		g.b.WriteString(" " + g.pick([]string{"|", "|-", "|+", ">", ">-", ">+"}) + "\n")
		g.block(ind + step)
	case 6:
		g.b.WriteString("\n")
		g.mapping(ind+step, depth)
	case 7:
		g.b.WriteString("\n")
		if !inSeq && g.r.IntN(2) == 0 {
			step = 0
		}
		g.sequence(ind+step, depth)
	case 8:
		if inSeq {
			// A mapping on the item's line.
			g.b.WriteString(strings.Repeat(" ", step))
			mark := g.b.Len()
			g.mapping(ind+1+step, depth)
			// Its first key goes on the item's line.
			b := g.b.Bytes()
			rest := bytes.TrimLeft(b[mark:], " \n")
			g.b.Truncate(mark)
			g.b.Write(append([]byte(nil), rest...))
			return
		}
		g.b.WriteString(" " + g.scalar() + "\n")
	default:
		g.b.WriteString("\n")
		g.sequence(ind+step, depth)
	}
}

// block writes the lines of a block scalar indented by ind.
func (g *docGen) block(ind int) {
	for k := g.r.IntN(6); k >= 0; k-- {
		switch g.r.IntN(8) {
		case 0:
			g.b.WriteString("\n")
		case 1:
			g.b.WriteString(strings.Repeat(" ", g.r.IntN(ind+3)) + "\n")
		case 2:
			g.b.WriteString(strings.Repeat(" ", ind+1+g.r.IntN(3)) + "more indented\n")
		case 3:
			g.b.WriteString(strings.Repeat(" ", ind) + "# not a comment\n")
		default:
			g.b.WriteString(strings.Repeat(" ", ind) + g.pick([]string{"word", "two words", "合作社", "x:", "- y"}) + "\n")
		}
	}
}

// FuzzYAMLFastPath compares the fast YAML reader with yaml.v3 on arbitrary input, starting
// from real and synthetic records: whatever the fast reader accepts, it reads as yaml.v3 does.
func FuzzYAMLFastPath(f *testing.F) {
	f.Add([]byte(yamlRecord))
	names, _ := filepath.Glob("../../data/coops/*.yaml")
	for _, name := range names {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	g := synth.New(synth.Options{N: 40, Seed: 7})
	for i := 0; i < g.N(); i += 4 {
		f.Add(g.Record(nil, i))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20; i++ {
		d := docGen{r: r}
		d.mapping(0, 0)
		f.Add(d.b.Bytes())
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsSlow(t, "fuzz.yaml", src)
	})
}
