package dcccsv_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/dcc"
	"github.com/coopgraph/coopgraph/internal/dcc/dccsynth"
	"github.com/coopgraph/coopgraph/internal/dcccsv"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

const src = "https://example.org/open-data"

func importCSV(t *testing.T, b []byte) *dcc.Result {
	t.Helper()
	res, err := dcc.Read(b, dcc.Options{File: "in.csv", Source: src})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// records reads back the record files an import made.
func records(t *testing.T, res *dcc.Result) []record.Record {
	t.Helper()
	var out []record.Record
	for _, r := range res.Records {
		doc, l := source.Parse("records/"+r.ID+".yaml", source.YAML, r.YAML)
		if doc == nil || l.HasErrors() {
			t.Fatalf("%s: %v", r.ID, l)
		}
		rec, rl := record.From(doc, record.Options{})
		if rl.HasErrors() {
			t.Fatalf("%s: %v", r.ID, rl)
		}
		out = append(out, rec)
	}
	return out
}

func write(t *testing.T, recs []record.Record) []byte {
	t.Helper()
	var b bytes.Buffer
	w := dcccsv.NewWriter(&b, "")
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRoundTrip imports synthetic rows of every column, writes the records as a standard CSV and
// imports that: every record file comes back byte for byte.
func TestRoundTrip(t *testing.T) {
	var in bytes.Buffer
	if err := dccsynth.Write(&in, 2000, 3); err != nil {
		t.Fatal(err)
	}
	first := importCSV(t, in.Bytes())
	if len(first.Records) != 2000 {
		t.Fatalf("%d records of 2000 rows: %v", len(first.Records), first.Diags)
	}
	out := write(t, records(t, first))
	second := importCSV(t, out)
	for _, d := range second.Diags {
		if d.Code != "not-placed" { // made-up towns
			t.Errorf("the second import says: %v", d)
		}
	}
	if len(second.Records) != len(first.Records) {
		t.Fatalf("%d records again, diagnostics %v", len(second.Records), second.Diags)
	}
	for i := range first.Records {
		if !bytes.Equal(first.Records[i].YAML, second.Records[i].YAML) {
			t.Fatalf("record %s differs after the round trip:\n%s\n---\n%s", first.Records[i].ID, first.Records[i].YAML, second.Records[i].YAML)
		}
	}
	if !strings.HasPrefix(string(out), strings.Join(dcc.Columns, ",")+"\r\n") {
		t.Errorf("the header is not the standard's: %q", out[:200])
	}
}

// TestSampleRoundTrip imports the Co-operatives UK sample, exports it as a standard CSV, and
// compares it with the sample column by column: every value of every column the standard defines
// comes back, in its column (ESSGLOBAL IRIs on the production base, spaces as the importer
// cleans them, company numbers in the register's eight characters); only the columns the
// importer does not keep may be empty, and the sample has no values there.
func TestSampleRoundTrip(t *testing.T) {
	refs := testkit.SharedRefs(t)
	b, err := os.ReadFile(filepath.Join(refs, "dcc-standard-sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	res := importCSV(t, b)
	out := write(t, records(t, res))
	orig := readAll(t, b)
	back := readAll(t, out)
	byID := map[string]map[string]string{}
	for _, r := range back {
		byID[r[dcc.ColIdentifier]] = r
	}
	if len(back) != len(orig) {
		t.Fatalf("%d rows back of %d", len(back), len(orig))
	}
	compared := map[string]int{}
	for _, o := range orig {
		g := byID[o[dcc.ColIdentifier]]
		if g == nil {
			t.Fatalf("row %s not written", o[dcc.ColIdentifier])
		}
		for _, c := range dcc.Columns {
			want, ok := o[c]
			if !ok || want == "" {
				continue
			}
			if why, dropped := dcc.NotMapped[c]; dropped {
				t.Errorf("%s: the sample has a value in %s, which is not imported (%s)", o[dcc.ColIdentifier], c, why)
				continue
			}
			want = normal(c, want)
			if g[c] != want {
				t.Errorf("%s, %s: %q back, want %q", o[dcc.ColIdentifier], c, g[c], want)
			}
			compared[c]++
		}
	}
	t.Logf("values compared per column: %v", compared)
	if compared[dcc.ColCompaniesHouse] != 37 || compared[dcc.ColGeoLatitude] != 294 || compared[dcc.ColLegalForm] != 300 {
		t.Errorf("the sample's values were not all compared: %v", compared)
	}
}

// normal is a sample value as the importer keeps it.
func normal(col, v string) string {
	switch col {
	case dcc.ColOrgStructure, dcc.ColPrimaryActivity, dcc.ColMembershipType, dcc.ColActivities:
		return strings.ReplaceAll(v, "https://dev.lod.coop/", "https://lod.coop/")
	case dcc.ColCompaniesHouse:
		n, _ := dcc.CompanyNumber(v)
		return n
	case dcc.ColGeoLatitude, dcc.ColGeoLongitude, dcc.ColLatitude, dcc.ColLongitude:
		d, _ := dcc.Decimal(v)
		return d
	}
	s, _, _ := dcc.Clean(v, col != dcc.ColStreet && col != dcc.ColDescription)
	return s
}

func readAll(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}
