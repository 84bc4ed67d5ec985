package record

import (
	"bytes"
	"testing"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/source"
)

// FuzzCheck feeds arbitrary bytes through the whole record loader: reading, the schema and the
// record checks. It must never panic; a record comes back only without errors; every diagnostic
// names the file, has a code and a message, and points inside the file.
func FuzzCheck(f *testing.F) {
	f.Add([]byte(good), false)
	f.Add([]byte(`{"id": "x", "name": "X", "status": "operating", "sectors": ["art"], "description": {"en": "x"}, "sources": [{"url": "https://a.test/", "quote": "q"}]}`), true)
	f.Add([]byte("id: x\nname: \"\"\nstatus: maybe\nsectors: [musik]\ndescription: {english: x}\nwebsite: javascript:x\nfounded: 3000\n"), false)
	f.Add([]byte("status: operating # TODO\nsources:\n  - url: https://example.org/TODO\n    quote: \"TODO: x\"\n"), false)
	f.Fuzz(func(t *testing.T, src []byte, isJSON bool) {
		kind := source.YAML
		file := "data/coops/fuzz.yaml"
		if isJSON {
			kind, file = source.JSON, "data/coops/fuzz.json"
		}
		doc, l := source.Parse(file, kind, src)
		if doc != nil {
			var rec *Record
			rec, l = Check(doc, validator, Options{ThisYear: 2026, AllowPlaceholders: isJSON})
			if (rec == nil) != l.HasErrors() {
				t.Fatalf("record %v returned with diagnostics %v", rec != nil, l)
			}
			if len(l) > MaxDiagnostics {
				t.Fatalf("%d diagnostics", len(l))
			}
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range l {
			if d.File != file || d.Code == "" || d.Message == "" {
				t.Fatalf("diagnostic without file, code or message: %#v", d)
			}
			if d.Pos.IsValid() && (d.Pos.Line > lines || d.Pos.Offset > len(src)) {
				t.Fatalf("diagnostic outside the file: %#v", d)
			}
			if d.Severity != diag.Error && d.Severity != diag.Warning {
				t.Fatalf("severity %d", d.Severity)
			}
		}
	})
}
