package source

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/diag"
)

// FuzzParse feeds arbitrary bytes to the record reader, as YAML and as JSON. Whatever the
// bytes, it returns either a document (a mapping, with positions that agree with the bytes) or
// error diagnostics naming the file, and never panics. JSON it accepts, encoding/json reads to
// the same value; JSON encoding/json reads, it refuses only for a stated reason.
func FuzzParse(f *testing.F) {
	f.Add([]byte(yamlRecord), false)
	f.Add([]byte(jsonRecord), true)
	f.Add([]byte("id: x\nname: [unclosed\n"), false)
	f.Add([]byte("a: &a [1]\nb: [*a, *a]\n"), false)
	f.Add([]byte("? [a]\n: b\n"), false)
	f.Add([]byte("\ufeffid: x\n"), false)
	f.Add([]byte("{\"a\": {\"b\": [1, 2.5e3, true, null, \"\\ud83d\\ude00\"]}}"), true)
	f.Add([]byte("{\"a\": 1, \"a\": 2}"), true)
	f.Add([]byte("[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]"), true)
	f.Add([]byte("x: |\n  line\n\tx\n"), false)
	f.Fuzz(func(t *testing.T, src []byte, isJSON bool) {
		kind := YAML
		if isJSON {
			kind = JSON
		}
		const file = "data/coops/fuzz.yaml"
		doc, l := Parse(file, kind, src)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range l {
			if d.File != file || d.Message == "" || d.Code == "" {
				t.Fatalf("diagnostic without file, code or message: %#v", d)
			}
			if d.Pos.IsValid() && (d.Pos.Line > lines || d.Pos.Offset > len(src) || d.Pos.Col < 1) {
				t.Fatalf("diagnostic outside the file (%d lines, %d bytes): %#v", lines, len(src), d)
			}
		}
		if doc == nil {
			if !l.HasErrors() {
				t.Fatalf("no document and no error: %v", l)
			}
			if isJSON {
				checkRefusalReason(t, src, l[0])
			}
			return
		}
		if len(l) > 0 || doc.Root == nil || doc.Root.Kind != Map {
			t.Fatalf("a document with diagnostics %v or a root that is not a mapping", l)
		}
		checkNode(t, src, doc.Root, 0)
		if isJSON {
			var want any
			dec := json.NewDecoder(bytes.NewReader(src))
			dec.UseNumber()
			if err := dec.Decode(&want); err != nil {
				t.Fatalf("accepted JSON that encoding/json refuses: %v", err)
			}
			if got := doc.Root.Plain(); !reflect.DeepEqual(got, want) {
				t.Fatalf("read as %#v, encoding/json reads %#v", got, want)
			}
		}
	})
}

// checkNode checks a node and its children: positions in the file and consistent, strings
// valid UTF-8 without control characters, depth within the limit.
func checkNode(t *testing.T, src []byte, n *Node, depth int) {
	t.Helper()
	if depth > MaxDepth+1 {
		t.Fatalf("node deeper than %d", MaxDepth)
	}
	if !n.Pos.IsValid() || n.Pos.Offset > len(src) {
		t.Fatalf("node without a position in the file: %#v", n.Pos)
	}
	if got := positionAt(src, n.Pos.Offset); got != n.Pos {
		t.Fatalf("offset %d is at %d:%d, node says %d:%d", n.Pos.Offset, got.Line, got.Col, n.Pos.Line, n.Pos.Col)
	}
	switch n.Kind {
	case Scalar:
		if s, ok := n.Value.(string); ok && (!utf8.ValidString(s) || checkText(s) != nil) {
			t.Fatalf("string %q passed", s)
		}
	case Map:
		if len(n.Keys) != len(n.Items) || len(n.Keys) != len(n.KeyPos) {
			t.Fatal("keys and items differ in number")
		}
		seen := map[string]bool{}
		for _, k := range n.Keys {
			if seen[k] {
				t.Fatalf("key %q twice", k)
			}
			seen[k] = true
		}
		for _, it := range n.Items {
			checkNode(t, src, it, depth+1)
		}
	case Seq:
		for _, it := range n.Items {
			checkNode(t, src, it, depth+1)
		}
	default:
		t.Fatalf("node of kind %d", n.Kind)
	}
}

// checkRefusalReason accepts a refusal of JSON that encoding/json reads only for the reasons
// the reader documents (not a syntax error it made up).
func checkRefusalReason(t *testing.T, src []byte, d diag.Diagnostic) {
	t.Helper()
	var v any
	if json.Unmarshal(src, &v) != nil {
		return
	}
	switch d.Code {
	case "duplicate-key", "text", "too-deep", "number", "not-a-record", "utf8", "bom":
	default:
		t.Fatalf("refused JSON that encoding/json reads: %s [%s]", d.Error(), d.Code)
	}
}
