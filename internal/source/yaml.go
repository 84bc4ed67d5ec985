package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/diag"
	"go.yaml.in/yaml/v3"
)

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAMLSlow reads src with yaml.v3 and converts its nodes. (Parse tries parseYAMLFast
// first: most records are plain enough for it, and it gives the same tree or declines.)
func parseYAMLSlow(file string, src []byte) (root *Node, d *diag.Diagnostic) {
	fail := func(pos diag.Position, field, code, format string, args ...any) (*Node, *diag.Diagnostic) {
		return nil, &diag.Diagnostic{Severity: diag.Error, File: file, Pos: pos, Field: field, Code: code, Message: fmt.Sprintf(format, args...)}
	}
	defer func() {
		// The YAML parser should not panic, but a record file must never crash a run.
		if r := recover(); r != nil {
			root, d = fail(diag.Position{}, "", "yaml", "cannot parse YAML: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var top yaml.Node
	if err := dec.Decode(&top); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return fail(yamlErrorPos(src, err), "", "yaml", "%s", yamlErrorMessage(err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return fail(diag.Position{Line: extra.Line, Col: 1}, "", "yaml", "more than one YAML document in the file; a record file holds one record")
	} else if !errors.Is(err, io.EOF) {
		return fail(yamlErrorPos(src, err), "", "yaml", "%s", yamlErrorMessage(err))
	}
	if top.Kind != yaml.DocumentNode || len(top.Content) == 0 {
		return nil, nil
	}
	c := yamlConverter{file: file, src: src, lines: yamlLineStarts(src), out: positioner{src: src}}
	n, derr := c.convert(top.Content[0], "", 0)
	if derr != nil {
		return nil, derr
	}
	return n, nil
}

// parserProblems are the messages of go-yaml's parser (as opposed to its scanner). It reports
// them with the 0-based line of the construct being parsed, and with no line at all when that
// is the first line; scanner errors come with a 1-based line.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

var unknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

func yamlErrorPos(src []byte, err error) diag.Position {
	line := 0
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		if parserProblems[m[2]] {
			line++
		}
	} else if parserProblems[strings.TrimPrefix(msg, "yaml: ")] {
		line = 1
	} else if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(src, []byte("*"+m[1])); i >= 0 {
			return positionAt(src, i)
		}
	}
	if line < 1 {
		return diag.Position{}
	}
	// The guess of a parser error's line can pass the end of the file: keep it inside.
	starts := yamlLineStarts(src)
	line = min(line, len(starts))
	p := positionAt(src, starts[line-1])
	if p.Col != 1 {
		// The YAML line starts after an LS or PS, in the middle of an editor's line.
		p = positionAt(src, bytes.LastIndexByte(src[:p.Offset], '\n')+1)
	}
	return p
}

func yamlErrorMessage(err error) string {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		msg = m[2]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return "malformed YAML: " + msg
}

// yamlLineStarts returns the offsets where the YAML parser's lines start. It counts LF, CRLF
// and LS and PS (U+2028, U+2029) as line breaks; editors count only the first two, so the
// parser's line numbers are mapped through these offsets to the lines people see.
func yamlLineStarts(src []byte) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '\n':
			starts = append(starts, i+1)
		case src[i] == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
			starts = append(starts, i+3)
			i += 2
		}
	}
	return starts
}

type yamlConverter struct {
	file  string
	src   []byte
	lines []int // yamlLineStarts
	// The last node's place in the parser's terms (line, column, byte offset). Nodes come
	// in file order, so each is found from the one before, and a long line (a flow list of
	// thousands of items) stays linear to convert.
	line, col, off int
	out            positioner
}

func (c *yamlConverter) pos(n *yaml.Node) diag.Position {
	if n.Line > len(c.lines) || n.Line < 1 {
		// An empty value after the last line break ("---" alone): the end of the file.
		return positionAt(c.src, len(c.src))
	}
	if c.line != n.Line || c.col > n.Column {
		c.line, c.col, c.off = n.Line, 1, c.lines[n.Line-1]
	}
	// Column counts characters; walk them to find the byte offset.
	end := len(c.src)
	if n.Line < len(c.lines) {
		end = c.lines[n.Line]
	}
	for c.col < n.Column && c.off < end && c.src[c.off] != '\n' {
		_, size := utf8.DecodeRune(c.src[c.off:])
		c.off += size
		c.col++
	}
	return c.out.position(c.off)
}

func (c *yamlConverter) fail(n *yaml.Node, field, code, format string, args ...any) *diag.Diagnostic {
	return &diag.Diagnostic{Severity: diag.Error, File: c.file, Pos: c.pos(n), Field: field, Code: code, Message: fmt.Sprintf(format, args...)}
}

func (c *yamlConverter) convert(n *yaml.Node, path string, depth int) (*Node, *diag.Diagnostic) {
	if depth > MaxDepth {
		return nil, c.fail(n, displayPath(path), "too-deep", "nested more than %d levels deep", MaxDepth)
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return nil, c.fail(n, displayPath(path), "yaml-alias", "YAML anchors and aliases (&, *) are not allowed in records; write the value out")
	}
	if n.Style&yaml.TaggedStyle != 0 {
		return nil, c.fail(n, displayPath(path), "yaml-tag", "explicit YAML tags (%s) are not allowed in records", n.Tag)
	}
	out := &Node{Pos: c.pos(n), Comment: comment(n.LineComment)}
	switch n.Kind {
	case yaml.MappingNode:
		out.Kind = Map
		var seen keySet
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.AliasNode || k.Anchor != "" {
				return nil, c.fail(k, displayPath(path), "yaml-alias", "YAML anchors and aliases (&, *) are not allowed in records; write the value out")
			}
			if k.Kind != yaml.ScalarNode || k.Tag != "!!str" || k.Style&yaml.TaggedStyle != 0 {
				if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
					return nil, c.fail(k, displayPath(path), "yaml-merge", "YAML merge keys (<<) are not allowed in records")
				}
				return nil, c.fail(k, displayPath(path), "key-type", "keys must be strings, but %s", describeKey(k))
			}
			if err := checkText(k.Value); err != nil {
				return nil, c.fail(k, displayPath(path), "text", "key %q: %v", k.Value, err)
			}
			if j := seen.index(out.Keys, k.Value); j >= 0 {
				return nil, c.fail(k, displayPath(join(path, k.Value)), "duplicate-key", "key %q appears twice (first at line %d)", k.Value, out.KeyPos[j].Line)
			}
			// The key's position before the value's: positions are found walking forward.
			kpos := c.pos(k)
			child, d := c.convert(v, join(path, k.Value), depth+1)
			if d != nil {
				return nil, d
			}
			if child.Comment == "" {
				child.Comment = comment(k.LineComment)
			}
			seen.add(out.Keys, k.Value)
			out.Keys = append(out.Keys, k.Value)
			out.KeyPos = append(out.KeyPos, kpos)
			out.Items = append(out.Items, child)
		}
	case yaml.SequenceNode:
		out.Kind = Seq
		for i, it := range n.Content {
			child, d := c.convert(it, join(path, strconv.Itoa(i)), depth+1)
			if d != nil {
				return nil, d
			}
			out.Items = append(out.Items, child)
		}
	case yaml.ScalarNode:
		out.Kind = Scalar
		v, d := c.scalar(n, path)
		if d != nil {
			return nil, d
		}
		out.Value = v
	default:
		return nil, c.fail(n, displayPath(path), "yaml", "unexpected YAML node")
	}
	return out, nil
}

// yamlNumber is the form of a plain scalar that YAML reads as a number when it is in range
// (yaml.v3's float syntax, which covers its decimal integers).
var yamlNumber = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

func (c *yamlConverter) scalar(n *yaml.Node, path string) (any, *diag.Diagnostic) {
	switch n.Tag {
	case "!!str", "!!timestamp":
		if n.Style == 0 && yamlNumber.MatchString(n.Value) {
			// Written as a number, but too large for one: the YAML parser gives up and
			// calls it text, which would have the schema say "found a string".
			return nil, c.fail(n, displayPath(path), "number", "number %s is out of range", n.Value)
		}
		// An unquoted date stays the text it was written as.
		if err := checkText(n.Value); err != nil {
			return nil, c.fail(n, displayPath(path), "text", "%v", err)
		}
		return n.Value, nil
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, c.fail(n, displayPath(path), "yaml", "bad boolean %q", n.Value)
		}
		return b, nil
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return nil, c.fail(n, displayPath(path), "number", "integer %q is out of range", n.Value)
		}
		return json.Number(strconv.FormatInt(i, 10)), nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, c.fail(n, displayPath(path), "number", "%q is not a finite number", n.Value)
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	case "!!binary":
		return nil, c.fail(n, displayPath(path), "yaml-tag", "binary values are not allowed in records")
	}
	return nil, c.fail(n, displayPath(path), "yaml-tag", "values of type %s are not allowed in records", n.Tag)
}

// comment returns a line comment without its "#" and surrounding space.
func comment(c string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c), "#"))
}

func describeKey(k *yaml.Node) string {
	if k.Kind == yaml.ScalarNode {
		return strconv.Quote(k.Value) + " is " + yamlTypeName(k)
	}
	return "this key is a " + yamlTypeName(k)
}

func yamlTypeName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	case "!!str":
		return "a string"
	}
	return n.Tag
}

func join(path, seg string) string {
	if path == "" {
		return seg
	}
	return path + "." + seg
}

// displayPath turns a field path "sectors.1.x" into the form people read: "sectors[1].x".
func displayPath(path string) string {
	if path == "" {
		return ""
	}
	var b strings.Builder
	for i, seg := range strings.Split(path, ".") {
		if isIndex(seg) {
			b.WriteString("[" + seg + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// DisplayPath is displayPath for other packages: "sectors.1" → "sectors[1]".
func DisplayPath(path string) string {
	return displayPath(strings.TrimPrefix(strings.TrimPrefix(path, "(root)"), "."))
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
