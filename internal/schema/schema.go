// Package schema validates records against vocab/record.schema.json with gojsonschema and turns
// each of its errors into a diagnostic at the line and column of the offending value, with a
// message a maintainer can act on (allowed values, a "did you mean", the expected pattern).
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/vocab"
	"github.com/xeipuuv/gojsonreference"
	"github.com/xeipuuv/gojsonschema"
)

// Validator checks records against one compiled schema. It is safe for concurrent use.
type Validator struct {
	schema *gojsonschema.Schema
	doc    map[string]any // the schema as JSON, to read enums, patterns and titles back
	// order holds the keys of each object of the schema in the order written, by the
	// object's identity, so that fields are described in the schema's order.
	order map[unsafe.Pointer][]string
	// compiled is the profile's compiled form (compiled.go), nil for other schemas: what it
	// accepts is valid; the rest goes to gojsonschema, which decides and says why.
	compiled func(*source.Node) bool
}

// Profile names the rules a record is held to.
type Profile int

const (
	// Directory is the profile of the directory's records (data/coops): the base record schema
	// and vocab/directory.schema.json, which requires status, sectors, a description and a
	// quote for every source.
	Directory Profile = iota
	// Dataset is the base profile, vocab/record.schema.json alone: the records of imported
	// datasets, which carry what their source has and no more.
	Dataset
)

func (p Profile) String() string {
	if p == Dataset {
		return "dataset"
	}
	return "directory"
}

// New compiles the directory's profile of the record schema embedded in package vocab.
func New() (*Validator, error) {
	return NewProfile(Directory)
}

// NewProfile compiles the record schema of one profile.
func NewProfile(p Profile) (*Validator, error) {
	var v *Validator
	var err error
	if p == Dataset {
		v, err = Compile(vocab.RecordSchema)
		if v != nil {
			v.compiled = compiledRecord
		}
	} else {
		v, err = CompileProfile(vocab.DirectorySchema, vocab.RecordSchema)
		if v != nil {
			v.compiled = compiledDirectory
		}
	}
	return v, err
}

// WithoutCompiled returns a copy of v that gives every record to gojsonschema: the reference
// the compiled validators are tested and measured against.
func (v *Validator) WithoutCompiled() *Validator {
	w := *v
	w.compiled = nil
	return &w
}

// Compiled reports whether the compiled form of v's profile accepts the record; false when v
// has none.
func (v *Validator) Compiled(root *source.Node) bool {
	return v.compiled != nil && root != nil && v.compiled(root)
}

// Compile compiles a draft-07 schema given as JSON. The schema may not refer to other documents.
func Compile(schemaJSON []byte) (*Validator, error) {
	return CompileProfile(schemaJSON, nil)
}

// CompileProfile compiles a draft-07 schema that may refer, by its "$id", to base (nil: to
// nothing). Diagnostics and field descriptions read base, where a profile's fields are defined,
// and nothing is ever fetched.
func CompileProfile(schemaJSON, base []byte) (*Validator, error) {
	described := schemaJSON
	if base != nil {
		described = base
	}
	order := map[unsafe.Pointer][]string{}
	top, err := decodeOrdered(json.NewDecoder(bytes.NewReader(described)), order)
	if err != nil {
		return nil, fmt.Errorf("record schema: %w", err)
	}
	doc, ok := top.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("record schema: not a JSON object")
	}
	if base != nil {
		// What the profile requires on top of base shows in descriptions and skeletons too.
		var profile map[string]any
		if err := json.Unmarshal(schemaJSON, &profile); err != nil {
			return nil, fmt.Errorf("record schema: %w", err)
		}
		overlayRequired(doc, profile)
	}
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft7
	sl.AutoDetect = false
	if base != nil {
		if err := sl.AddSchemas(gojsonschema.NewBytesLoader(base)); err != nil {
			return nil, fmt.Errorf("record schema: %w", err)
		}
	}
	s, err := sl.Compile(gojsonschema.NewBytesLoader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("record schema: %w", err)
	}
	return &Validator{schema: s, doc: doc, order: order}, nil
}

// overlayRequired adds the "required" lists of a profile to the matching objects of the base
// schema, following "properties" and "items" in both.
func overlayRequired(base, profile map[string]any) {
	if base == nil || profile == nil {
		return
	}
	for _, r := range asSlice(profile["required"]) {
		if !slices.Contains(asSlice(base["required"]), r) {
			base["required"] = append(asSlice(base["required"]), r)
		}
	}
	for name, sub := range asMap(profile["properties"]) {
		overlayRequired(asMap(asMap(base["properties"])[name]), asMap(sub))
	}
	if items := asMap(profile["items"]); items != nil {
		overlayRequired(asMap(base["items"]), items)
	}
}

// decodeOrdered decodes one JSON value like encoding/json into any, and notes the order of
// each object's keys.
func decodeOrdered(dec *json.Decoder, order map[unsafe.Pointer][]string) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		m := map[string]any{}
		var keys []string
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key := k.(string)
			v, err := decodeOrdered(dec, order)
			if err != nil {
				return nil, err
			}
			m[key] = v
			keys = append(keys, key)
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		order[reflect.ValueOf(m).UnsafePointer()] = keys
		return m, nil
	case json.Delim('['):
		var a []any
		for dec.More() {
			v, err := decodeOrdered(dec, order)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		return a, nil
	}
	return tok, nil
}

// Field describes one field of a record as the schema defines it, for people: the record
// skeleton of "coopgraph new" is written from these, so its comments follow the schema.
type Field struct {
	Name        string
	Description string
	Required    bool
	// Type is the JSON type: "string", "integer", "number", "object", "array", or "" for an
	// enumeration.
	Type string
	// Enum lists the allowed values of the field (of its items, for a list).
	Enum []string
	// ItemType is the type of a list's items.
	ItemType string
	// Fields are the fields of a mapping (of its items, for a list of mappings), in order.
	Fields []Field
	// Def names the schema definition the field (or its items) refers to: "id", "webIRI",
	// "text", "line"; "" when it refers to none.
	Def string
}

// Fields returns the fields of a record in the order the schema lists them.
func (v *Validator) Fields() []Field {
	return v.fields(v.deref(v.doc))
}

func (v *Validator) fields(obj map[string]any) []Field {
	props := asMap(obj["properties"])
	if props == nil {
		return nil
	}
	required := map[string]bool{}
	for _, r := range asSlice(obj["required"]) {
		if s, ok := r.(string); ok {
			required[s] = true
		}
	}
	names := v.order[reflect.ValueOf(props).UnsafePointer()]
	if len(names) != len(props) {
		names = sortedKeys(props)
	}
	var out []Field
	for _, name := range names {
		raw := asMap(props[name])
		sub := v.deref(raw)
		f := Field{Name: name, Description: describe(sub), Required: required[name], Def: defName(raw)}
		f.Type, _ = sub["type"].(string)
		f.Enum = enumOf(sub)
		switch f.Type {
		case "object":
			f.Fields = v.fields(sub)
		case "array":
			items := v.deref(asMap(sub["items"]))
			f.ItemType, _ = items["type"].(string)
			f.Def = defName(asMap(sub["items"]))
			f.Enum = enumOf(items)
			f.Fields = v.fields(items)
		}
		out = append(out, f)
	}
	return out
}

func defName(s map[string]any) string {
	ref, _ := s["$ref"].(string)
	return strings.TrimPrefix(ref, "#/definitions/")
}

func enumOf(sub map[string]any) []string {
	var out []string
	for _, e := range asSlice(sub["enum"]) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Enum returns the allowed values at a schema location given as a field path with "[]" for
// array items ("sectors[]", "status"); nil if there is no enumeration there.
func (v *Validator) Enum(field string) []string {
	sub := v.resolve(strings.ReplaceAll(field, "[]", ".0"))
	if sub == nil {
		return nil
	}
	return enumOf(sub)
}

// Validate checks one parsed record and returns every schema error as a diagnostic.
func (v *Validator) Validate(doc *source.Document) diag.List {
	// Most records are valid: the compiled form says so without building the plain values
	// gojsonschema reads, and gives every other record to gojsonschema.
	if v.Compiled(doc.Root) {
		return nil
	}
	res, err := v.schema.Validate(plainLoader{doc.Root.Plain()})
	var l diag.List
	if err != nil {
		l.Errorf(doc.File, diag.Position{}, "", "schema", "cannot validate: %v", err)
		return l
	}
	errs := res.Errors()
	// gojsonschema reports a bad property name twice: once as invalid_property_name and once
	// as the name's own pattern error at the parent's context. Keep the first.
	badNames := map[string]bool{}
	for _, e := range errs {
		if e.Type() == "invalid_property_name" {
			badNames[e.Context().String()+"\x00"+fmt.Sprint(e.Details()["property"])] = true
		}
	}
	for _, e := range errs {
		if e.Type() == "number_all_of" {
			continue // a profile's allOf: the failing part reports its own errors
		}
		if e.Type() != "invalid_property_name" {
			if s, ok := e.Value().(string); ok && badNames[e.Context().String()+"\x00"+s] {
				continue
			}
		}
		l.Add(v.diagnostic(doc, e))
	}
	// An empty string breaks both minLength and the pattern that asks for a non-space: say
	// it once.
	empty := map[string]bool{}
	for _, d := range l {
		if d.Message == "must not be empty" {
			empty[d.Field] = true
		}
	}
	l = slices.DeleteFunc(l, func(d diag.Diagnostic) bool { return d.Message == "must not be blank" && empty[d.Field] })
	l.Sort()
	return l
}

func (v *Validator) diagnostic(doc *source.Document, e gojsonschema.ResultError) diag.Diagnostic {
	path := strings.TrimPrefix(strings.TrimPrefix(e.Context().String(), "(root)"), ".")
	details := e.Details()
	d := diag.Diagnostic{Severity: diag.Error, File: doc.File, Pos: doc.Lookup(path), Field: source.DisplayPath(path), Code: e.Type()}
	sub := v.resolve(path)
	value := e.Value()
	switch e.Type() {
	case "required":
		prop := fmt.Sprint(details["property"])
		d.Field = source.DisplayPath(join(path, prop))
		d.Code = "required"
		d.Message = "required field is missing"
		sub := v.resolve(join(path, prop))
		hint := describe(sub)
		if allowed := enumOf(sub); len(allowed) > 0 {
			hint += "; one of: " + strings.Join(allowed, ", ")
		} else if it := v.resolve(join(join(path, prop), "0")); sub["type"] == "array" && len(enumOf(it)) > 0 {
			hint += "; from: " + strings.Join(enumOf(it), ", ")
		}
		if hint = strings.TrimPrefix(hint, "; "); hint != "" {
			d.Message += " (" + hint + ")"
		}
	case "additional_property_not_allowed":
		prop := fmt.Sprint(details["property"])
		d.Field = source.DisplayPath(join(path, prop))
		if pos, ok := doc.KeyPos(parent(path, prop), prop); ok {
			d.Pos = pos
		}
		d.Code = "unknown-field"
		known := sortedKeys(asMap(v.resolve(parent(path, prop))["properties"]))
		d.Message = fmt.Sprintf("unknown field %q", prop)
		if s := Suggest(prop, known); s != "" {
			d.Message += fmt.Sprintf("; did you mean %q?", s)
		} else if len(known) > 0 {
			d.Message += "; fields here are " + strings.Join(known, ", ")
		}
	case "invalid_property_name":
		prop := fmt.Sprint(details["property"])
		d.Field = source.DisplayPath(join(path, prop))
		if pos, ok := doc.KeyPos(path, prop); ok {
			d.Pos = pos
		}
		d.Code = "key"
		names := asMap(sub["propertyNames"])
		d.Message = fmt.Sprintf("%q is not allowed as a key here", prop)
		if desc, _ := names["description"].(string); desc != "" {
			d.Message = fmt.Sprintf("%q is not %s", prop, desc)
		}
	case "enum":
		allowed := []string{}
		for _, a := range asSlice(sub["enum"]) {
			allowed = append(allowed, fmt.Sprint(a))
		}
		noun := "one of the allowed values"
		if t, _ := sub["title"].(string); t != "" {
			noun = article(t) + " " + t
		}
		d.Message = fmt.Sprintf("%s is not %s", show(value), noun)
		if s, ok := value.(string); ok {
			if sug := Suggest(s, allowed); sug != "" {
				d.Message += fmt.Sprintf("; did you mean %q?", sug)
			}
		}
		d.Message += " (allowed: " + strings.Join(allowed, ", ") + ")"
	case "pattern":
		d.Code = "pattern"
		if fmt.Sprint(details["pattern"]) == `\S` {
			d.Code = "length"
			d.Message = "must not be blank"
			break
		}
		d.Message = fmt.Sprintf("%s does not match the pattern %v", show(value), details["pattern"])
		if hint := describe(sub); hint != "" {
			d.Message += " (" + hint + ")"
		}
	case "invalid_type":
		d.Code = "type"
		d.Message = fmt.Sprintf("expected %s, found %s", typeWords(fmt.Sprint(details["expected"])), typeOf(value))
		if hint := describe(sub); hint != "" {
			d.Message += " (" + hint + ")"
		}
	case "string_gte":
		d.Code = "length"
		if fmt.Sprint(details["min"]) == "1" {
			d.Message = "must not be empty"
		} else {
			d.Message = fmt.Sprintf("must be at least %v characters long", details["min"])
		}
	case "string_lte":
		d.Code = "length"
		d.Message = fmt.Sprintf("is longer than %v characters", details["max"])
	case "array_min_items":
		d.Code = "length"
		d.Message = fmt.Sprintf("needs at least %v %s", details["min"], plural(details["min"], "item"))
		if hint := describe(sub); hint != "" {
			d.Message += " (" + hint + ")"
		}
	case "array_min_properties":
		d.Code = "length"
		d.Message = fmt.Sprintf("needs at least %v %s", details["min"], plural(details["min"], "entry"))
		if hint := describe(sub); hint != "" {
			d.Message += " (" + hint + ")"
		}
	case "unique":
		d.Code = "duplicate"
		i, _ := details["i"].(int)
		j, _ := details["j"].(int)
		if items, ok := value.([]any); ok && j < len(items) {
			d.Field = source.DisplayPath(join(path, strconv.Itoa(j)))
			d.Pos = doc.Lookup(join(path, strconv.Itoa(j)))
			d.Message = fmt.Sprintf("%s is listed twice (also item %d)", show(items[j]), i)
		} else {
			d.Message = "items must be unique"
		}
	case "number_gte", "number_gt":
		d.Code = "range"
		d.Message = fmt.Sprintf("%s is less than %v", show(value), details["min"])
	case "number_lte", "number_lt":
		d.Code = "range"
		d.Message = fmt.Sprintf("%s is more than %v", show(value), details["max"])
	case "missing_dependency":
		d.Code = "required"
		dep := fmt.Sprint(details["dependency"])
		d.Message = fmt.Sprintf("%s is required together with this field", dep)
		// Point at the field that asks for the missing one.
		for _, k := range sortedKeys(asMap(sub["dependencies"])) {
			for _, need := range asSlice(asMap(sub["dependencies"])[k]) {
				if need == dep {
					if pos, ok := doc.KeyPos(path, k); ok {
						d.Pos, d.Field = pos, source.DisplayPath(join(path, k))
						d.Message = fmt.Sprintf("%s is given, so %s is required too", k, dep)
					}
				}
			}
		}
	default:
		d.Message = e.Description()
	}
	return d
}

// resolve returns the subschema that applies at a field path, following properties, items,
// additionalProperties and local $refs.
func (v *Validator) resolve(path string) map[string]any {
	cur := v.deref(v.doc)
	if path == "" {
		return cur
	}
	for _, seg := range strings.Split(path, ".") {
		if cur == nil {
			return nil
		}
		if p := asMap(asMap(cur["properties"])[seg]); p != nil {
			cur = v.deref(p)
			continue
		}
		if it := asMap(cur["items"]); it != nil && isIndex(seg) {
			cur = v.deref(it)
			continue
		}
		if ap := asMap(cur["additionalProperties"]); ap != nil {
			cur = v.deref(ap)
			continue
		}
		return nil
	}
	return cur
}

// deref follows a local "$ref": "#/definitions/x", merging the referring schema's own
// annotations (title, description) over the target's.
func (v *Validator) deref(s map[string]any) map[string]any {
	ref, _ := s["$ref"].(string)
	if !strings.HasPrefix(ref, "#/") {
		return s
	}
	target := map[string]any(v.doc)
	for _, seg := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		target = asMap(target[seg])
	}
	merged := map[string]any{}
	for k, val := range target {
		merged[k] = val
	}
	for k, val := range s {
		if k != "$ref" {
			merged[k] = val
		}
	}
	return merged
}

func describe(s map[string]any) string {
	d, _ := s["description"].(string)
	return d
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func join(path, seg string) string {
	if path == "" {
		return seg
	}
	return path + "." + seg
}

// parent returns path itself: gojsonschema reports additional properties at the parent object.
func parent(path, _ string) string { return path }

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}

func plural(n any, word string) string {
	if fmt.Sprint(n) == "1" {
		return word
	}
	if strings.HasSuffix(word, "y") {
		return strings.TrimSuffix(word, "y") + "ies"
	}
	return word + "s"
}

func show(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 80 {
			x = x[:77] + "…"
		}
		return strconv.Quote(x)
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

func typeOf(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "nothing (null)"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%T", v)
}

func typeWords(expected string) string {
	r := strings.NewReplacer("object", "a mapping", "array", "a list", "string", "a string", "integer", "a whole number", "number", "a number", "boolean", "true or false", "null", "null")
	return r.Replace(expected)
}

// plainLoader hands gojsonschema an already decoded value; its own Go loader would encode the
// value to JSON and decode it again.
type plainLoader struct{ v any }

func (l plainLoader) JsonSource() any                               { return l.v }
func (l plainLoader) LoadJSON() (any, error)                        { return l.v, nil }
func (l plainLoader) LoaderFactory() gojsonschema.JSONLoaderFactory { return nil }
func (l plainLoader) JsonReference() (gojsonreference.JsonReference, error) {
	return gojsonreference.NewJsonReference("#")
}
