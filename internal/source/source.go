// Package source reads record files (YAML or JSON) into a tree that remembers where each value
// came from, so that every later check can point at a line and column. It refuses what a record
// never needs and an attacker might use: byte-order marks, invalid UTF-8, control characters,
// anchors and aliases, explicit tags, duplicate and non-string keys, deep nesting, huge files.
package source

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/diag"
)

// Limits on a single record file.
const (
	// MaxFileSize is the largest record file read, in bytes.
	MaxFileSize = 1 << 20
	// MaxDepth is the deepest nesting of maps and lists accepted.
	MaxDepth = 16
)

// ErrNotRecord is returned by Kind for files that are not record files.
var ErrNotRecord = errors.New("not a record file (want .yaml, .yml or .json)")

// Kind is the syntax of a record file.
type Kind int

// Record file syntaxes.
const (
	YAML Kind = iota + 1
	JSON
)

// KindOf returns the syntax of a record file from its extension.
func KindOf(path string) (Kind, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return YAML, nil
	case ".json":
		return JSON, nil
	}
	return 0, ErrNotRecord
}

// NodeKind says what a Node holds.
type NodeKind uint8

// Node kinds.
const (
	Scalar NodeKind = iota + 1
	Map
	Seq
)

// Node is a value of a record with its position. A Map keeps its keys in file order.
type Node struct {
	Kind NodeKind
	Pos  diag.Position
	// Value is the scalar's value: string, json.Number, bool or nil.
	Value  any
	Keys   []string
	KeyPos []diag.Position
	Items  []*Node
	// Comment is the YAML comment written on the value's line, without the "#" ("" in JSON):
	// maintainers mark values still to be checked with "# TODO".
	Comment string
}

// Get returns the value of key in a map node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i, k := range n.Keys {
		if k == key {
			return n.Items[i]
		}
	}
	return nil
}

// Plain returns the node as plain Go values (map[string]any, []any, string, json.Number, bool,
// nil), the form the schema validator reads.
func (n *Node) Plain() any {
	switch n.Kind {
	case Map:
		m := make(map[string]any, len(n.Keys))
		for i, k := range n.Keys {
			m[k] = n.Items[i].Plain()
		}
		return m
	case Seq:
		s := make([]any, len(n.Items))
		for i, it := range n.Items {
			s[i] = it.Plain()
		}
		return s
	}
	return n.Value
}

// keySet finds duplicate keys of a mapping: by looking through the few keys of a record's
// mappings, and through an index once a mapping has many (a hostile file may have thousands).
type keySet struct{ m map[string]int }

const keySetIndexed = 16

// index returns where key already is in keys, or -1.
func (s *keySet) index(keys []string, key string) int {
	if s.m != nil {
		if j, ok := s.m[key]; ok {
			return j
		}
		return -1
	}
	for j, k := range keys {
		if k == key {
			return j
		}
	}
	return -1
}

// add records that key comes after keys (the keys so far).
func (s *keySet) add(keys []string, key string) {
	if s.m == nil && len(keys) >= keySetIndexed {
		s.m = make(map[string]int, 2*len(keys))
		for j, k := range keys {
			s.m[k] = j
		}
	}
	if s.m != nil {
		s.m[key] = len(keys)
	}
}

// Document is one parsed record file.
type Document struct {
	// File is the path as given, used in diagnostics.
	File string
	// Name is the file name without its extension: the id the record must have.
	Name string
	Src  []byte
	Root *Node
}

// Lookup finds the node at a field path ("sectors.1", "location.country"; "" or "(root)" is the
// root) and returns its position. When the path goes past what exists, the position of the
// deepest existing node is returned, so that "missing field" points at its parent. A key that
// itself holds dots ("a.b") is found too: the longest key that matches wins.
func (d *Document) Lookup(path string) diag.Position {
	if d == nil || d.Root == nil {
		return diag.Position{}
	}
	n, _ := d.Root.walk(path)
	return n.Pos
}

// Node returns the node at a field path, or nil.
func (d *Document) Node(path string) *Node {
	if d == nil || d.Root == nil {
		return nil
	}
	n, ok := d.Root.walk(path)
	if !ok {
		return nil
	}
	return n
}

// walk follows path from n and returns the deepest node reached and whether it is the end of
// the path.
func (n *Node) walk(path string) (*Node, bool) {
	path = strings.TrimPrefix(strings.TrimPrefix(path, "(root)"), ".")
	if path == "" {
		return n, true
	}
	segs := strings.Split(path, ".")
	for len(segs) > 0 {
		switch n.Kind {
		case Map:
			next, used := -1, 0
			for k := len(segs); k >= 1 && next < 0; k-- {
				key := strings.Join(segs[:k], ".")
				for i, name := range n.Keys {
					if name == key {
						next, used = i, k
						break
					}
				}
			}
			if next < 0 {
				return n, false
			}
			n, segs = n.Items[next], segs[used:]
		case Seq:
			i, err := strconv.Atoi(segs[0])
			if err != nil || i < 0 || i >= len(n.Items) {
				return n, false
			}
			n, segs = n.Items[i], segs[1:]
		default:
			return n, false
		}
	}
	return n, true
}

// KeyPos returns the position of key in the map at path (for "unknown field" diagnostics).
func (d *Document) KeyPos(path, key string) (diag.Position, bool) {
	n := d.Node(path)
	if n == nil || n.Kind != Map {
		return diag.Position{}, false
	}
	for i, k := range n.Keys {
		if k == key {
			return n.KeyPos[i], true
		}
	}
	return diag.Position{}, false
}

// Load reads and parses one record file. Problems come back as diagnostics, never as panics.
func Load(path string) (*Document, diag.List) {
	if _, err := KindOf(path); err != nil {
		var l diag.List
		l.Errorf(path, diag.Position{}, "", "file", "%v", err)
		return nil, l
	}
	src, l := ReadFile(path)
	if l != nil {
		return nil, l
	}
	return ParseFile(path, src)
}

// ReadFile reads a record file of at most MaxFileSize bytes; what cannot be read (a missing
// file, a folder, a FIFO or device, a file too large) comes back as one diagnostic, without
// the file's bytes.
func ReadFile(path string) ([]byte, diag.List) {
	src, code, err := readFile(path)
	if err != nil {
		var l diag.List
		l.Errorf(path, diag.Position{}, "", code, "%v", err)
		return nil, l
	}
	return src, nil
}

// ParseFile parses the bytes of the record file named file, of the syntax its extension says.
func ParseFile(file string, src []byte) (*Document, diag.List) {
	kind, err := KindOf(file)
	if err != nil {
		var l diag.List
		l.Errorf(file, diag.Position{}, "", "file", "%v", err)
		return nil, l
	}
	return Parse(file, kind, src)
}

// Parse parses the bytes of a record file of the given kind.
func Parse(file string, kind Kind, src []byte) (*Document, diag.List) {
	base := filepath.Base(file)
	doc := &Document{File: file, Name: strings.TrimSuffix(base, filepath.Ext(base)), Src: src}
	if kind == YAML {
		// The fast reader takes only text that precheck passes (see fastText), so a file it
		// accepts needs no other look.
		if root, ok := parseYAMLFast(src); ok {
			return doc.rooted(root)
		}
	}
	if l := precheck(file, kind, src); len(l) > 0 {
		return nil, l
	}
	var root *Node
	var perr *diag.Diagnostic
	switch kind {
	case JSON:
		root, perr = parseJSON(file, src)
	default:
		root, perr = parseYAMLSlow(file, src)
	}
	if perr != nil {
		return nil, diag.List{*perr}
	}
	return doc.rooted(root)
}

// precheck refuses, with the line and column, what the parsers would misread or report
// without a position: a byte-order mark, invalid UTF-8, control characters, line breaks that
// editors do not show.
func precheck(file string, kind Kind, src []byte) diag.List {
	var l diag.List
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		l.Errorf(file, diag.Position{Line: 1, Col: 1}, "", "bom", "file starts with a byte-order mark; save it as UTF-8 without BOM")
		return l
	}
	if bad := firstInvalidUTF8(src); bad >= 0 {
		hint := ""
		if len(src) >= 2 && (src[0] == 0xFF && src[1] == 0xFE || src[0] == 0xFE && src[1] == 0xFF) {
			hint = " (the file looks like UTF-16: save it as UTF-8)"
		}
		l.Errorf(file, positionAt(src, bad), "", "utf8", "invalid UTF-8 (byte 0x%02x at offset %d); records must be UTF-8%s", src[bad], bad, hint)
		return l
	}
	if kind == YAML {
		// The YAML parser names no line for these; find it here.
		for i, r := range string(src) { // no copy: the compiler ranges over src itself
			if r != 0x85 && badText(r) {
				l.Errorf(file, positionAt(src, i), "", "text", "control character %U is not allowed in a record file", r)
				return l
			}
		}
	}
	if kind == YAML {
		if off, what := oddLineBreak(src); off >= 0 {
			l.Errorf(file, positionAt(src, off), "", "line-break", "%s; YAML reads it as a line break. Save the file with LF or CRLF line endings (in a double-quoted string, write the character as an escape)", what)
			return l
		}
	}
	return nil
}

// rooted completes a parsed document, which must be a mapping.
func (doc *Document) rooted(root *Node) (*Document, diag.List) {
	var l diag.List
	file := doc.File
	doc.Root = root
	if root == nil || root.Kind != Map {
		what := "empty"
		if root != nil {
			what = map[NodeKind]string{Scalar: "a single value", Seq: "a list"}[root.Kind]
		}
		pos := diag.Position{Line: 1, Col: 1}
		if root != nil {
			pos = root.Pos
		}
		l.Errorf(file, pos, "", "not-a-record", "a record must be a mapping of fields (id, name, …), but the file is %s", what)
		return nil, l
	}
	return doc, l
}

// oddLineBreak finds the first character the YAML parser takes for a line break where editors
// see none, and that would change the text it is in: a carriage return without a line feed,
// and NEL (U+0085), which the parser folds into a space inside quotes. It returns -1 when there
// is none. (LS and PS, U+2028 and U+2029, it also counts as line breaks, but keeps in quoted
// text: positions are mapped back to editors' lines instead, see yamlLineStarts.)
func oddLineBreak(src []byte) (int, string) {
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\r':
			if i+1 >= len(src) || src[i+1] != '\n' {
				return i, "carriage return without a line feed"
			}
		case 0xC2:
			if i+1 < len(src) && src[i+1] == 0x85 {
				return i, "next-line character U+0085"
			}
		}
	}
	return -1, ""
}

// firstInvalidUTF8 returns the offset of the first byte that is not valid UTF-8, or -1.
func firstInvalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			i++
			continue
		}
		r, size := decodeRune(b[i:])
		if r < 0 {
			return i
		}
		i += size
	}
	return -1
}

func decodeRune(b []byte) (rune, int) {
	r, size := utf8.DecodeRune(b)
	if r == 0xFFFD && size <= 1 {
		return -1, 1
	}
	return r, size
}

// positioner turns byte offsets into positions. Offsets are asked for in increasing order as a
// parser goes through a file, so each is found from the one before, keeping a parse linear in
// the size of the file (a later offset before an earlier one starts again from the top).
type positioner struct {
	src []byte
	at  int
	pos diag.Position
}

func (p *positioner) position(off int) diag.Position {
	if off < p.at || p.pos.Line == 0 {
		p.at, p.pos = 0, diag.Position{Line: 1, Col: 1}
	}
	for p.at < off && p.at < len(p.src) {
		if p.src[p.at] == '\n' {
			p.pos.Line++
			p.pos.Col = 1
			p.at++
			continue
		}
		_, size := utf8.DecodeRune(p.src[p.at:])
		p.at += size
		p.pos.Col++
	}
	p.pos.Offset = p.at
	return p.pos
}

// positionAt converts a byte offset into a line and a column counted in characters.
func positionAt(src []byte, off int) diag.Position {
	if off > len(src) {
		off = len(src)
	}
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	col := 1
	for i := start; i < off; {
		_, size := utf8.DecodeRune(src[i:])
		i += size
		col++
	}
	return diag.Position{Line: line, Col: col, Offset: off}
}

// checkText refuses control characters (C0 other than tab, newline and carriage return; DEL;
// C1) and noncharacters in a string: no record needs them, and several stores and terminals
// mishandle them.
func checkText(s string) error {
	for _, r := range s {
		if !badText(r) {
			continue
		}
		if r < 0x20 || r >= 0x7f && r < 0xa0 {
			return fmt.Errorf("control character %U is not allowed in text", r)
		}
		return fmt.Errorf("character %U is not allowed in text", r)
	}
	return nil
}

// badText reports whether checkText refuses r.
func badText(r rune) bool {
	if r >= 0x20 && r < 0x7f {
		return false
	}
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r < 0xa0 ||
		r >= 0xFFFE && r&0xFFFE == 0xFFFE || r >= 0xD800 && r <= 0xDFFF
}
