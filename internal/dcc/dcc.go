// Package dcc reads the Data Commons Co-op's "standard CSV" (one organisation per row, with
// ESSGLOBAL concept IRIs) and turns every row that can become a valid record into one, in the
// base profile of the record schema. Rows that cannot are reported with the line they start on
// and the reason; values that cannot be kept (a website without a scheme, coordinates out of
// range, an IRI outside the ESSGLOBAL schemes) are left out with a warning, and the row is kept.
//
// The package is pure: it reads the bytes it is given and returns record files as bytes.
package dcc

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/coopgraph/coopgraph/internal/dataset"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/vocab"
	"go.yaml.in/yaml/v3"
)

// The columns of the standard CSV that have a place in the ontology, as the header names them
// (matched without regard to case or surrounding spaces).
const (
	ColIdentifier      = "Identifier"
	ColName            = "Name"
	ColDescription     = "Description"
	ColOrgStructure    = "Organisational Structure"
	ColPrimaryActivity = "Primary Activity"
	ColActivities      = "Activities"
	ColStreet          = "Street Address"
	ColLocality        = "Locality"
	ColRegion          = "Region"
	ColPostcode        = "Postcode"
	ColCountry         = "Country ID"
	ColWebsite         = "Website"
	ColMembershipType  = "Membership Type"
	ColLatitude        = "Latitude"
	ColLongitude       = "Longitude"
	ColGeoContainer    = "Geo Container"
	ColGeoLatitude     = "Geo Container Latitude"
	ColGeoLongitude    = "Geo Container Longitude"
)

var mapped = []string{
	ColIdentifier, ColName, ColDescription, ColOrgStructure, ColPrimaryActivity, ColActivities,
	ColStreet, ColLocality, ColRegion, ColPostcode, ColCountry, ColWebsite, ColMembershipType,
	ColLatitude, ColLongitude, ColGeoContainer, ColGeoLatitude, ColGeoLongitude,
}

// NotMapped are the standard's columns that have no place in the ontology (contact details,
// registration numbers, free-text classifications): their values are counted and reported, not
// imported.
var NotMapped = []string{
	"Country Name", "Territory ID", "Phone", "Email", "Twitter", "Facebook", "Companies House Number",
	"Qualifiers", "Sector", "SIC Section", "SIC Code", "Ownership Classification", "Legal Form",
}

// Limits.
const (
	// MaxFileSize is the largest CSV file read.
	MaxFileSize = 512 << 20
	maxLine     = 500    // a one-line field (the record schema's "line")
	maxText     = 200000 // a description
	maxIdent    = 200
	maxID       = 80
)

// Options say how rows become records.
type Options struct {
	// File names the CSV in diagnostics.
	File string
	// Source is the page the dataset was published at: every record's source.
	Source string
	// Lang is the language of the descriptions (a BCP 47 tag; "" means "en").
	Lang string
	// SameAsPrefix, when set, gives each record same_as SameAsPrefix + its Identifier (for a
	// dataset whose publisher mints IRIs that way); it must name a known authority.
	SameAsPrefix string
}

// Record is one imported record file.
type Record struct {
	ID   string
	Line int // where its row starts
	YAML []byte
}

// Column counts the values of one column.
type Column struct {
	Name   string
	Values int
}

// Result is what a CSV gave.
type Result struct {
	Records []Record // sorted by id
	// Diags hold the rejected rows (errors) and the values left out (warnings), at the line
	// where their row starts.
	Diags diag.List
	// Rows is the number of data rows read (not counting the header).
	Rows     int
	Encoding string
	LineEnds string
	// NotImported are the columns with values that have no place in the ontology, in header
	// order.
	NotImported []Column
}

// Rejected returns the number of rows that did not become records.
func (r *Result) Rejected() int { return r.Rows - len(r.Records) }

// Slug turns an identifier into a record id: lower case, runs of anything but letters and
// digits become one hyphen ("R000001" → "r000001", "AB 12/3" → "ab-12-3"). Only ASCII letters
// and digits survive, so the id is a safe file name.
func Slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	return b.String()
}

// Concept patterns: the same as record.schema.json's, built from vocab's scheme IRIs.
var (
	reOrgStructure = regexp.MustCompile(`^` + regexp.QuoteMeta(vocab.ESSGlobalOrgStructures) + `OS[1-9][0-9]*$`)
	reActivity     = regexp.MustCompile(`^(` + regexp.QuoteMeta(vocab.ESSGlobalActivitiesICA) + `ICA|` + regexp.QuoteMeta(vocab.ESSGlobalActivitiesModified) + `AM)[1-9][0-9]*$`)
	reMembership   = regexp.MustCompile(`^` + regexp.QuoteMeta(vocab.ESSGlobalMembershipTypes) + `BMT[1-9][0-9]*$`)
	reCountry      = regexp.MustCompile(`^[A-Z]{2}$`)
)

var validator = sync.OnceValues(func() (*schema.Validator, error) { return schema.NewProfile(schema.Dataset) })

// Read converts a standard CSV. An error means the file as a whole cannot be read (no header,
// no Identifier or Name column); it is a diag.Diagnostic.
func Read(src []byte, opt Options) (*Result, error) {
	if opt.Lang == "" {
		opt.Lang = "en"
	}
	fail := func(line int, code, format string, args ...any) error {
		return diag.Diagnostic{Severity: diag.Error, File: opt.File, Pos: diag.Position{Line: line, Col: 1}, Code: code, Message: fmt.Sprintf(format, args...)}
	}
	if err := iri.CheckWeb(opt.Source); err != nil {
		return nil, fmt.Errorf("source %q is not a usable web address: %w", opt.Source, err)
	}
	if err := iri.CheckLang(opt.Lang); err != nil {
		return nil, fmt.Errorf("language %q: %w", opt.Lang, err)
	}
	if len(src) > MaxFileSize {
		return nil, fail(0, "too-large", "the file is %d bytes; at most %d are read", len(src), MaxFileSize)
	}
	v, err := validator()
	if err != nil {
		return nil, err
	}
	text, enc, ends := decodeText(src)
	res := &Result{Encoding: enc, LineEnds: ends}
	if enc == Windows1252 {
		res.Diags.Warnf(opt.File, diag.Position{}, "", "encoding", "not valid UTF-8: read as Windows-1252; check that accented letters came out right")
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fail(1, "header", "the file is empty; a standard CSV starts with a header row")
	}
	if err != nil {
		return nil, fail(1, "csv", "cannot read the header: %v", csvMessage(err))
	}
	cols := map[string]int{} // canonical column name → index
	canon := map[string]string{}
	for _, c := range append(append([]string{}, mapped...), NotMapped...) {
		canon[strings.ToLower(c)] = c
	}
	var notMapped []int
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		c, ok := canon[key]
		if !ok {
			if key != "" {
				res.Diags.Warnf(opt.File, diag.Position{Line: 1, Col: 1}, "", "column", "column %q is not a column of the standard CSV; ignored", strings.TrimSpace(h))
			}
			continue
		}
		if _, dup := cols[c]; dup {
			return nil, fail(1, "header", "column %q appears twice in the header", c)
		}
		cols[c] = i
		if slices.Contains(NotMapped, c) {
			notMapped = append(notMapped, i)
		}
	}
	for _, c := range []string{ColIdentifier, ColName} {
		if _, ok := cols[c]; !ok {
			return nil, fail(1, "header", "the header has no %q column (it has: %s)", c, strings.Join(trimAll(header), ", "))
		}
	}
	counts := make([]int, len(header))

	taken := map[string]int{} // id → line of the row that has it
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			res.Rows++
			res.Diags.Errorf(opt.File, diag.Position{Line: line, Col: 1}, "", "csv", "row rejected: malformed CSV: %s", csvMessage(err))
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue // a blank line
		}
		res.Rows++
		if len(row) != len(header) {
			res.Diags.Errorf(opt.File, diag.Position{Line: line, Col: 1}, "", "fields", "row rejected: it has %d fields, the header has %d", len(row), len(header))
			continue
		}
		for _, i := range notMapped {
			if strings.TrimSpace(row[i]) != "" {
				counts[i]++
			}
		}
		cv := &converter{file: opt.File, line: line, opt: &opt, row: row, cols: cols}
		rec := cv.convert()
		res.Diags = append(res.Diags, cv.diags...)
		if rec == nil {
			continue
		}
		if first, dup := taken[rec.ID]; dup {
			res.Diags.Errorf(opt.File, diag.Position{Line: line, Col: 1}, "Identifier", "duplicate-id",
				"row rejected: identifier %q gives the id %q, which the row on line %d already has (the first row is kept)", cv.get(ColIdentifier), rec.ID, first)
			continue
		}
		if why := check(v, rec); why != "" {
			res.Diags.Errorf(opt.File, diag.Position{Line: line, Col: 1}, "", "invalid", "row rejected: the record would be invalid: %s", why)
			continue
		}
		taken[rec.ID] = line
		res.Records = append(res.Records, *rec)
	}
	for _, i := range notMapped {
		if counts[i] > 0 {
			res.NotImported = append(res.NotImported, Column{Name: strings.TrimSpace(header[i]), Values: counts[i]})
		}
	}
	slices.SortFunc(res.Records, func(a, b Record) int { return strings.Compare(a.ID, b.ID) })
	res.Diags.Sort()
	return res, nil
}

func trimAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(strings.TrimSpace(s))
	}
	return out
}

// csvMessage is encoding/csv's error without its own line prefix (the diagnostic has the line).
func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if pe.Line != pe.StartLine {
			return fmt.Sprintf("%v (at line %d, column %d)", pe.Err, pe.Line, pe.Column)
		}
		return fmt.Sprintf("%v (column %d)", pe.Err, pe.Column)
	}
	return err.Error()
}

// check runs a record file through what validate runs: the YAML reader, the schema's base
// profile and the record checks. It returns "" when valid, else the problems.
func check(v *schema.Validator, rec *Record) string {
	path := pipeline.Path{Validator: v}
	var msgs []string
	for _, d := range path.Check(dataset.RecordsDir+"/"+rec.ID+".yaml", rec.YAML, nil).Diags {
		if d.Severity != diag.Error {
			continue
		}
		if d.Field != "" {
			msgs = append(msgs, d.Field+": "+d.Message)
		} else {
			msgs = append(msgs, d.Message)
		}
	}
	return strings.Join(msgs, "; ")
}

// converter turns one row into a record.
type converter struct {
	file  string
	line  int
	opt   *Options
	row   []string
	cols  map[string]int
	diags diag.List
}

func (c *converter) get(col string) string {
	if i, ok := c.cols[col]; ok {
		return c.row[i]
	}
	return ""
}

func (c *converter) reject(col, format string, args ...any) {
	c.diags.Errorf(c.file, diag.Position{Line: c.line, Col: 1}, col, "rejected", "row rejected: "+format, args...)
}

func (c *converter) drop(col, format string, args ...any) {
	c.diags.Warnf(c.file, diag.Position{Line: c.line, Col: 1}, col, "left-out", format+"; left out", args...)
}

// text cleans a value: control characters become spaces (with a warning), spaces around it go;
// oneLine also folds line breaks and runs of spaces into one space, else line breaks are kept
// and each line trimmed.
func (c *converter) text(col string, oneLine bool) string {
	s := c.get(col)
	replaced := false
	s = strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if unicode.IsControl(r) || r >= 0xFFFE && r&0xFFFE == 0xFFFE || r == '\uFEFF' {
			if r != '\t' {
				replaced = true
			}
			return ' '
		}
		return r
	}, s)
	if replaced {
		c.diags.Warnf(c.file, diag.Position{Line: c.line, Col: 1}, col, "control-character", "control characters replaced by spaces")
	}
	if oneLine {
		return strings.Join(strings.Fields(s), " ")
	}
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// line returns a one-line optional field, left out (with a warning) when too long.
func (c *converter) line1(col string) string {
	s := c.text(col, true)
	if n := len([]rune(s)); n > maxLine {
		c.drop(col, "%d characters, more than the %d a record takes", n, maxLine)
		return ""
	}
	return s
}

func (c *converter) convert() *Record {
	ident := c.text(ColIdentifier, true)
	name := c.text(ColName, true)
	switch {
	case ident == "":
		c.reject(ColIdentifier, "the Identifier is empty")
		return nil
	case len([]rune(ident)) > maxIdent:
		c.reject(ColIdentifier, "the Identifier is longer than %d characters", maxIdent)
		return nil
	}
	id := Slug(ident)
	switch {
	case id == "":
		c.reject(ColIdentifier, "the Identifier %q has no letters or digits to make an id of", ident)
		return nil
	case len(id) > maxID:
		c.reject(ColIdentifier, "the Identifier %q makes an id longer than %d characters", ident, maxID)
		return nil
	case name == "":
		c.reject(ColName, "the Name is empty")
		return nil
	case len([]rune(name)) > maxLine:
		c.reject(ColName, "the Name is longer than %d characters", maxLine)
		return nil
	}

	m := newMap()
	m.str("id", id)
	m.str("name", name)
	m.str("identifier", ident)
	if d := c.text(ColDescription, false); d != "" {
		if n := len([]rune(d)); n > maxText {
			c.drop(ColDescription, "%d characters, more than the %d a record takes", n, maxText)
		} else {
			desc := newMap()
			desc.str(strings.ToLower(c.opt.Lang), d)
			m.node("description", desc.n)
		}
	}
	if w := c.text(ColWebsite, true); w != "" {
		if err := iri.CheckWeb(w); err != nil {
			c.drop(ColWebsite, "%q is not an absolute http or https IRI (%v)", w, err)
		} else if len(w) > 2000 {
			c.drop(ColWebsite, "longer than 2000 characters")
		} else {
			m.str("website", w)
		}
	}
	if loc := c.location(); len(loc.n.Content) > 0 {
		m.node("location", loc.n)
	}
	if ess := c.essglobal(); len(ess.n.Content) > 0 {
		m.node("essglobal", ess.n)
	}
	if p := c.opt.SameAsPrefix; p != "" {
		s := p + ident
		if err := record.CheckSameAs(s); err != nil {
			c.drop(ColIdentifier, "same_as: %v", err)
		} else {
			m.node("same_as", seq(s))
		}
	}
	src := newMap()
	src.str("url", c.opt.Source)
	m.node("sources", &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{src.n}})
	m.n.HeadComment = "Imported by coopgraph import dcc-csv: correct the source data and re-import rather than edit this file."
	b, err := dataset.EncodeYAML(m.n)
	if err != nil {
		c.reject("", "cannot write the record: %v", err)
		return nil
	}
	return &Record{ID: id, Line: c.line, YAML: b}
}

func (c *converter) location() *ymap {
	loc := newMap()
	if s := c.text(ColStreet, false); s != "" {
		if n := len([]rune(s)); n > maxLine {
			c.drop(ColStreet, "%d characters, more than the %d a record takes", n, maxLine)
		} else {
			loc.str("street", s)
		}
	}
	for _, f := range []struct{ key, col string }{{"locality", ColLocality}, {"region", ColRegion}, {"postcode", ColPostcode}} {
		if s := c.line1(f.col); s != "" {
			loc.str(f.key, s)
		}
	}
	if s := c.text(ColCountry, true); s != "" {
		if u := strings.ToUpper(s); reCountry.MatchString(u) {
			loc.str("country", u)
		} else {
			c.drop(ColCountry, "%q is not an ISO 3166-1 alpha-2 code", s)
		}
	}
	lat, lon, ok := c.coordinates(ColLatitude, ColLongitude)
	if !ok {
		lat, lon, ok = c.coordinates(ColGeoLatitude, ColGeoLongitude)
	}
	if ok {
		loc.num("latitude", lat)
		loc.num("longitude", lon)
	}
	if g := c.text(ColGeoContainer, true); g != "" {
		if err := iri.CheckWeb(g); err != nil {
			c.drop(ColGeoContainer, "%q is not an absolute http or https IRI (%v)", g, err)
		} else if len(g) > 2000 {
			c.drop(ColGeoContainer, "longer than 2000 characters")
		} else {
			loc.str("geo_container", g)
		}
	}
	return loc
}

// coordinates reads a latitude and longitude pair; ok only when both are there and valid.
func (c *converter) coordinates(latCol, lonCol string) (lat, lon string, ok bool) {
	la, lo := c.text(latCol, true), c.text(lonCol, true)
	if la == "" && lo == "" {
		return "", "", false
	}
	if la == "" || lo == "" {
		c.drop(latCol, "%s and %s come in pairs, and one is empty", latCol, lonCol)
		return "", "", false
	}
	parse := func(col, s string, limit float64) (string, bool) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(s, "xXpP_") {
			c.drop(col, "%q is not a decimal number", s)
			return "", false
		}
		if f < -limit || f > limit {
			c.drop(col, "%s is outside -%v…%v", s, limit, limit)
			return "", false
		}
		return strconv.FormatFloat(f, 'f', -1, 64), true
	}
	lat, ok1 := parse(latCol, la, 90)
	lon, ok2 := parse(lonCol, lo, 180)
	return lat, lon, ok1 && ok2
}

// concept normalises an ESSGLOBAL IRI to the production base; "" (with a warning) when it is not
// a concept of the scheme re accepts.
func (c *converter) concept(col, s string, re *regexp.Regexp, scheme string) string {
	for _, alias := range vocab.ESSGlobalStandardAliases {
		if rest, ok := strings.CutPrefix(s, alias); ok {
			s = vocab.ESSGlobalStandard + rest
		}
	}
	if !re.MatchString(s) {
		c.drop(col, "%q is not a concept IRI of ESSGLOBAL's %s scheme", s, scheme)
		return ""
	}
	return s
}

func (c *converter) essglobal() *ymap {
	ess := newMap()
	if s := c.text(ColOrgStructure, true); s != "" {
		if v := c.concept(ColOrgStructure, s, reOrgStructure, "organisational-structure"); v != "" {
			ess.str("organisational_structure", v)
		}
	}
	if s := c.text(ColPrimaryActivity, true); s != "" {
		if v := c.concept(ColPrimaryActivity, s, reActivity, "activities-ica or activities-modified"); v != "" {
			ess.str("primary_activity", v)
		}
	}
	// The standard separates activities with ";".
	var acts []string
	for _, a := range strings.FieldsFunc(c.text(ColActivities, false), func(r rune) bool { return r == ';' || r == '\n' }) {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		if v := c.concept(ColActivities, a, reActivity, "activities-ica or activities-modified"); v != "" && !slices.Contains(acts, v) {
			acts = append(acts, v)
		}
	}
	if len(acts) > 0 {
		ess.node("activities", seq(acts...))
	}
	if s := c.text(ColMembershipType, true); s != "" {
		if v := c.concept(ColMembershipType, s, reMembership, "base-membership-type"); v != "" {
			ess.str("membership_type", v)
		}
	}
	return ess
}

// ymap builds a YAML mapping in the order its keys are added.
type ymap struct{ n *yaml.Node }

func newMap() *ymap { return &ymap{n: &yaml.Node{Kind: yaml.MappingNode}} }

func (m *ymap) node(k string, v *yaml.Node) {
	m.n.Content = append(m.n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, v)
}

func (m *ymap) str(k, v string) {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	if strings.Contains(v, "\n") {
		n.Style = yaml.LiteralStyle
	}
	m.node(k, n)
}

func (m *ymap) num(k, v string) {
	m.node(k, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: v})
}

func seq(items ...string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode}
	for _, it := range items {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: it})
	}
	return n
}
