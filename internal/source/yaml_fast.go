package source

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/diag"
)

// parseYAMLFast reads the plain subset of YAML that record files are written in (block mappings
// and lists indented with spaces, one-line flow lists of plain values, one-line plain and quoted
// scalars, block scalars, full-line comments) several times faster than yaml.v3 and the
// conversion of its nodes. It returns exactly the tree parseYAML would, or ok=false for anything
// outside the subset or in doubt: then the yaml.v3 path runs and reports what it finds, so that
// no diagnostic ever comes from here. It stays linear in the size of the file.
func parseYAMLFast(src []byte) (root *Node, ok bool) {
	defer func() {
		// A bug here must cost speed, never a record: let yaml.v3 read the file instead.
		if r := recover(); r != nil {
			root, ok = nil, false
		}
	}()
	return readFastYAML(src)
}

// readFastYAML is parseYAMLFast without the net under it, for the tests to see a panic.
func readFastYAML(src []byte) (*Node, bool) {
	if !fastText(src) {
		return nil, false
	}
	p := fastYAML{src: src, text: string(src), line: 1, col: 1}
	p.setLine(0)
	p.skipBlank()
	if p.eof() || p.ind != 0 {
		return nil, false
	}
	root := p.mapping(0, p.ls, 0)
	if root == nil || !p.eof() || p.bad {
		return nil, false
	}
	return root, true
}

// fastText reports whether src holds only characters the fast path handles: no tabs, carriage
// returns, control characters, byte-order marks, LS or PS, nothing the pre-checks of Parse
// refuse. Anything else goes to yaml.v3, whose rules for them are subtle or whose diagnostics
// matter.
func fastText(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 || badText(r) || r == 0x2028 || r == 0x2029 || r == 0xFEFF {
			return false
		}
		i += size
	}
	return true
}

// fastYAML is the state of one fast parse. It works line by line: the current line is
// src[ls:le] (without its line feed), indented by ind spaces; ls == len(src) at the end.
type fastYAML struct {
	src  []byte
	text string // src as a string: keys and values are slices of it, not copies
	// The current line.
	ls, le, ind int
	// The last position handed out, to find the next from it (positions are asked for in
	// file order, which keeps long lines linear).
	at, line, col int
	bad           bool // a position was asked for out of order
	// The entries of the mappings and lists being read wait here, a child's above its
	// parent's and gone before the parent's next entry, to be copied out in one piece.
	keys  []string
	kpos  []diag.Position
	items []*Node
	buf   []byte // scratch for values that are not slices of text
	// The nodes and the finished slices are cut from these, a few allocations a file.
	nodes  []Node
	strA   []string
	posA   []diag.Position
	itemsA []*Node
}

func (p *fastYAML) eof() bool { return p.ls >= len(p.src) }

// setLine makes the line that starts at off current.
func (p *fastYAML) setLine(off int) {
	if off >= len(p.src) {
		p.ls, p.le, p.ind = len(p.src), len(p.src), 0
		return
	}
	p.ls = off
	if e := bytes.IndexByte(p.src[off:], '\n'); e >= 0 {
		p.le = off + e
	} else {
		p.le = len(p.src)
	}
	i := off
	for i < p.le && p.src[i] == ' ' {
		i++
	}
	p.ind = i - off
}

// skipBlank moves past blank lines and full-line comments, from the current line on.
func (p *fastYAML) skipBlank() {
	for !p.eof() {
		if c := p.ls + p.ind; c < p.le && p.src[c] != '#' {
			return
		}
		p.setLine(p.le + 1)
	}
}

// nextLine moves to the next line that holds content.
func (p *fastYAML) nextLine() {
	p.setLine(p.le + 1)
	p.skipBlank()
}

// pos returns the position of byte offset off, found from the position asked for before.
func (p *fastYAML) pos(off int) diag.Position {
	if off < p.at {
		p.bad = true
		return diag.Position{}
	}
	seg := p.src[p.at:off]
	if nl := bytes.LastIndexByte(seg, '\n'); nl >= 0 {
		p.line += bytes.Count(seg, []byte{'\n'})
		p.col = 1 + utf8.RuneCount(seg[nl+1:])
	} else {
		p.col += utf8.RuneCount(seg)
	}
	p.at = off
	return diag.Position{Line: p.line, Col: p.col, Offset: off}
}

// fastChunk is how many nodes, keys or positions are allocated at a time: about what a
// record has.
const fastChunk = 32

// node returns a new node.
func (p *fastYAML) node(kind NodeKind, pos diag.Position) *Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]Node, fastChunk)
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	n.Kind, n.Pos = kind, pos
	return n
}

// cut copies from into a slice of its own cut from arena (nil when from is empty, as the
// converter leaves it). Its capacity ends with it: an append to it cannot reach a neighbour.
func cut[T any](arena *[]T, from []T, chunk int) []T {
	n := len(from)
	if n == 0 {
		return nil
	}
	if len(*arena) < n {
		*arena = make([]T, max(n, chunk))
	}
	s := (*arena)[:n:n]
	copy(s, from)
	*arena = (*arena)[n:]
	return s
}

// isDash reports whether a block list entry ("- " or "-" at the end of the line) is at off.
func (p *fastYAML) isDash(off int) bool {
	return off < p.le && p.src[off] == '-' && (off+1 == p.le || p.src[off+1] == ' ')
}

// mapping reads a block mapping whose keys are in column k (0-based), the first of them at off
// on the current line.
func (p *fastYAML) mapping(k, off, depth int) *Node {
	if depth > MaxDepth {
		return nil
	}
	var n *Node
	var seen keySet
	base, ibase := len(p.keys), len(p.items)
	for {
		end, ok := p.key(off)
		if !ok {
			return nil
		}
		key := p.text[off:end]
		if seen.index(p.keys[base:], key) >= 0 {
			return nil
		}
		kpos := p.pos(off)
		if n == nil {
			n = p.node(Map, kpos)
		}
		child := p.value(end+1, k, false, depth+1)
		if child == nil {
			return nil
		}
		seen.add(p.keys[base:], key)
		p.keys = append(p.keys, key)
		p.kpos = append(p.kpos, kpos)
		p.items = append(p.items, child)
		if !p.eof() && p.ind > k {
			return nil
		}
		if p.eof() || p.ind < k {
			n.Keys = cut(&p.strA, p.keys[base:], fastChunk)
			n.KeyPos = cut(&p.posA, p.kpos[base:], fastChunk)
			n.Items = cut(&p.itemsA, p.items[ibase:], fastChunk)
			p.keys, p.kpos, p.items = p.keys[:base], p.kpos[:base], p.items[:ibase]
			return n
		}
		off = p.ls + k
	}
}

// endList gives list l the items above base, and takes them off the stack.
func (p *fastYAML) endList(l *Node, base int) *Node {
	l.Items = cut(&p.itemsA, p.items[base:], fastChunk)
	p.items = p.items[:base]
	return l
}

// key returns where the ':' after a key at off is. Keys are restricted to what records use
// (a letter, then letters, digits, '_', '-', '.'), which yaml.v3 reads as strings unless they
// are booleans or null.
func (p *fastYAML) key(off int) (int, bool) {
	if off >= p.le || !isLetter(p.src[off]) {
		return 0, false
	}
	i := off + 1
	for i < p.le && isKeyByte(p.src[i]) {
		i++
	}
	// yaml.v3 looks at most 1024 characters ahead for the ':' of a key.
	if i >= p.le || p.src[i] != ':' || i+1 < p.le && p.src[i+1] != ' ' || i-off > 512 || reservedWord(p.text[off:i]) {
		return 0, false
	}
	return i, true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isKeyByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_' || c == '-' || c == '.'
}

// reservedWord reports whether a word might be read as something other than a string: the
// booleans and nulls of yaml.v3, and YAML 1.1's yes, no, on, off, y and n for good measure.
func reservedWord(w string) bool {
	if len(w) > 5 {
		return false
	}
	var low [5]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	switch string(low[:len(w)]) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		return true
	}
	return false
}

// value reads the value after a key's ':' or a list's '-', which ends at off. n is the
// indentation of the mapping or list the value is in; inSeq says it is a list item.
func (p *fastYAML) value(off, n int, inSeq bool, depth int) *Node {
	if depth > MaxDepth {
		return nil
	}
	i := off
	for i < p.le && p.src[i] == ' ' {
		i++
	}
	if i == p.le {
		// Nothing more on the line: a nested block, or an empty value (null), which yaml.v3
		// places just after the indicator.
		p.nextLine()
		if !p.eof() {
			c := p.ls + p.ind
			switch {
			case p.ind > n && p.isDash(c):
				return p.sequence(p.ind, depth)
			case p.ind > n:
				return p.mapping(p.ind, c, depth)
			case p.ind == n && !inSeq && p.isDash(c):
				// A list in the key's own column.
				return p.sequence(n, depth)
			}
		}
		return p.node(Scalar, p.pos(off))
	}
	var v *Node
	switch p.src[i] {
	case '|', '>':
		return p.blockScalar(i, n)
	case '"':
		v = p.doubleQuoted(i)
	case '\'':
		v = p.singleQuoted(i)
	case '[':
		v = p.flowList(i, depth)
	default:
		if inSeq {
			if _, ok := p.key(i); ok {
				// A mapping that starts on the list item's line.
				return p.mapping(i-p.ls, i, depth)
			}
		}
		v = p.plain(i)
	}
	if v == nil {
		return nil
	}
	// A more indented line would continue the scalar (or be an error).
	p.nextLine()
	if !p.eof() && p.ind > n {
		return nil
	}
	return v
}

// sequence reads a block list whose '-' are in column d, the first on the current line.
func (p *fastYAML) sequence(d, depth int) *Node {
	if depth > MaxDepth {
		return nil
	}
	s := p.node(Seq, p.pos(p.ls+d))
	base := len(p.items)
	for {
		it := p.value(p.ls+d+1, d, true, depth+1)
		if it == nil {
			return nil
		}
		p.items = append(p.items, it)
		if p.eof() || p.ind < d || !p.isDash(p.ls+d) {
			// What follows is for the caller to judge.
			return p.endList(s, base)
		}
	}
}

// rest reports whether only spaces follow off on the current line.
func (p *fastYAML) rest(off int) bool {
	for ; off < p.le; off++ {
		if p.src[off] != ' ' {
			return false
		}
	}
	return true
}

// plain reads a one-line plain scalar at off.
func (p *fastYAML) plain(off int) *Node {
	end := off
	for i := off; i < p.le; i++ {
		switch c := p.src[i]; c {
		case ' ':
			if i+1 < p.le && p.src[i+1] == '#' {
				return nil // a comment
			}
			continue
		case ':':
			if i+1 == p.le || p.src[i+1] == ' ' {
				return nil // a key where none may be
			}
		}
		end = i + 1
	}
	v, ok := plainValue(p.text[off:end])
	if !ok {
		return nil
	}
	n := p.node(Scalar, p.pos(off))
	n.Value = v
	return n
}

// plainValue resolves a plain scalar as yaml.v3 and the converter do, or says it is not sure.
// Strings starting with a letter are strings unless they are reserved words; decimal integers
// and decimal fractions are numbers; whatever else starts with a digit is text (a string or a
// date, which the converter keeps as written) only when it holds a character no number syntax
// of yaml.v3 allows, or is a date.
func plainValue(s string) (any, bool) {
	c := s[0]
	switch {
	case isLetter(c):
		if reservedWord(s) {
			return nil, false
		}
		return s, true
	case c >= utf8.RuneSelf, c == '/', c == '(', c == '_', c == '$':
		return s, true
	case isDigit(c), c == '-' && len(s) > 1 && isDigit(s[1]):
	default:
		return nil, false
	}
	t := s
	if t[0] == '-' {
		t = t[1:]
	}
	j := 0
	for j < len(t) && isDigit(t[j]) {
		j++
	}
	leadingZero := j > 1 && t[0] == '0'
	switch {
	case j == len(t):
		if leadingZero {
			return nil, false // octal in yaml.v3
		}
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, false
		}
		return json.Number(strconv.FormatInt(i, 10)), true
	case t[j] == '.' && j+1 < len(t) && allDigits(t[j+1:]):
		if leadingZero {
			return nil, false
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, false
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), true
	case isDate(s), isYearMonth(s):
		return s, true
	}
	for i := 0; i < len(s); i++ {
		if !numberByte(s[i]) {
			return s, true
		}
	}
	return nil, false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isDate reports whether s is YYYY-M-D (one or two digits of month and day).
func isDate(s string) bool {
	if len(s) < 8 || len(s) > 10 || !allDigits(s[:4]) || s[4] != '-' {
		return false
	}
	m := 5
	for m < len(s) && isDigit(s[m]) {
		m++
	}
	return m > 5 && m <= 7 && m < len(s)-1 && s[m] == '-' && len(s)-m-1 <= 2 && allDigits(s[m+1:])
}

// isYearMonth reports whether s is a year and a month, like 2014-08: text for yaml.v3 (no
// number syntax has an inner '-', and its timestamps need a day).
func isYearMonth(s string) bool {
	return (len(s) == 6 || len(s) == 7) && allDigits(s[:4]) && s[4] == '-' && allDigits(s[5:])
}

// numberByte reports whether c may appear in some number yaml.v3 reads: digits and hex digits,
// base prefixes, signs, '.', '_' and exponents.
func numberByte(c byte) bool {
	switch {
	case isDigit(c), c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		return true
	}
	switch c {
	case 'x', 'X', 'o', 'O', '_', '.', '+', '-':
		return true
	}
	return false
}

// doubleQuoted reads a double-quoted scalar that ends on the line it starts on, at off.
func (p *fastYAML) doubleQuoted(off int) *Node {
	var b []byte // the value, once an escape makes it differ from the text
	esc := false
	start := off + 1
	i := start
	for ; i < p.le; i++ {
		c := p.src[i]
		if c == '"' {
			break
		}
		if c != '\\' {
			if esc {
				b = append(b, c)
			}
			continue
		}
		if !esc {
			b, esc = append(p.buf[:0], p.src[start:i]...), true
		}
		if i+1 >= p.le {
			return nil // an escaped line break
		}
		i++
		switch e := p.src[i]; e {
		case '0':
			b = append(b, 0)
		case 'a':
			b = append(b, '\a')
		case 'b':
			b = append(b, '\b')
		case 't':
			b = append(b, '\t')
		case 'n':
			b = append(b, '\n')
		case 'v':
			b = append(b, '\v')
		case 'f':
			b = append(b, '\f')
		case 'r':
			b = append(b, '\r')
		case 'e':
			b = append(b, 0x1b)
		case ' ', '"', '\'', '\\':
			b = append(b, e)
		case 'N':
			b = append(b, "\u0085"...)
		case '_':
			b = append(b, "\u00a0"...)
		case 'L':
			b = append(b, "\u2028"...)
		case 'P':
			b = append(b, "\u2029"...)
		case 'x', 'u', 'U':
			size := 2
			if e == 'u' {
				size = 4
			} else if e == 'U' {
				size = 8
			}
			if i+size >= p.le {
				return nil
			}
			v, err := strconv.ParseUint(p.text[i+1:i+1+size], 16, 32)
			if err != nil || v >= 0xD800 && v <= 0xDFFF || v > 0x10FFFF {
				return nil
			}
			b = utf8.AppendRune(b, rune(v))
			i += size
		default:
			return nil
		}
	}
	if i >= p.le || !p.rest(i+1) {
		return nil
	}
	s := p.text[start:i]
	if esc {
		s = string(b)
		p.buf = b[:0]
		// Escapes can make what the converter refuses.
		if checkText(s) != nil {
			return nil
		}
	}
	n := p.node(Scalar, p.pos(off))
	n.Value = s
	return n
}

// singleQuoted reads a single-quoted scalar that ends on the line it starts on, at off.
func (p *fastYAML) singleQuoted(off int) *Node {
	var b []byte
	esc := false
	start := off + 1
	i := start
	for ; i < p.le; i++ {
		if p.src[i] != '\'' {
			if esc {
				b = append(b, p.src[i])
			}
			continue
		}
		if i+1 < p.le && p.src[i+1] == '\'' {
			if !esc {
				b, esc = append(p.buf[:0], p.src[start:i]...), true
			}
			b = append(b, '\'')
			i++
			continue
		}
		break
	}
	if i >= p.le || !p.rest(i+1) {
		return nil
	}
	s := p.text[start:i]
	if esc {
		s = string(b)
		p.buf = b[:0]
	}
	n := p.node(Scalar, p.pos(off))
	n.Value = s
	return n
}

// flowList reads a flow list of plain scalars that ends on the line it starts on, at off.
func (p *fastYAML) flowList(off, depth int) *Node {
	l := p.node(Seq, p.pos(off))
	i := p.skipSpaces(off + 1)
	if i < p.le && p.src[i] == ']' {
		if !p.rest(i + 1) {
			return nil
		}
		return l
	}
	if depth+1 > MaxDepth {
		return nil
	}
	base := len(p.items)
	for {
		start, end := i, i
		for ; i < p.le; i++ {
			c := p.src[i]
			if c == ',' || c == ']' {
				break
			}
			switch c {
			case ' ':
				continue
			case ':', '?', '#', '[', '{', '}', '"', '\'':
				return nil
			}
			end = i + 1
		}
		if i >= p.le || end == start {
			return nil
		}
		v, ok := plainValue(p.text[start:end])
		if !ok {
			return nil
		}
		it := p.node(Scalar, p.pos(start))
		it.Value = v
		p.items = append(p.items, it)
		if p.src[i] == ']' {
			if !p.rest(i + 1) {
				return nil
			}
			return p.endList(l, base)
		}
		i = p.skipSpaces(i + 1)
	}
}

func (p *fastYAML) skipSpaces(i int) int {
	for i < p.le && p.src[i] == ' ' {
		i++
	}
	return i
}

// blockScalar reads a literal (|) or folded (>) block scalar whose indicator is at off, as
// yaml.v3's scanner does (yaml_parser_scan_block_scalar): the content's indentation is that of
// its first line, line breaks are folded into spaces except around more indented lines and
// empty ones, and the final line breaks are clipped, stripped (-) or kept (+).
func (p *fastYAML) blockScalar(off, n int) *Node {
	src := p.src
	literal := src[off] == '|'
	chomp := 0
	i := off + 1
	if i < p.le && src[i] == '+' {
		chomp = 1
		i++
	} else if i < p.le && src[i] == '-' {
		chomp = -1
		i++
	}
	// No indentation indicator, no comment.
	if !p.rest(i) || p.le == len(src) {
		return nil
	}
	sc := p.node(Scalar, p.pos(off))

	// The leading empty lines and the first line with content fix the indentation.
	at := p.le + 1
	maxInd, breaks := 0, 0
	sp := 0
	for {
		sp = 0
		for at+sp < len(src) && src[at+sp] == ' ' {
			sp++
		}
		maxInd = max(maxInd, sp)
		if at+sp < len(src) && src[at+sp] == '\n' {
			breaks++
			at += sp + 1
			continue
		}
		break
	}
	indent := max(maxInd, n+1, 1)
	if sp != indent || at+sp >= len(src) {
		return nil // empty, or spaces on the leading lines beyond the first line's
	}

	b := p.buf[:0]
	leadingBreak, leadingBlank := false, false
	for {
		c := at + indent
		trailingBlank := src[c] == ' '
		if !literal && leadingBreak && !leadingBlank && !trailingBlank {
			if breaks == 0 {
				b = append(b, ' ')
			}
		} else if leadingBreak {
			b = append(b, '\n')
		}
		for ; breaks > 0; breaks-- {
			b = append(b, '\n')
		}
		leadingBlank = trailingBlank
		e := bytes.IndexByte(src[c:], '\n')
		if e < 0 {
			b = append(b, src[c:]...)
			leadingBreak = false
			at = len(src)
			break
		}
		b = append(b, src[c:c+e]...)
		leadingBreak = true
		at = c + e + 1
		// Empty lines, and the indentation of the next line.
		for {
			sp = 0
			for sp < indent && at+sp < len(src) && src[at+sp] == ' ' {
				sp++
			}
			if at+sp < len(src) && src[at+sp] == '\n' {
				breaks++
				at += sp + 1
				continue
			}
			break
		}
		if sp != indent || at+sp >= len(src) {
			break
		}
	}
	if chomp != -1 && leadingBreak {
		b = append(b, '\n')
	}
	if chomp == 1 {
		for ; breaks > 0; breaks-- {
			b = append(b, '\n')
		}
	}
	sc.Value = string(b)
	p.buf = b[:0]

	p.setLine(at)
	p.skipBlank()
	if !p.eof() && p.ind > n {
		return nil
	}
	return sc
}
