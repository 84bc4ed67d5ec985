package dcc_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/coopgraph/coopgraph/internal/dcc"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

const source = "https://example.org/open-data"

func read(t *testing.T, src []byte) *dcc.Result {
	t.Helper()
	res, err := dcc.Read(src, dcc.Options{File: "in.csv", Source: source})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return res
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"R000001":    "r000001",
		"AB 12/3":    "ab-12-3",
		"--x--y--":   "x-y",
		"Ünïcode 7":  "n-code-7",
		"!!!":        "",
		"already-ok": "already-ok",
	} {
		if got := dcc.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// header is a subset of the standard's columns, in another order and case, plus one the
// standard does not have.
const header = "identifier,Name,Description,Street Address,Locality,Country ID,Website,Latitude,Longitude," +
	"Geo Container,Geo Container Latitude,Geo Container Longitude,Organisational Structure,Primary Activity," +
	"Activities,Membership Type,Phone,Colour\n"

const os60 = "https://dev.lod.coop/essglobal/2.1/standard/organisational-structure/OS60"

// fixture is a made-up CSV with one problem per row; the comment after each row is its line.
var fixture = header +
	"X1,Example Bakery Co-operative,Bakes bread.,1 Example Street,Exampletown,gb,https://example.org/bakery,,,,,," + os60 + ",,,,0123,blue\n" + // 2: kept
	"X2,Example Housing Co-op,,\"Flat 1\n\n  Example House  \nExample Road\",Exampletown,GB,,,,,,,,,,,,\n" + // 3-6: kept, street on 3 lines
	",No Identifier Co-op,,,,,,,,,,,,,,,,\n" + // 7: rejected, no identifier
	"x1,Example Bakery Again,,,,,,,,,,,,,,,,\n" + // 8: rejected, same id as line 2
	"X3,,,,,,,,,,,,,,,,,\n" + // 9: rejected, no name
	"X4,Example Farm Co-op,,,,,www.example.org,,,,,,,,,,,\n" + // 10: kept, website left out
	"X5,Example Print Co-op,,,,,,95,1,http://data.ordnancesurvey.co.uk/id/postcodeunit/AB11AA,57.1,-2.1,,,,,,\n" + // 11: kept, container coordinates
	"X6,Too Few Fields\n" + // 12: rejected
	"X7,Example \"Quoted\" Co-op,,,,,,,,,,,,,,,,\n" + // 13: rejected, malformed
	"X8,Example Energy Co-op,,,,,,,,,,,http://purl.org/essglobal/standard/organisational-structure/OS60,,,,,\n" + // 14: kept, concept left out
	"\n" + // 15: blank, skipped
	"X9,Example Shop Co-op,,,,,,51.5,-0.1,,,,,https://dev.lod.coop/essglobal/2.1/standard/activities-ica/ICA260," +
	"https://dev.lod.coop/essglobal/2.1/standard/activities-ica/ICA240;https://lod.coop/essglobal/2.1/standard/activities-modified/AM60;,https://dev.lod.coop/essglobal/2.1/standard/base-membership-type/BMT10,,\n" // 16: kept

type want struct {
	line  int
	sev   diag.Severity
	code  string
	field string
}

func TestReadReportsEveryRowByItsLine(t *testing.T) {
	res := read(t, []byte(fixture))
	var got []want
	for _, d := range res.Diags {
		got = append(got, want{d.Pos.Line, d.Severity, d.Code, d.Field})
	}
	expect := []want{
		{1, diag.Warning, "column", ""},             // Colour
		{2, diag.Warning, "not-placed", "Locality"}, // Exampletown is no town of the gazetteer
		{6, diag.Warning, "not-placed", "Locality"},
		{7, diag.Error, "rejected", "Identifier"},
		{8, diag.Error, "duplicate-id", "Identifier"},
		{9, diag.Error, "rejected", "Name"},
		{10, diag.Warning, "left-out", "Website"},
		{11, diag.Warning, "left-out", "Latitude"},
		{12, diag.Error, "fields", ""},
		{13, diag.Error, "csv", ""},
		{14, diag.Warning, "left-out", "Organisational Structure"},
	}
	if fmt.Sprint(got) != fmt.Sprint(expect) {
		t.Errorf("diagnostics:\n got %v\nwant %v\n%v", got, expect, res.Diags)
	}
	var ids []string
	for _, r := range res.Records {
		ids = append(ids, fmt.Sprintf("%s@%d", r.ID, r.Line))
	}
	if g, w := strings.Join(ids, " "), "x1@2 x2@3 x4@10 x5@11 x8@14 x9@16"; g != w {
		t.Errorf("records %s, want %s", g, w)
	}
	if res.Rows != 11 || res.Rejected() != 5 {
		t.Errorf("rows %d, rejected %d; want 11 and 5", res.Rows, res.Rejected())
	}
	if len(res.NotImported) != 1 || res.NotImported[0].Name != "Phone" || res.NotImported[0].Values != 1 || res.NotImported[0].Why == "" {
		t.Errorf("not imported: %v", res.NotImported)
	}
	for _, d := range res.Diags {
		if d.Pos.Line == 8 && !strings.Contains(d.Message, "line 2") {
			t.Errorf("the duplicate should name the line it repeats: %s", d.Message)
		}
	}
}

func record(t *testing.T, res *dcc.Result, id string) string {
	t.Helper()
	for _, r := range res.Records {
		if r.ID == id {
			return string(r.YAML)
		}
	}
	t.Fatalf("no record %s", id)
	return ""
}

func TestReadKeepsWhatHasAPlace(t *testing.T) {
	res := read(t, []byte(fixture))
	for _, c := range []struct{ id, want string }{
		{"x1", "identifier: X1\n"},
		{"x1", "description:\n  en: Bakes bread.\n"},
		{"x1", "  country: GB\n"},
		{"x1", "organisational_structure: https://lod.coop/essglobal/2.1/standard/organisational-structure/OS60\n"},
		{"x1", "sources:\n  - url: " + source + "\n"},
		{"x2", "  street: |-\n    Flat 1\n    Example House\n    Example Road\n"},
		{"x5", "  latitude: 57.1\n  longitude: -2.1\n  geo_container: http://data.ordnancesurvey.co.uk/id/postcodeunit/AB11AA\n"},
		{"x9", "  latitude: 51.5\n  longitude: -0.1\n"},
		{"x9", "  primary_activity: https://lod.coop/essglobal/2.1/standard/activities-ica/ICA260\n" +
			"  activities:\n    - https://lod.coop/essglobal/2.1/standard/activities-ica/ICA240\n    - https://lod.coop/essglobal/2.1/standard/activities-modified/AM60\n" +
			"  membership_type: https://lod.coop/essglobal/2.1/standard/base-membership-type/BMT10\n"},
	} {
		if y := record(t, res, c.id); !strings.Contains(y, c.want) {
			t.Errorf("%s lacks %q:\n%s", c.id, c.want, y)
		}
	}
	for _, id := range []string{"x4", "x8"} {
		if y := record(t, res, id); strings.Contains(y, "website") || strings.Contains(y, "essglobal") {
			t.Errorf("%s keeps a value that was left out:\n%s", id, y)
		}
	}
	if y := record(t, res, "x1"); strings.Contains(y, "0123") || strings.Contains(y, "blue") {
		t.Errorf("columns without a place in the ontology were imported:\n%s", y)
	}
}

// TestReadEncodings reads the same table as UTF-8, UTF-8 with a BOM and CRLF line ends,
// Windows-1252, UTF-16LE and old-Mac CR line ends: the records must come out the same.
func TestReadEncodings(t *testing.T) {
	text := "Identifier,Name,Street Address\nE1,Café Coöperatie “Één”,\"Rue de l’Église\n2e étage\"\nE2,Ørsted Bikes,\n"
	want := read(t, []byte(text))
	if want.Encoding != dcc.UTF8 || len(want.Records) != 2 {
		t.Fatalf("plain UTF-8: %s, %d records", want.Encoding, len(want.Records))
	}
	cp1252 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			switch r {
			case '“':
				b = append(b, 0x93)
			case '”':
				b = append(b, 0x94)
			case '’':
				b = append(b, 0x92)
			default:
				if r > 0xFF {
					t.Fatalf("no Windows-1252 byte for %q", r)
				}
				b = append(b, byte(r))
			}
		}
		return b
	}
	u16 := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	for _, c := range []struct {
		name, enc string
		src       []byte
	}{
		{"bom-crlf", dcc.UTF8BOM, append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(text, "\n", "\r\n")...)},
		{"windows-1252", dcc.Windows1252, cp1252(text)},
		{"utf-16le", dcc.UTF16LE, u16(text)},
		{"cr", dcc.UTF8, []byte(strings.ReplaceAll(text, "\n", "\r"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := read(t, c.src)
			if got.Encoding != c.enc {
				t.Errorf("read as %s, want %s", got.Encoding, c.enc)
			}
			if len(got.Records) != len(want.Records) {
				t.Fatalf("%d records, want %d: %v", len(got.Records), len(want.Records), got.Diags)
			}
			for i := range got.Records {
				if !bytes.Equal(got.Records[i].YAML, want.Records[i].YAML) || got.Records[i].Line != want.Records[i].Line {
					t.Errorf("record %d differs:\n%s@%d\nwant\n%s@%d", i, got.Records[i].YAML, got.Records[i].Line, want.Records[i].YAML, want.Records[i].Line)
				}
			}
		})
	}
}

func TestReadRefusesFilesItCannotRead(t *testing.T) {
	for name, src := range map[string]string{
		"empty":         "",
		"no identifier": "Name,Locality\nA,B\n",
		"no name":       "Identifier,Locality\nA,B\n",
		"twice":         "Identifier,Name,name\nA,B,C\n",
	} {
		if _, err := dcc.Read([]byte(src), dcc.Options{File: "x.csv", Source: source}); err == nil {
			t.Errorf("%s: no error", name)
		} else if d, ok := err.(diag.Diagnostic); !ok || d.Pos.Line != 1 || d.File != "x.csv" {
			t.Errorf("%s: %v is not a diagnostic at x.csv:1", name, err)
		}
	}
	if _, err := dcc.Read([]byte(header), dcc.Options{Source: "not a url"}); err == nil {
		t.Error("a source that is not a web address was accepted")
	}
}

// TestControlCharactersNeverReachARecord: records refuse control characters, so the importer
// replaces them, and warns.
func TestControlCharactersNeverReachARecord(t *testing.T) {
	res := read(t, []byte("Identifier,Name,Description\nC1,\"Bell\x07 Co-op\",\"Line\x0bbreak\x00\"\n"))
	if len(res.Records) != 1 {
		t.Fatalf("records: %d %v", len(res.Records), res.Diags)
	}
	y := record(t, res, "c1")
	if !strings.Contains(y, "name: Bell Co-op\n") || !strings.Contains(y, "en: Line break\n") {
		t.Errorf("control characters not replaced:\n%q", y)
	}
	if n, _ := countWarnings(res.Diags, "control-character"); n != 2 {
		t.Errorf("want 2 warnings, got %v", res.Diags)
	}
}

func countWarnings(l diag.List, code string) (int, []int) {
	n := 0
	var lines []int
	for _, d := range l {
		if d.Code == code {
			n++
			lines = append(lines, d.Pos.Line)
		}
	}
	return n, lines
}

// TestSample imports the 300-row sample of the Data Commons Co-op's standard CSV (Co-operatives
// UK open data) and checks, against the file as encoding/csv reads it, that every row is either
// a record or reported at the line it starts on.
func TestSample(t *testing.T) {
	refs := testkit.SharedRefs(t)
	src, err := os.ReadFile(filepath.Join(refs, "dcc-standard-sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	res := read(t, src)
	cr := csv.NewReader(bytes.NewReader(src))
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows = rows[1:]
	if res.Rows != len(rows) {
		t.Errorf("read %d rows, encoding/csv reads %d", res.Rows, len(rows))
	}
	rejected := map[int]bool{}
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			rejected[d.Pos.Line] = true
		}
	}
	if len(res.Records)+len(rejected) != len(rows) {
		t.Errorf("%d records + %d rejected rows != %d rows", len(res.Records), len(rejected), len(rows))
	}
	// Every identifier of the file is a record's, at the line its row starts.
	cr = csv.NewReader(bytes.NewReader(src))
	cr.Read()
	byID := map[string]dcc.Record{}
	for _, r := range res.Records {
		byID[r.ID] = r
	}
	for {
		row, err := cr.Read()
		if err != nil {
			break
		}
		line, _ := cr.FieldPos(0)
		r, ok := byID[dcc.Slug(row[0])]
		if !ok {
			if !rejected[line] {
				t.Errorf("row %s at line %d is neither a record nor reported", row[0], line)
			}
			continue
		}
		if r.Line != line || !strings.Contains(string(r.YAML), "\nidentifier: "+row[0]+"\n") || !strings.Contains(string(r.YAML), row[1]) {
			t.Errorf("record %s does not match the row at line %d", r.ID, line)
		}
	}
	t.Logf("%d rows: %d records, %d rejected, %d warnings; %s, %s line ends", res.Rows, len(res.Records), len(rejected), len(res.Diags)-len(rejected), res.Encoding, res.LineEnds)
}

// FuzzRead: whatever the bytes, Read does not panic, and every record it returns is valid (Read
// checks each against the schema itself; here the ids and lines are checked).
func FuzzRead(f *testing.F) {
	f.Add([]byte(fixture))
	f.Add([]byte("Identifier,Name\n\"a\nb\",\"c\"\"d\"\n"))
	f.Add([]byte{0xFF, 0xFE, 'I', 0, ',', 0, 'N', 0})
	f.Add([]byte("Identifier,Name\r\nA,\x80\x81\x9d\r\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := dcc.Read(src, dcc.Options{File: "f.csv", Source: source})
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, r := range res.Records {
			if r.ID == "" || dcc.Slug(r.ID) != r.ID || seen[r.ID] || r.Line < 2 {
				t.Fatalf("bad record %q at line %d", r.ID, r.Line)
			}
			seen[r.ID] = true
		}
	})
}

// TestWholeNumberCoordinates: a whole-number or negative-zero coordinate (the Greenwich
// meridian) must not cost the row; every row of this file becomes a record with its position.
func TestWholeNumberCoordinates(t *testing.T) {
	res := read(t, []byte("Identifier,Name,Latitude,Longitude\n"+
		"G1,Greenwich Co-op,51.4769,0.000000\n"+
		"G2,Whole Co-op,52,0\n"+
		"G3,Negative Zero Co-op,-0.0,51\n"+
		"G4,Exponent Co-op,5.1E1,-1e-1\n"))
	if len(res.Records) != 4 || len(res.Diags) != 0 {
		t.Fatalf("%d records, diagnostics %v", len(res.Records), res.Diags)
	}
	for id, want := range map[string]string{
		"g1": "  latitude: 51.4769\n  longitude: 0\n",
		"g2": "  latitude: 52\n  longitude: 0\n",
		"g3": "  latitude: 0\n  longitude: 51\n",
		"g4": "  latitude: 51\n  longitude: -0.1\n",
	} {
		if y := record(t, res, id); !strings.Contains(y, want) {
			t.Errorf("%s lacks %q:\n%s", id, want, y)
		}
	}
}

// TestWarningsNameRowColumnAndValue: a value left out is reported at its cell, with the row,
// the column and the value.
func TestWarningsNameRowColumnAndValue(t *testing.T) {
	res := read(t, []byte("Identifier,Name,Website,Latitude,Longitude\n"+
		"W1,Web Co-op,www.example.org,1,2\n"+
		"W2,Far Co-op,https://example.org/,95,2\n"))
	if len(res.Records) != 2 {
		t.Fatalf("rows lost: %v", res.Diags)
	}
	var got []string
	for _, d := range res.Diags {
		got = append(got, d.Error())
	}
	want := []string{
		`in.csv:2:14: warning: Website: row 1: "www.example.org" is not an absolute http or https IRI`,
		`in.csv:3:35: warning: Latitude: row 2: "95" is outside -90…90; left out`,
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got  %s\nwant %s…", got[i], want[i])
		}
	}
}

// TestDamagedText: U+FFFD (lost before the file reached us) is reported with row and column;
// text keeps it, an IRI holding it is left out.
func TestDamagedText(t *testing.T) {
	res := read(t, []byte("Identifier,Name,Locality,Website\nD1,Caf\uFFFD Co-op,Zürich,https://caf\uFFFD.example/\n"))
	if len(res.Records) != 1 {
		t.Fatalf("row lost: %v", res.Diags)
	}
	var damaged, left []string
	for _, d := range res.Diags {
		switch d.Code {
		case "damaged-text":
			damaged = append(damaged, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Col, d.Field))
		case "left-out":
			left = append(left, d.Field)
		}
	}
	if strings.Join(damaged, ",") != "2:4 Name,2:25 Website" || strings.Join(left, ",") != "Website" {
		t.Errorf("damaged %v, left out %v: %v", damaged, left, res.Diags)
	}
	if y := record(t, res, "d1"); strings.Contains(y, "website") || !strings.Contains(y, "Caf") {
		t.Errorf("record:\n%s", y)
	}
}

// TestReadKeepsRegisterColumns: the columns with a place in ROV, a registry IRI or the
// ontology's register properties are kept; a malformed company number is left out.
func TestReadKeepsRegisterColumns(t *testing.T) {
	res := read(t, []byte("Identifier,Name,Companies House Number,SIC Code,SIC Section,Sector,Ownership Classification,Legal Form\n"+
		"K1,Kept Co-op,4518100,47110,Wholesale and Retail; Vehicle Repair,Retail,Consumers,Society\n"+
		"K2,Other Co-op,not a number!,4711x,,,,\n"))
	y := record(t, res, "k1")
	for _, w := range []string{`companies_house: "04518100"`, `sic_code: "47110"`, "sic_section: Wholesale and Retail; Vehicle Repair", "sector: Retail", "ownership: Consumers", "legal_form: Society"} {
		if !strings.Contains(y, w) {
			t.Errorf("k1 lacks %q:\n%s", w, y)
		}
	}
	if y := record(t, res, "k2"); strings.Contains(y, "registration") {
		t.Errorf("k2 keeps malformed values:\n%s", y)
	}
	if n, _ := countWarnings(res.Diags, "left-out"); n != 2 {
		t.Errorf("want 2 values left out: %v", res.Diags)
	}
}

// TestCountryName: an older standard file with Country Name and no Country ID gets ISO codes
// from the names; an unknown name is left out with a warning.
func TestCountryName(t *testing.T) {
	res := read(t, []byte("Identifier,Name,Country Name\nC1,One Co-op,United Kingdom\nC2,Two Co-op,Deutschland\nC3,Three Co-op,Atlantis\n"))
	if len(res.Records) != 3 {
		t.Fatalf("%v", res.Diags)
	}
	if !strings.Contains(record(t, res, "c1"), "country: GB") || !strings.Contains(record(t, res, "c2"), "country: DE") || strings.Contains(record(t, res, "c3"), "country") {
		t.Errorf("countries: %s %s %s", record(t, res, "c1"), record(t, res, "c2"), record(t, res, "c3"))
	}
	if n, _ := countWarnings(res.Diags, "left-out"); n != 1 || len(res.NotImported) != 0 {
		t.Errorf("diagnostics %v, not imported %v", res.Diags, res.NotImported)
	}
}

// TestPlacedByLocality: a row with a town and no coordinates gets the town's GeoNames position
// and IRI (the position says it is the town's); an unknown or ambiguous town gets a warning.
func TestPlacedByLocality(t *testing.T) {
	res := read(t, []byte("Identifier,Name,Locality,Region,Country ID,Latitude,Longitude\n"+
		"P1,Leipzig Co-op,Leipzig,,DE,,\n"+
		"P2,Manchester Co-op,Manchester,Greater Manchester,GB,,\n"+
		"P3,Own Position Co-op,Leipzig,,DE,51.3,12.4\n"+
		"P4,Nowhere Co-op,Exampletown,,GB,,\n"))
	if len(res.Records) != 4 {
		t.Fatalf("%v", res.Diags)
	}
	if y := record(t, res, "p1"); !strings.Contains(y, "  latitude: 51.33962\n  longitude: 12.37129\n  geo_container: https://sws.geonames.org/2879139/\n") {
		t.Errorf("p1 not placed at Leipzig:\n%s", y)
	}
	if y := record(t, res, "p2"); !strings.Contains(y, "geo_container: https://sws.geonames.org/") {
		t.Errorf("p2 not placed (its region is a county, not a GeoNames region):\n%s", y)
	}
	if y := record(t, res, "p3"); !strings.Contains(y, "latitude: 51.3\n") || strings.Contains(y, "geonames") {
		t.Errorf("p3's own position was replaced:\n%s", y)
	}
	if n, lines := countWarnings(res.Diags, "not-placed"); n != 1 || lines[0] != 5 {
		t.Errorf("not-placed warnings: %v", res.Diags)
	}
}
