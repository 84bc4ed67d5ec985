package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestErrorLine(t *testing.T) {
	for _, c := range []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{File: "data/coops/x.yaml", Pos: Position{Line: 7, Col: 12}, Field: "sectors[1]", Message: `"musik" is not a sector`},
			`data/coops/x.yaml:7:12: sectors[1]: "musik" is not a sector`},
		{Diagnostic{File: "x.yaml", Message: "file is empty"}, "x.yaml: file is empty"},
		{Diagnostic{Severity: Warning, File: "x.yaml", Pos: Position{Line: 3, Col: 1}, Field: "website", Message: "also on y"},
			"x.yaml:3:1: warning: website: also on y"},
	} {
		if got := c.d.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
}

func TestSortAndCounts(t *testing.T) {
	var l List
	l.Errorf("b.yaml", Position{Line: 1, Col: 1}, "id", "x", "m")
	l.Warnf("a.yaml", Position{Line: 9, Col: 1}, "website", "w", "m")
	l.Errorf("a.yaml", Position{Line: 2, Col: 5}, "name", "x", "m")
	l.Errorf("a.yaml", Position{Line: 2, Col: 3}, "name", "x", "m")
	l.Errorf("a.yaml", Position{Line: 2, Col: 3}, "name", "x", "m") // a duplicate
	l.Errorf("a.yaml", Position{}, "", "file", "whole file")
	l.Sort()
	var got []string
	for _, d := range l {
		got = append(got, d.Error())
	}
	want := []string{
		"a.yaml: whole file",
		"a.yaml:2:3: name: m",
		"a.yaml:2:5: name: m",
		"a.yaml:9:1: warning: website: m",
		"b.yaml:1:1: id: m",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sorted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if e, w := l.Counts(); e != 4 || w != 1 {
		t.Errorf("Counts() = %d, %d; want 4, 1", e, w)
	}
	if !l.HasErrors() {
		t.Error("HasErrors() = false")
	}
	if (List{{Severity: Warning}}).HasErrors() {
		t.Error("a warning counts as an error")
	}
}

func render(t *testing.T, f Format, l List, src map[string]string) string {
	t.Helper()
	var b bytes.Buffer
	err := Render(&b, f, l, func(file string) []byte {
		if s, ok := src[file]; ok {
			return []byte(s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTextCaret checks that the caret lands under the offending character whatever comes
// before it on the line: tabs, wide characters, combining marks, escaped controls, a BOM.
func TestTextCaret(t *testing.T) {
	for _, c := range []struct {
		name, line string
		col        int
		shown      string
		pad        int
	}{
		{"ascii", "sectors: [trade, musik]", 18, "sectors: [trade, musik]", 17},
		{"tab", "a:\tb", 4, "a: b", 3},
		{"wide", "name: 日本語 x", 11, "name: 日本語 x", 13},
		{"emoji", "name: 🙂 x", 9, "name: 🙂 x", 9},
		{"combining", "name: e\u0301e x", 11, "name: e\u0301e x", 9},
		{"control", "a: \x01b", 5, `a: \u0001b`, 9},
		{"bom", "\ufeffid: x", 2, `\ufeffid: x`, 6},
		{"rtl", "name: \u202eabc", 8, `name: \u202eabc`, 12},
		{"crlf", "id: x\r", 5, "id: x", 4},
		{"invalid", "id: \xff", 5, `id: \xff`, 4},
		{"end of line", "id:", 4, "id:", 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := List{{File: "f.yaml", Pos: Position{Line: 2, Col: c.col}, Message: "m"}}
			out := render(t, Text, l, map[string]string{"f.yaml": "first\n" + c.line + "\nlast\n"})
			want := "f.yaml:2:" + itoa(c.col) + ": m\n  | " + c.shown + "\n  | " + strings.Repeat(" ", c.pad) + "^\n1 error, 0 warnings\n"
			if out != want {
				t.Errorf("got:\n%s\nwant:\n%s", out, want)
			}
		})
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestTextLongLine(t *testing.T) {
	line := strings.Repeat("a", 500) + "X" + strings.Repeat("b", 500)
	l := List{{File: "f.yaml", Pos: Position{Line: 1, Col: 501}, Message: "m"}}
	out := render(t, Text, l, map[string]string{"f.yaml": line})
	lines := strings.Split(out, "\n")
	shown, caret := strings.TrimPrefix(lines[1], "  | "), strings.TrimPrefix(lines[2], "  | ")
	if !strings.HasPrefix(shown, "…") || !strings.HasSuffix(shown, "…") {
		t.Errorf("a long line is not cut on both sides: %q", shown)
	}
	if n := len([]rune(shown)); n > maxExcerpt+2 {
		t.Errorf("excerpt has %d characters", n)
	}
	if i := len([]rune(caret)) - 1; []rune(shown)[i] != 'X' {
		t.Errorf("caret at %d points at %q, not X", i, []rune(shown)[i])
	}
}

func TestTextWithoutSource(t *testing.T) {
	l := List{
		{File: "gone.yaml", Pos: Position{Line: 3, Col: 1}, Message: "m"},
		{File: "f.yaml", Pos: Position{Line: 9, Col: 1}, Message: "past the end"},
		{Severity: Warning, File: "f.yaml", Message: "whole file"},
	}
	out := render(t, Text, l, map[string]string{"f.yaml": "one line\n"})
	want := "gone.yaml:3:1: m\nf.yaml:9:1: past the end\nf.yaml: warning: whole file\n2 errors, 1 warning\n"
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	if out := render(t, Text, nil, nil); out != "" {
		t.Errorf("no diagnostics render as %q", out)
	}
}

// TestTextHostileNames shows that a file name or message holding terminal escapes is printed
// inert.
func TestTextHostileNames(t *testing.T) {
	l := List{{File: "evil\x1b[2J\n.yaml", Message: "bad \u202e name"}}
	out := render(t, Text, l, nil)
	if strings.ContainsAny(out, "\x1b\u202e") || strings.Count(out, "\n") != 2 {
		t.Errorf("hostile characters reach the output: %q", out)
	}
	if !strings.Contains(out, `evil\u001b[2J\u000a.yaml: bad \u202e name`) {
		t.Errorf("got %q", out)
	}
}

func TestJSON(t *testing.T) {
	l := List{
		{File: "a.yaml", Pos: Position{Line: 2, Col: 3, Offset: 9}, Field: "status", Code: "enum", Message: `"x" is not a status`},
		{Severity: Warning, File: "b.yaml", Code: "duplicate-website", Message: "w"},
	}
	out := render(t, JSON, l, nil)
	var got struct {
		Diagnostics []struct {
			Severity string
			File     string
			Position struct{ Line, Col, Offset int }
			Field    string
			Code     string
			Message  string
		}
		Errors, Warnings int
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Errors != 1 || got.Warnings != 1 || len(got.Diagnostics) != 2 {
		t.Fatalf("counts: %+v", got)
	}
	d := got.Diagnostics[0]
	if d.Severity != "error" || d.File != "a.yaml" || d.Position.Line != 2 || d.Position.Col != 3 || d.Position.Offset != 9 ||
		d.Field != "status" || d.Code != "enum" || d.Message != `"x" is not a status` {
		t.Errorf("first diagnostic: %+v", d)
	}
	if got.Diagnostics[1].Severity != "warning" {
		t.Errorf("second diagnostic: %+v", got.Diagnostics[1])
	}
	if out := render(t, JSON, nil, nil); !strings.Contains(out, `"diagnostics": []`) {
		t.Errorf("an empty list renders as %s", out)
	}
}

func TestGitHub(t *testing.T) {
	l := List{
		{File: "data/coops/x.yaml", Pos: Position{Line: 5, Col: 18}, Field: "sectors[1]", Code: "enum", Message: `"musik" is not a sector; did you mean "music"?`},
		{Severity: Warning, File: "data/coops/a,b:c.yaml", Field: "website", Code: "duplicate-website", Message: "100% the same\nsite\r"},
	}
	got := render(t, GitHub, l, nil)
	want := `::error file=data/coops/x.yaml,line=5,col=18,title=sectors[1] (enum)::sectors[1]: "musik" is not a sector; did you mean "music"?` + "\n" +
		`::warning file=data/coops/a%2Cb%3Ac.yaml,title=website (duplicate-website)::website: 100%25 the same\u000asite\u000d` + "\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if g, err := ParseFormat(string(f)); err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, g, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat(xml) accepted")
	}
}
