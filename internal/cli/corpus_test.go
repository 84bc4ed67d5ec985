package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/coopgraph/coopgraph/internal/source"
)

// validOK are the cases of testdata/bad that validate accepts with warnings (exit 0); every
// other case must exit 1.
var validOK = map[string]bool{"duplicate-website": true, "todo-left": true}

// exportOK are the cases export accepts: a shared website is a warning, nothing more.
var exportOK = map[string]bool{"duplicate-website": true}

// badCases lists the cases: the folders of testdata/bad, and those generated at run time
// because they cannot sit in the repository (a file over the size limit).
func badCases(t *testing.T) (dirs map[string]string) {
	t.Helper()
	dirs = map[string]string{}
	ents, err := os.ReadDir("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			dirs[e.Name()] = "testdata"
		}
	}
	gen := t.TempDir()
	big := filepath.Join(gen, "bad", "too-large")
	if err := os.MkdirAll(big, 0o755); err != nil {
		t.Fatal(err)
	}
	rec, err := os.ReadFile(filepath.Join(dataDir(), "fairmondo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("# padding\n", (source.MaxFileSize-len(rec))/10+1)
	if err := os.WriteFile(filepath.Join(big, "fairmondo.yaml"), append(rec, pad...), 0o644); err != nil {
		t.Fatal(err)
	}
	dirs["too-large"] = gen
	return dirs
}

var goodExport struct {
	once sync.Once
	dir  string
	err  string
}

// exported returns a folder holding the exports of the real records, made once.
func exported(t *testing.T) string {
	t.Helper()
	goodExport.once.Do(func() {
		dir, err := os.MkdirTemp("", "coopgraph-cli-test-")
		if err != nil {
			goodExport.err = err.Error()
			return
		}
		goodExport.dir = dir
		if r := run(t, "", "export", "--out", filepath.Join(dir, "exports"), dataDir()); r.code != 0 {
			goodExport.err = r.stderr
		}
	})
	if goodExport.err != "" {
		t.Fatalf("exporting the real records: %s", goodExport.err)
	}
	return goodExport.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if goodExport.dir != "" {
		os.RemoveAll(goodExport.dir)
	}
	os.Exit(code)
}

var annotation = regexp.MustCompile(`^::(error|warning) file=([^,:]+)(?:,line=(\d+),col=(\d+))?,title=[^:]*::(.+)$`)

// TestBadRecords runs every case of the corpus of bad records (testdata/bad/<case>/) through
// validate, and compares what a maintainer reads with the golden file testdata/bad/<case>.want
// (go test ./internal/cli -update rewrites them). For every case it also checks that the JSON
// and GitHub renderings carry the same diagnostics, that each names a file of the case, and that
// export refuses the case with the file named, leaving the exports, the folder beside them and
// the input exactly as they were.
func TestBadRecords(t *testing.T) {
	cases := badCases(t)
	if len(cases) < 40 {
		t.Fatalf("only %d bad records in the corpus", len(cases))
	}
	base := exported(t)
	out := filepath.Join(base, "exports")
	outHash, besideOut := treeHash(t, out), listDir(t, base)
	corpusHash := treeHash(t, "testdata")
	for name, dir := range cases {
		t.Run(name, func(t *testing.T) {
			arg := "bad/" + name
			inHash := treeHash(t, filepath.Join(dir, arg))
			r := run(t, dir, "validate", arg)
			want := 1
			if validOK[name] {
				want = 0
			}
			if r.code != want {
				t.Errorf("validate exits %d, want %d", r.code, want)
			}
			golden := fmt.Sprintf("$ coopgraph validate %s\nexit %d\n%s", arg, r.code, r.stdout)
			if r.stderr != "" {
				golden += "stderr:\n" + r.stderr
			}
			checkGolden(t, filepath.Join("testdata", "bad", name+".want"), golden)

			// JSON for tools and annotations for GitHub say the same.
			rj := run(t, dir, "validate", "--format", "json", arg)
			var doc struct {
				Diagnostics []struct {
					Severity string
					File     string
					Position struct{ Line, Col int }
					Message  string
				}
				Errors, Warnings int
			}
			if err := json.Unmarshal([]byte(rj.stdout), &doc); err != nil {
				t.Fatalf("--format json: %v\n%s", err, rj.stdout)
			}
			if rj.code != r.code || len(doc.Diagnostics) == 0 || doc.Errors+doc.Warnings != len(doc.Diagnostics) {
				t.Fatalf("--format json: exit %d, %d diagnostics, %d errors, %d warnings", rj.code, len(doc.Diagnostics), doc.Errors, doc.Warnings)
			}
			rg := run(t, dir, "validate", "--format", "github", arg)
			lines := strings.Split(strings.TrimSuffix(rg.stdout, "\n"), "\n")
			if rg.code != r.code || len(lines) != len(doc.Diagnostics) {
				t.Fatalf("--format github: exit %d, %d annotations for %d diagnostics", rg.code, len(lines), len(doc.Diagnostics))
			}
			for i, d := range doc.Diagnostics {
				if !strings.HasPrefix(d.File, arg+"/") && d.File != arg {
					t.Errorf("diagnostic names %q, not a file of the case", d.File)
				}
				m := annotation.FindStringSubmatch(lines[i])
				if m == nil {
					t.Errorf("not an annotation: %s", lines[i])
					continue
				}
				pos := ""
				if d.Position.Line > 0 {
					pos = fmt.Sprintf("%d:%d", d.Position.Line, d.Position.Col)
				}
				if m[1] != d.Severity || m[2] != d.File || m[3]+":"+m[4] != pos && pos != "" || pos == "" && m[3] != "" {
					t.Errorf("annotation %s does not match %+v", lines[i], d)
				}
			}

			// Export refuses the case, names the file, and changes nothing.
			target := out
			if exportOK[name] {
				target = filepath.Join(t.TempDir(), "exports")
			}
			re := run(t, dir, "export", "--out", target, arg)
			switch {
			case exportOK[name]:
				if re.code != 0 {
					t.Errorf("export exits %d: %s", re.code, re.stderr)
				}
			case re.code != 1:
				t.Errorf("export exits %d, want 1: %s", re.code, re.stderr)
			case !strings.Contains(re.stderr, arg+"/"):
				t.Errorf("export's error does not name the file:\n%s", re.stderr)
			}
			if h := treeHash(t, out); h != outHash {
				t.Errorf("the exports changed")
			}
			if l := listDir(t, base); l != besideOut {
				t.Errorf("the folder beside the exports changed: %s, was %s", l, besideOut)
			}
			if h := treeHash(t, filepath.Join(dir, arg)); h != inHash {
				t.Errorf("the input changed")
			}
		})
	}
	if h := treeHash(t, "testdata"); h != corpusHash && !*update {
		t.Errorf("testdata changed while the corpus ran")
	}
}

// TestGitHubAnnotationsLandOnTheirLines breaks a record in several places and checks that each
// annotation points at the line and column of the broken value, as a pull request shows it.
func TestGitHubAnnotationsLandOnTheirLines(t *testing.T) {
	arg := "bad/all-at-once"
	r := run(t, "testdata", "validate", "--format", "github", arg)
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	src, err := os.ReadFile(filepath.Join("testdata", arg, "fairmondo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fileLines := strings.Split(string(src), "\n")
	// What each annotation must point at, by field.
	want := map[string]string{
		"status":              "active",
		"sectors[1]":          "musik",
		"description.english": "english:",
		"website":             "javascript:alert(1)",
		"founded":             "3012",
		"websit":              "websit:",
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		m := annotation.FindStringSubmatch(line)
		if m == nil || m[3] == "" {
			t.Fatalf("annotation without a line: %s", line)
		}
		if m[2] != arg+"/fairmondo.yaml" {
			t.Errorf("annotation on file %s", m[2])
		}
		field := strings.SplitN(m[5], ": ", 2)[0]
		var ln, col int
		fmt.Sscan(m[3], &ln)
		fmt.Sscan(m[4], &col)
		text := []rune(fileLines[ln-1])
		at := string(text[col-1:])
		if w, ok := want[field]; !ok {
			t.Errorf("unexpected annotation %s", line)
		} else if !strings.HasPrefix(at, w) {
			t.Errorf("%s: line %d col %d points at %q, want %q", field, ln, col, at, w)
		}
		seen[field] = true
	}
	for f := range want {
		if !seen[f] {
			t.Errorf("no annotation for %s", f)
		}
	}
}

// TestEveryProblemAtOnce checks the promise that one run reports everything: problems in
// several records, of several kinds, all come out, sorted by file and line.
func TestEveryProblemAtOnce(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []string{"enum-typo", "website-javascript", "future-year", "unknown-field"} {
		b, err := os.ReadFile(filepath.Join("testdata", "bad", c, "fairmondo.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		name := strings.ReplaceAll(c, "-", "")
		b = []byte(strings.Replace(string(b), "id: fairmondo", "id: "+name, 1))
		if err := os.WriteFile(filepath.Join(dir, name+".yaml"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, dir, "validate", "--format", "json", ".")
	var doc struct {
		Diagnostics []struct {
			File  string
			Field string
			Code  string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range doc.Diagnostics {
		got = append(got, d.File+" "+d.Field+" "+d.Code)
	}
	want := []string{
		"enumtypo.yaml sectors[1] enum",
		"futureyear.yaml founded future",
		"unknownfield.yaml websit unknown-field",
		"websitejavascript.yaml website iri",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
