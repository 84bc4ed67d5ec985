package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/schema"
)

// TestNew writes a skeleton and checks what the issue asks of it: the file is named after the
// name's slug, holds every field of the schema with its explanation, passes validate (with
// warnings for its placeholders only), is refused by export until filled in, and is never
// overwritten.
func TestNew(t *testing.T) {
	dir := t.TempDir()
	r := run(t, dir, "new", "Some Co-op")
	if r.code != 0 {
		t.Fatalf("new: exit %d: %s", r.code, r.stderr)
	}
	path := filepath.Join(dir, "data", "coops", "some-co-op.yaml")
	if r.stdout != "data/coops/some-co-op.yaml\n" {
		t.Errorf("new prints %q", r.stdout)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)

	// Every field is there, with its description and its allowed values from the schema.
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	var check func(fields []schema.Field)
	check = func(fields []schema.Field) {
		for _, f := range fields {
			if !regexp.MustCompile(`(?m)^#? *(- )?` + regexp.QuoteMeta(f.Name) + `:`).MatchString(text) {
				t.Errorf("field %s is not in the skeleton", f.Name)
			}
			if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(text, "#", "")), " "), strings.TrimSuffix(f.Description, ".")) {
				t.Errorf("the description of %s is not in the skeleton", f.Name)
			}
			for _, e := range f.Enum {
				if !strings.Contains(text, e) {
					t.Errorf("value %q of %s is not in the skeleton", e, f.Name)
				}
			}
			check(f.Fields)
		}
	}
	check(v.Fields())
	if !strings.Contains(text, "id: some-co-op\n") || !strings.Contains(text, "name: Some Co-op\n") {
		t.Errorf("id or name missing:\n%s", text)
	}

	// validate accepts it: warnings, each a placeholder, and nothing else.
	rv := run(t, dir, "validate", "--format", "json")
	var doc struct {
		Diagnostics []struct{ Severity, Code, Field string }
		Errors      int
		Warnings    int
	}
	if err := json.Unmarshal([]byte(rv.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if rv.code != 0 || doc.Errors != 0 || doc.Warnings == 0 {
		t.Fatalf("validate: exit %d, %d errors, %d warnings\n%s", rv.code, doc.Errors, doc.Warnings, rv.stdout)
	}
	fields := map[string]bool{}
	for _, d := range doc.Diagnostics {
		if d.Code != "placeholder" {
			t.Errorf("warning that is not about a placeholder: %+v", d)
		}
		fields[d.Field] = true
	}
	for _, f := range []string{"status", "sectors", "description.en", "sources[0].url", "sources[0].quote"} {
		if !fields[f] {
			t.Errorf("no placeholder warning for %s", f)
		}
	}

	// export refuses it, naming the file.
	out := filepath.Join(dir, "exports")
	re := run(t, dir, "export", "--out", out)
	if re.code != 1 || !strings.Contains(re.stderr, "data/coops/some-co-op.yaml") {
		t.Errorf("export of a skeleton: exit %d\n%s", re.code, re.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("export of a skeleton created %s", out)
	}

	// Never overwritten.
	if err := os.WriteFile(path, append(src, "# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	again := run(t, dir, "new", "Some Co-op")
	if again.code != 1 || !strings.Contains(again.stderr, "data/coops/some-co-op.yaml already exists") {
		t.Errorf("second new: exit %d: %s", again.code, again.stderr)
	}
	if b, _ := os.ReadFile(path); string(b) != string(src)+"# edited\n" {
		t.Error("the existing record was changed")
	}
	// Nor a record of the same id in another syntax.
	if err := os.WriteFile(filepath.Join(dir, "data", "coops", "other.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, "new", "Other"); r.code != 1 || !strings.Contains(r.stderr, "other.json already exists") {
		t.Errorf("new over other.json: exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "coops", "other.yaml")); !os.IsNotExist(err) {
		t.Error("other.yaml was written beside other.json")
	}
}

// TestNewFilledIn replaces the placeholders of a skeleton with values and shows that the
// placeholders were the only thing between it and an export.
func TestNewFilledIn(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, dir, "new", "--dir", "records", "--id", "sample-coop", "Sample Co-op"); r.code != 0 {
		t.Fatalf("new: %s", r.stderr)
	}
	path := filepath.Join(dir, "records", "sample-coop.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(` # TODO[^\n]*`).ReplaceAllString(string(b), "")
	text = strings.ReplaceAll(text, "https://example.org/TODO", "https://wiki.p2pfoundation.net/Platform_Cooperatives")
	text = regexp.MustCompile(`"TODO: (?:[^"\\\n]|\\.)*"`).ReplaceAllString(text, "A test fixture.")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, "validate", "records"); r.code != 0 || r.stdout != "" {
		t.Fatalf("validate of the filled-in skeleton: exit %d\n%s\n%s", r.code, r.stdout, text)
	}
	if r := run(t, dir, "export", "--out", "exports", "records"); r.code != 0 {
		t.Fatalf("export of the filled-in skeleton: exit %d\n%s", r.code, r.stderr)
	}
}

func TestNewNames(t *testing.T) {
	for _, c := range []struct{ name, file, yamlName string }{
		{"Up & Go", "up-and-go.yaml", "name: Up & Go\n"},
		{"Coopérative #1: «Ça va»", "cooperative-1-ca-va.yaml", `name: "Coopérative #1: «Ça va»"` + "\n"},
		{"  Trailing  ", "trailing.yaml", "name: Trailing\n"},
		{`Quote "Co" \ op`, "quote-co-op.yaml", "name: Quote \"Co\" \\ op\n"},
		{"- dash", "dash.yaml", `name: "- dash"` + "\n"},
		{"true", "true.yaml", `name: "true"` + "\n"},
		{"1848", "1848.yaml", `name: "1848"` + "\n"},
	} {
		t.Run(c.file, func(t *testing.T) {
			dir := t.TempDir()
			r := run(t, dir, "new", "--dir", ".", "--", c.name)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			b, err := os.ReadFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "\n"+c.yamlName) {
				t.Errorf("name written as:\n%s", b)
			}
			if r := run(t, dir, "validate", "."); r.code != 0 {
				t.Errorf("validate: %s", r.stdout)
			}
		})
	}
	// A name the schema refuses is a usage error, and nothing is written.
	dir := t.TempDir()
	if r := run(t, dir, "new", "--dir", ".", strings.Repeat("x", 600)); r.code != 2 || !strings.Contains(r.stderr, "longer than 500") {
		t.Errorf("long name: exit %d: %s", r.code, r.stderr)
	}
	if r := run(t, dir, "new", "--dir", ".", "bell\a"); r.code != 2 || !strings.Contains(r.stderr, "control character") {
		t.Errorf("control character: exit %d: %s", r.code, r.stderr)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files written: %v", ents)
	}
}
