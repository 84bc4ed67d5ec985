package jsonld

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Context is a parsed JSON-LD 1.0 context of the kind coopgraph publishes: prefixes, simple
// terms and expanded term definitions with @id, @type (@id, @vocab or a datatype) and
// @container (@set or @language). Anything else is refused, so that what the writer assumes
// about the context is what JSON-LD processors will do with it.
type Context struct {
	// Raw is the context object as written in the file, re-indented; the writer embeds it.
	Raw      []byte
	terms    map[string]*Term
	byIRI    map[string][]*Term // property and class IRIs to the terms that name them
	prefixes []prefix           // terms usable as prefixes of compact IRIs, longest IRI first
}

// Term is one term definition.
type Term struct {
	Name      string
	IRI       string
	Type      string // "", "@id", "@vocab" or a datatype IRI
	Container string // "", "@set" or "@language"
	Simple    bool   // defined by a plain string
}

type prefix struct{ name, iri string }

// ErrContext is wrapped by every context parsing error.
var ErrContext = errors.New("unsupported JSON-LD context")

// ParseContext parses a document of the form {"@context": {...}}.
func ParseContext(doc []byte) (*Context, error) {
	var outer map[string]json.RawMessage
	if err := json.Unmarshal(doc, &outer); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrContext, err)
	}
	raw, ok := outer["@context"]
	if !ok || len(outer) != 1 {
		return nil, fmt.Errorf("%w: want a document holding only @context", ErrContext)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("%w: @context must be an object", ErrContext)
	}
	c := &Context{terms: map[string]*Term{}, byIRI: map[string][]*Term{}}
	var order []string
	defs := map[string]json.RawMessage{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrContext, err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrContext, err)
		}
		name := k.(string)
		if strings.HasPrefix(name, "@") {
			return nil, fmt.Errorf("%w: keyword %s", ErrContext, name)
		}
		if _, dup := defs[name]; dup {
			return nil, fmt.Errorf("%w: term %q defined twice", ErrContext, name)
		}
		defs[name] = v
		order = append(order, name)
	}
	// First pass: simple string terms (prefixes among them), so compact IRIs can be expanded.
	for _, name := range order {
		var s string
		if json.Unmarshal(defs[name], &s) == nil {
			c.terms[name] = &Term{Name: name, IRI: s, Simple: true}
		}
	}
	for _, name := range order {
		t := c.terms[name]
		if t == nil {
			var def struct {
				ID        string `json:"@id"`
				Type      string `json:"@type"`
				Container string `json:"@container"`
			}
			d := json.NewDecoder(bytes.NewReader(defs[name]))
			d.DisallowUnknownFields()
			if err := d.Decode(&def); err != nil {
				return nil, fmt.Errorf("%w: term %q: %v", ErrContext, name, err)
			}
			t = &Term{Name: name, IRI: def.ID, Type: def.Type, Container: def.Container}
			switch t.Container {
			case "", "@set", "@language":
			default:
				return nil, fmt.Errorf("%w: term %q: container %s", ErrContext, name, t.Container)
			}
			if t.Container == "@language" && t.Type != "" {
				return nil, fmt.Errorf("%w: term %q: a language map cannot be typed", ErrContext, name)
			}
			c.terms[name] = t
		}
		t.IRI = c.expand(t.IRI)
		if t.Type != "" && t.Type != "@id" && t.Type != "@vocab" {
			t.Type = c.expand(t.Type)
		}
		if !strings.Contains(t.IRI, "://") {
			return nil, fmt.Errorf("%w: term %q does not map to an absolute IRI", ErrContext, name)
		}
		c.byIRI[t.IRI] = append(c.byIRI[t.IRI], t)
		if t.Simple && (strings.HasSuffix(t.IRI, "/") || strings.HasSuffix(t.IRI, "#")) {
			c.prefixes = append(c.prefixes, prefix{name, t.IRI})
		}
	}
	// Longest namespace first, so the most specific prefix wins.
	for i := 1; i < len(c.prefixes); i++ {
		for j := i; j > 0 && len(c.prefixes[j].iri) > len(c.prefixes[j-1].iri); j-- {
			c.prefixes[j], c.prefixes[j-1] = c.prefixes[j-1], c.prefixes[j]
		}
	}
	// Render the context one term per line, in the file's order.
	var out bytes.Buffer
	out.WriteString("{")
	for i, name := range order {
		if i > 0 {
			out.WriteString(",")
		}
		out.WriteString("\n    ")
		k, _ := json.Marshal(name)
		out.Write(k)
		out.WriteString(": ")
		out.Write(oneLine(defs[name]))
	}
	out.WriteString("\n  }")
	c.Raw = out.Bytes()
	return c, nil
}

// expand turns a compact IRI "prefix:local" whose prefix is a simple term into an IRI.
func (c *Context) expand(s string) string {
	if i := strings.IndexByte(s, ':'); i > 0 && !strings.HasPrefix(s[i+1:], "//") {
		if t, ok := c.terms[s[:i]]; ok && t.Simple {
			return t.IRI + s[i+1:]
		}
	}
	return s
}

// Lookup returns the term named name.
func (c *Context) Lookup(name string) (*Term, bool) {
	t, ok := c.terms[name]
	return t, ok
}

// compact returns a compact IRI prefix:local for iri when a prefix covers it with a local part
// that no processor could read differently, else "".
func (c *Context) compact(iri string) string {
	for _, p := range c.prefixes {
		if len(iri) > len(p.iri) && strings.HasPrefix(iri, p.iri) {
			local := iri[len(p.iri):]
			if safeLocal(local) {
				return p.name + ":" + local
			}
			return ""
		}
	}
	return ""
}

// shadowed reports whether an absolute IRI would be misread by a JSON-LD processor because the
// part before its colon is a term of this context (JSON-LD would expand it as a compact IRI).
func (c *Context) shadowed(iri string) bool {
	i := strings.IndexByte(iri, ':')
	if i <= 0 {
		return true
	}
	if strings.HasPrefix(iri, "_:") {
		return true
	}
	if strings.HasPrefix(iri[i+1:], "//") {
		return false
	}
	_, ok := c.terms[iri[:i]]
	return ok
}

func safeLocal(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch == '_':
		case i > 0 && (ch >= '0' && ch <= '9' || ch == '-'):
		default:
			return false
		}
	}
	return true
}

// oneLine renders a small JSON value on one line with a space after ':' and ','.
func oneLine(raw json.RawMessage) []byte {
	var compact bytes.Buffer
	json.Compact(&compact, raw)
	var b []byte
	inStr, esc := false, false
	for _, c := range compact.Bytes() {
		b = append(b, c)
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case !inStr && (c == ':' || c == ','):
			b = append(b, ' ')
		}
	}
	return b
}
