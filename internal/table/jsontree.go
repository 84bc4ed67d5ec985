package table

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/source"
)

// maxDepth bounds the nesting of a JSON table.
const maxDepth = 64

// parseJSONTree reads a JSON document of any shape into source.Nodes with their line and
// column (numbers kept as written).
func parseJSONTree(file string, src []byte) (*source.Node, error) {
	if !utf8.Valid(src) {
		return nil, fail(file, diag.Position{Line: 1, Col: 1}, "the file is not UTF-8")
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	lines := []int{0}
	for i, b := range src {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	pos := func(off int64) diag.Position {
		o := int(off)
		for o < len(src) && (src[o] == ' ' || src[o] == '\t' || src[o] == '\r' || src[o] == '\n' || src[o] == ',' || src[o] == ':') {
			o++
		}
		l := sort.Search(len(lines), func(i int) bool { return lines[i] > o }) - 1
		return diag.Position{Line: l + 1, Col: utf8.RuneCount(src[lines[l]:o]) + 1, Offset: o}
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var value func(depth int) (*source.Node, error)
	value = func(depth int) (*source.Node, error) {
		if depth > maxDepth {
			return nil, fmt.Errorf("nested more than %d levels deep", maxDepth)
		}
		p := pos(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '[' {
				n := &source.Node{Kind: source.Seq, Pos: p}
				for dec.More() {
					it, err := value(depth + 1)
					if err != nil {
						return nil, err
					}
					n.Items = append(n.Items, it)
				}
				_, err := dec.Token()
				return n, err
			}
			n := &source.Node{Kind: source.Map, Pos: p}
			for dec.More() {
				kp := pos(dec.InputOffset())
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				it, err := value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Keys = append(n.Keys, k)
				n.KeyPos = append(n.KeyPos, kp)
				n.Items = append(n.Items, it)
			}
			_, err := dec.Token()
			return n, err
		default:
			return &source.Node{Kind: source.Scalar, Pos: p, Value: t}, nil
		}
	}
	root, err := value(0)
	if err == nil {
		if _, extra := dec.Token(); !errors.Is(extra, io.EOF) {
			err = errors.New("more than one JSON value in the file")
		}
	}
	if err != nil {
		var se *json.SyntaxError
		var p diag.Position
		if errors.As(err, &se) {
			p = pos(se.Offset - 1)
		} else {
			p = pos(dec.InputOffset())
		}
		return nil, fail(file, p, "not valid JSON: %v", err)
	}
	return root, nil
}
