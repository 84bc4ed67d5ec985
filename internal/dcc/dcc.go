// Package dcc reads the Data Commons Co-op's "standard CSV" (one organisation per row, with
// ESSGLOBAL concept IRIs) and turns every row that holds a co-op into a record, in the base
// profile of the record schema. A row is rejected, with the line it starts on and the reason,
// only when it has no usable Identifier or Name (or repeats an earlier row's id, or is not CSV);
// a value that cannot be kept (a website without a scheme, coordinates out of range, an IRI
// outside the ESSGLOBAL schemes) is left out with a warning naming its row, column and value,
// and the row is kept. Text damaged before it reached us (U+FFFD, control characters) is
// reported the same way.
//
// The package is pure: it reads the bytes it is given and returns record files as bytes. Rows
// are converted and checked by as many workers as GOMAXPROCS allows, in batches, so the work
// kept in memory at once is one batch of rows.
package dcc

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/coopgraph/coopgraph/internal/countries"
	"github.com/coopgraph/coopgraph/internal/dataset"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/geo"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/recwrite"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/vocab"
)

// The columns of the standard CSV, as the header names them (matched without regard to case or
// surrounding spaces).
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
	ColCountryName     = "Country Name"
	ColTerritory       = "Territory ID"
	ColWebsite         = "Website"
	ColPhone           = "Phone"
	ColEmail           = "Email"
	ColTwitter         = "Twitter"
	ColFacebook        = "Facebook"
	ColCompaniesHouse  = "Companies House Number"
	ColQualifiers      = "Qualifiers"
	ColMembershipType  = "Membership Type"
	ColLatitude        = "Latitude"
	ColLongitude       = "Longitude"
	ColGeoContainer    = "Geo Container"
	ColGeoLatitude     = "Geo Container Latitude"
	ColGeoLongitude    = "Geo Container Longitude"
	ColSector          = "Sector"
	ColSICSection      = "SIC Section"
	ColSICCode         = "SIC Code"
	ColOwnership       = "Ownership Classification"
	ColLegalForm       = "Legal Form"
)

// Columns are the standard's columns in its own order (the order the dcc-csv export writes).
var Columns = []string{
	ColIdentifier, ColName, ColDescription, ColOrgStructure, ColPrimaryActivity, ColActivities,
	ColStreet, ColLocality, ColRegion, ColPostcode, ColCountry, ColTerritory, ColWebsite, ColPhone,
	ColEmail, ColTwitter, ColFacebook, ColCompaniesHouse, ColQualifiers, ColMembershipType, ColLatitude,
	ColLongitude, ColGeoContainer, ColGeoLatitude, ColGeoLongitude, ColSector, ColSICSection, ColSICCode,
	ColOwnership, ColLegalForm,
}

// NotMapped are the standard's columns whose values are not imported, with the reason: their
// values are counted and reported. Country Name is also read in the standard's older files,
// which have it instead of Country ID; it is not imported when Country ID is there.
var NotMapped = map[string]string{
	ColCountryName: "the country is kept from Country ID, as an ISO code",
	ColTerritory:   "the Data Commons Co-op's own pipeline does not write it either",
	ColPhone:       "contact details of people are not published by the directory",
	ColEmail:       "contact details of people are not published by the directory",
	ColTwitter:     "accounts on other services are not part of the record",
	ColFacebook:    "accounts on other services are not part of the record",
	ColQualifiers:  "ESSGLOBAL's qualifier has a domain that does not fit organisations",
}

// Limits.
const (
	// MaxFileSize is the largest CSV file read.
	MaxFileSize = 512 << 20
	maxLine     = 500    // a one-line field (the record schema's "line")
	maxText     = 200000 // a description
	maxIdent    = 200
	maxID       = 80
	batchRows   = 1024 // rows converted at once
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
	// Workers is the number of rows converted at once (0: GOMAXPROCS).
	Workers int
	// Emit, when set, is given each record as soon as it is known to be kept, in file order,
	// instead of Result.Records (which stays nil): memory then does not grow with the records.
	// An error from it stops Read, which returns it.
	Emit func(Record) error
}

// Comment heads every record file the importer writes.
const Comment = "Imported by coopgraph import dcc-csv: correct the source data and re-import rather than edit this file."

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
	Why    string // why it is not imported
}

// Result is what a CSV gave.
type Result struct {
	Records []Record // sorted by id (nil with Options.Emit)
	Kept    int      // records made
	// Diags hold the rejected rows (errors) and the values left out (warnings), at the line
	// and column of their cell (or of the row's start).
	Diags diag.List
	// Rows is the number of data rows read (not counting the header).
	Rows     int
	Encoding string
	LineEnds string
	// NotImported are the columns with values that are not imported, in header order.
	NotImported []Column
}

// Rejected returns the number of rows that did not become records.
func (r *Result) Rejected() int { return r.Rows - r.Kept }

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

// row is one data row read, with where its cells are.
type row struct {
	cells []string
	pos   []diag.Position // of each cell
	num   int             // 1-based among the data rows
	// what converting it gave
	rec   *Record
	diags diag.List
}

// Read converts a standard CSV held in memory (see ReadFrom).
func Read(src []byte, opt Options) (*Result, error) {
	s, err := Sniff(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	return ReadFrom(bytes.NewReader(src), s, opt)
}

// ReadFrom converts a standard CSV read from r, which Sniff has read before (it gives the
// encoding): the file is read once more, as a stream, so that memory does not grow with it when
// Options.Emit takes the records. An error means the file as a whole cannot be read (no header,
// no Identifier or Name column); it is a diag.Diagnostic.
func ReadFrom(in io.Reader, s Sniffed, opt Options) (*Result, error) {
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
	if s.Size > MaxFileSize {
		return nil, fail(0, "too-large", "the file is %d bytes; at most %d are read", s.Size, MaxFileSize)
	}
	v, err := validator()
	if err != nil {
		return nil, err
	}
	res := &Result{Encoding: s.Encoding}
	if s.Encoding == Windows1252 {
		res.Diags.Warnf(opt.File, diag.Position{}, "", "encoding", "not valid UTF-8: read as Windows-1252; check that accented letters came out right")
	}
	text := newTextReader(in, s.Encoding)
	defer func() { res.LineEnds = lineEnds(text.crlf, text.cr) }()
	cr := csv.NewReader(text)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fail(1, "header", "the file is empty; a standard CSV starts with a header row")
	}
	if err != nil {
		return nil, fail(1, "csv", "cannot read the header: %v", csvMessage(err))
	}
	cols := map[string]int{} // canonical column name → index
	canon := map[string]string{}
	for _, c := range append(slices.Clip(Columns), ColCountryName) { // Country Name: the standard's older files
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
		if _, ok := NotMapped[c]; ok {
			notMapped = append(notMapped, i)
		}
	}
	for _, c := range []string{ColIdentifier, ColName} {
		if _, ok := cols[c]; !ok {
			return nil, fail(1, "header", "the header has no %q column (it has: %s)", c, strings.Join(trimAll(header), ", "))
		}
	}
	_, hasCountryID := cols[ColCountry]
	counts := make([]int, len(header))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	// Batches are converted by the workers, then checked for repeated ids and kept (or given
	// to Options.Emit) in file order by one goroutine, while the next batch is converted.
	taken := map[string]int{} // id → line of the row that has it
	var kept diag.List
	var emitErr error
	batches := make(chan []*row, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for batch := range batches {
			for _, r := range batch {
				kept = append(kept, r.diags...)
				if r.rec == nil || emitErr != nil {
					continue
				}
				line := r.pos[0].Line
				if first, dup := taken[r.rec.ID]; dup {
					kept.Errorf(opt.File, diag.Position{Line: line, Col: 1}, ColIdentifier, "duplicate-id",
						"row %d rejected: identifier %q gives the id %q, which the row on line %d already has (the first row is kept)", r.num, strings.TrimSpace(r.cells[cols[ColIdentifier]]), r.rec.ID, first)
					continue
				}
				taken[r.rec.ID] = line
				res.Kept++
				if opt.Emit != nil {
					emitErr = opt.Emit(*r.rec)
				} else {
					res.Records = append(res.Records, *r.rec)
				}
			}
		}
	}()
	batch := make([]*row, 0, batchRows)
	flush := func() {
		convertAll(batch, workers, func(r *row) {
			cv := &converter{file: opt.File, opt: &opt, row: r, cols: cols, hasCountryID: hasCountryID}
			r.rec = cv.convert(v)
			r.diags = cv.diags
		})
		batches <- batch
		batch = make([]*row, 0, batchRows)
	}
	for {
		cells, err := cr.Read()
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
			res.Diags.Errorf(opt.File, diag.Position{Line: line, Col: 1}, "", "csv", "row %d rejected: malformed CSV: %s", res.Rows, csvMessage(err))
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(cells) == 1 && strings.TrimSpace(cells[0]) == "" {
			continue // a blank line
		}
		res.Rows++
		if len(cells) != len(header) {
			res.Diags.Errorf(opt.File, diag.Position{Line: line, Col: 1}, "", "fields", "row %d rejected: it has %s, the header has %d", res.Rows, diag.Count(len(cells), "field"), len(header))
			continue
		}
		for _, i := range notMapped {
			if strings.TrimSpace(cells[i]) != "" {
				counts[i]++
			}
		}
		r := &row{cells: cells, pos: make([]diag.Position, len(cells)), num: res.Rows}
		for i := range cells {
			l, c := cr.FieldPos(i)
			r.pos[i] = diag.Position{Line: l, Col: c}
		}
		batch = append(batch, r)
		if len(batch) == batchRows {
			flush()
		}
	}
	flush()
	close(batches)
	<-done
	if emitErr != nil {
		return nil, emitErr
	}
	res.Diags = append(res.Diags, kept...)
	for _, i := range notMapped {
		if counts[i] == 0 {
			continue
		}
		name := canon[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(header[i], "\uFEFF")))]
		if name == ColCountryName && !hasCountryID {
			continue // read in place of Country ID
		}
		res.NotImported = append(res.NotImported, Column{Name: strings.TrimSpace(header[i]), Values: counts[i], Why: NotMapped[name]})
	}
	slices.SortFunc(res.Records, func(a, b Record) int { return strings.Compare(a.ID, b.ID) })
	res.Diags.Sort()
	return res, nil
}

// convertAll runs f on every row, on up to workers goroutines.
func convertAll(rows []*row, workers int, f func(*row)) {
	if workers <= 1 || len(rows) < 2 {
		for _, r := range rows {
			f(r)
		}
		return
	}
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range min(workers, len(rows)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				k := i
				i++
				next.Unlock()
				if k >= len(rows) {
					return
				}
				f(rows[k])
			}
		}()
	}
	wg.Wait()
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

// Check runs a record file through what validate runs: the YAML reader, the schema's base
// profile and the record checks. It returns "" when valid, else the problems.
func Check(v *schema.Validator, id string, file []byte) string {
	path := pipeline.Path{Validator: v}
	var msgs []string
	for _, d := range path.Check(dataset.RecordsDir+"/"+id+".yaml", file, nil).Diags {
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
	file         string
	opt          *Options
	row          *row
	cols         map[string]int
	hasCountryID bool
	diags        diag.List
}

func (c *converter) get(col string) string {
	if i, ok := c.cols[col]; ok {
		return c.row.cells[i]
	}
	return ""
}

// at is where col's cell is (the row's start when the file has no such column).
func (c *converter) at(col string) diag.Position {
	if i, ok := c.cols[col]; ok {
		return c.row.pos[i]
	}
	return diag.Position{Line: c.row.pos[0].Line, Col: 1}
}

func (c *converter) reject(col, format string, args ...any) {
	c.diags.Errorf(c.file, c.at(col), col, "rejected", "row %d rejected: "+format, append([]any{c.row.num}, args...)...)
}

// drop warns that a value of col is left out; the message starts with the value.
func (c *converter) drop(col, value, format string, args ...any) {
	c.diags.Warnf(c.file, c.at(col), col, "left-out", "row %d: %q "+format+"; left out", append([]any{c.row.num, value}, args...)...)
}

// Clean cleans a value: control characters become spaces, spaces around it go; oneLine also
// folds line breaks and runs of spaces into one space, else line breaks are kept and each line
// trimmed. It reports whether it replaced control characters and whether the text holds U+FFFD
// (a character lost before the file reached us).
func Clean(s string, oneLine bool) (out string, control, damaged bool) {
	clean := true
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 && b != '\n' || b == 0x7F || b >= 0x80 {
			clean = false
			break
		}
	}
	if !clean {
		s = strings.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			if r == '\uFFFD' {
				damaged = true
				return r
			}
			if unicode.IsControl(r) || r >= 0xFFFE && r&0xFFFE == 0xFFFE || r == '\uFEFF' || r == '\u2028' || r == '\u2029' {
				if r != '\t' {
					control = true
				}
				return ' '
			}
			return r
		}, s)
	}
	if oneLine {
		if !strings.ContainsAny(s, "\n\t") && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
			return s, control, damaged
		}
		return strings.Join(strings.Fields(s), " "), control, damaged
	}
	var lines []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n"), control, damaged
}

// text is col's value cleaned (see Clean), with warnings for what was damaged.
func (c *converter) text(col string, oneLine bool) string {
	s, control, damaged := Clean(c.get(col), oneLine)
	if control {
		c.diags.Warnf(c.file, c.at(col), col, "control-character", "row %d: control characters replaced by spaces in %q", c.row.num, s)
	}
	if damaged {
		c.diags.Warnf(c.file, c.at(col), col, "damaged-text", "row %d: %q holds U+FFFD, a character lost before the file reached us; kept as it is, correct it at the source", c.row.num, s)
	}
	return s
}

// line1 returns a one-line optional field, left out (with a warning) when too long.
func (c *converter) line1(col string) string {
	s := c.text(col, true)
	if n := len([]rune(s)); n > maxLine {
		c.drop(col, short(s, 40), "has %d characters, more than the %d a record takes", n, maxLine)
		return ""
	}
	return s
}

// web returns col's value when it is an absolute http(s) IRI, else "" (with a warning).
func (c *converter) web(col string) string {
	w := c.text(col, true)
	if w == "" {
		return ""
	}
	if strings.ContainsRune(w, '\uFFFD') {
		c.drop(col, w, "is damaged (U+FFFD)")
		return ""
	}
	if err := iri.CheckWeb(w); err != nil {
		c.drop(col, w, "is not an absolute http or https IRI (%v)", err)
		return ""
	}
	if len(w) > 2000 {
		c.drop(col, short(w, 60), "is longer than 2000 characters")
		return ""
	}
	return w
}

func (c *converter) convert(v *schema.Validator) *Record {
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

	r := record.Record{ID: id, Name: name, Identifier: ident}
	if d := c.text(ColDescription, false); d != "" {
		if n := len([]rune(d)); n > maxText {
			c.drop(ColDescription, short(d, 40), "has %d characters, more than the %d a record takes", n, maxText)
		} else {
			r.Description = []record.Text{{Lang: strings.ToLower(c.opt.Lang), Value: d}}
		}
	}
	r.Website = c.web(ColWebsite)
	if loc := c.location(); *loc != (record.Location{}) {
		r.Location = loc
	}
	r.ESSGlobal = c.essglobal()
	r.Registration = c.registration()
	if p := c.opt.SameAsPrefix; p != "" {
		s := p + ident
		if err := record.CheckSameAs(s); err != nil {
			c.drop(ColIdentifier, ident, "makes no same_as: %v", err)
		} else {
			r.SameAs = []string{s}
		}
	}
	r.Sources = []record.Source{{URL: c.opt.Source}}
	b := recwrite.Encode(make([]byte, 0, 1024), &r, Comment)
	if why := Check(v, id, b); why != "" {
		c.reject("", "the record would be invalid: %s", why)
		return nil
	}
	return &Record{ID: id, Line: c.row.pos[0].Line, YAML: b}
}

func (c *converter) location() *record.Location {
	loc := &record.Location{}
	if s := c.text(ColStreet, false); s != "" {
		if n := len([]rune(s)); n > maxLine {
			c.drop(ColStreet, short(s, 40), "has %d characters, more than the %d a record takes", n, maxLine)
		} else {
			loc.Street = s
		}
	}
	loc.Locality = c.line1(ColLocality)
	loc.Region = c.line1(ColRegion)
	loc.Postcode = c.line1(ColPostcode)
	if s := c.text(ColCountry, true); s != "" {
		if u := strings.ToUpper(s); reCountry.MatchString(u) {
			loc.Country = u
		} else {
			c.drop(ColCountry, s, "is not an ISO 3166-1 alpha-2 code")
		}
	} else if s := c.text(ColCountryName, true); s != "" && !c.hasCountryID {
		if code, ok := countries.Code(s); ok {
			loc.Country = code
		} else {
			c.drop(ColCountryName, s, "is no country name known here")
		}
	}
	lat, lon, ok := c.coordinates(ColLatitude, ColLongitude)
	if !ok {
		lat, lon, ok = c.coordinates(ColGeoLatitude, ColGeoLongitude)
	}
	if ok {
		loc.Latitude, loc.Longitude = lat, lon
	}
	loc.GeoContainer = c.web(ColGeoContainer)
	if why := Place(loc); why != "" {
		c.diags.Warnf(c.file, c.at(ColLocality), ColLocality, "not-placed", "row %d: no position: %s", c.row.num, why)
	}
	return loc
}

// Decimal reads a decimal number as the standard writes coordinates and returns it in the form
// the record keeps: no exponent, no superfluous zeros, never "-0" ("0.000000" → "0",
// "-0.0" → "0", "5E-1" → "0.5"). ok is false for anything else (hexadecimal, NaN, infinities,
// underscores).
func Decimal(s string) (string, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(s, "xXpP_") {
		return "", false
	}
	if f == 0 {
		f = 0 // no negative zero
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// coordinates reads a latitude and longitude pair; ok only when both are there and valid.
func (c *converter) coordinates(latCol, lonCol string) (lat, lon string, ok bool) {
	la, lo := c.text(latCol, true), c.text(lonCol, true)
	if la == "" && lo == "" {
		return "", "", false
	}
	if la == "" || lo == "" {
		c.drop(latCol, la+","+lo, "is half a position: %s and %s come in pairs", latCol, lonCol)
		return "", "", false
	}
	parse := func(col, s string, limit float64) (string, bool) {
		d, ok := Decimal(s)
		if !ok {
			c.drop(col, s, "is not a decimal number")
			return "", false
		}
		if f, _ := strconv.ParseFloat(d, 64); f < -limit || f > limit {
			c.drop(col, s, "is outside -%v…%v", limit, limit)
			return "", false
		}
		return d, true
	}
	lat, ok1 := parse(latCol, la, 90)
	lon, ok2 := parse(lonCol, lo, 180)
	return lat, lon, ok1 && ok2
}

// concept normalises an ESSGLOBAL IRI to the production base; "" (with a warning) when it is not
// a concept of the scheme re accepts.
func (c *converter) concept(col, s string, re *regexp.Regexp, scheme string) string {
	v := s
	for _, alias := range vocab.ESSGlobalStandardAliases {
		if rest, ok := strings.CutPrefix(v, alias); ok {
			v = vocab.ESSGlobalStandard + rest
		}
	}
	if !re.MatchString(v) {
		c.drop(col, s, "is not a concept IRI of ESSGLOBAL's %s scheme", scheme)
		return ""
	}
	return v
}

func (c *converter) essglobal() record.ESSGlobal {
	var e record.ESSGlobal
	if s := c.text(ColOrgStructure, true); s != "" {
		e.OrgStructure = c.concept(ColOrgStructure, s, reOrgStructure, "organisational-structure")
	}
	if s := c.text(ColPrimaryActivity, true); s != "" {
		e.PrimaryActivity = c.concept(ColPrimaryActivity, s, reActivity, "activities-ica or activities-modified")
	}
	// The standard separates activities with ";".
	for _, a := range strings.FieldsFunc(c.text(ColActivities, false), func(r rune) bool { return r == ';' || r == '\n' }) {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		if v := c.concept(ColActivities, a, reActivity, "activities-ica or activities-modified"); v != "" && !slices.Contains(e.Activities, v) {
			e.Activities = append(e.Activities, v)
		}
	}
	if s := c.text(ColMembershipType, true); s != "" {
		e.MembershipType = c.concept(ColMembershipType, s, reMembership, "base-membership-type")
	}
	return e
}

var (
	reCompanyNumber = regexp.MustCompile(`^[A-Z0-9]{1,8}$`)
	reSIC           = regexp.MustCompile(`^[0-9]{4,5}$`)
)

// CompanyNumber returns a Companies House number in its eight-character form: upper case,
// digits padded with leading zeros as the register writes them ("4518100" → "04518100",
// "sc123456" → "SC123456"); ok is false when s cannot be one.
func CompanyNumber(s string) (string, bool) {
	u := strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if !reCompanyNumber.MatchString(u) {
		return "", false
	}
	if len(u) < 8 {
		if strings.Trim(u, "0123456789") != "" {
			return "", false // a prefix such as SC is always followed by six digits
		}
		u = strings.Repeat("0", 8-len(u)) + u
	}
	return u, true
}

func (c *converter) registration() record.Registration {
	var g record.Registration
	if s := c.text(ColCompaniesHouse, true); s != "" {
		if n, ok := CompanyNumber(s); ok {
			g.CompaniesHouse = n
		} else {
			c.drop(ColCompaniesHouse, s, "is not a Companies House number (up to eight letters and digits)")
		}
	}
	if s := c.text(ColSICCode, true); s != "" {
		if reSIC.MatchString(s) {
			g.SICCode = s
		} else {
			c.drop(ColSICCode, s, "is not a SIC 2007 code of four or five digits")
		}
	}
	g.SICSection = c.line1(ColSICSection)
	g.Sector = c.line1(ColSector)
	g.Ownership = c.line1(ColOwnership)
	g.LegalForm = c.line1(ColLegalForm)
	return g
}

// short is s cut to n characters, with an ellipsis when cut.
func short(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}

// DecodeText turns a file's bytes into text as Read does: UTF-8 (a byte-order mark dropped),
// UTF-16 by its byte-order mark, else Windows-1252; line ends become "\n". It returns the
// encoding read.
func DecodeText(b []byte) (text, encoding string) {
	text, encoding, _ = decodeText(b)
	return text, encoding
}

// Place gives a location that has a locality but no coordinates (and no geo container) the
// position of its locality in the GeoNames gazetteer (package geo), with the place's GeoNames
// IRI as its geo container, so that the record says the position is the town's. The region
// narrows the search; a region the gazetteer does not know (a county, where GeoNames has the
// nation) is dropped from the search rather than ruling every place out, but the country never
// is. It returns "" when it placed the location or had nothing to do, else why it could not
// (no such town, or several: their names).
func Place(loc *record.Location) string {
	if loc == nil || loc.Locality == "" || loc.Latitude != "" || loc.GeoContainer != "" {
		return ""
	}
	p, err := geo.Resolve(loc.Locality, loc.Region, loc.Country)
	if errors.Is(err, geo.ErrNotFound) && loc.Region != "" {
		p, err = geo.Resolve(loc.Locality, "", loc.Country)
	}
	if err != nil {
		return err.Error()
	}
	loc.Latitude, _ = Decimal(p.Latitude)
	loc.Longitude, _ = Decimal(p.Longitude)
	loc.GeoContainer = p.IRI()
	return ""
}
