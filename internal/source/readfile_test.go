package source

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadFilePortable: the portable reader (readFile outside Linux) and the platform's
// readFile give the same bytes, refusals and diagnostic codes for every kind of file.
func TestReadFilePortable(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name, path, code, msg string
	}{
		{"regular", write("ok.yaml", []byte("id: ok\n")), "", ""},
		{"empty", write("empty.yaml", nil), "", ""},
		{"exactly the limit", write("exact.yaml", []byte(strings.Repeat("x", MaxFileSize))), "", ""},
		{"too large", write("big.yaml", []byte(strings.Repeat("x", MaxFileSize+1))), "too-large", "at most"},
		{"missing", filepath.Join(dir, "missing.yaml"), "file", "cannot read"},
		{"folder", dir, "file", "not a regular file"},
	}
	for name, target := range map[string]string{
		"link to a record":        filepath.Join(dir, "ok.yaml"),
		"link to the environment": "/proc/self/environ",
		"link to a folder":        dir,
		"dangling link":           filepath.Join(dir, "missing.yaml"),
	} {
		link := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".yaml")
		if err := os.Symlink(target, link); err != nil {
			t.Logf("no symbolic links here: %v", err)
			break
		}
		cases = append(cases, struct{ name, path, code, msg string }{name, link, "link", "symbolic link"})
	}
	if fifo := filepath.Join(dir, "fifo.yaml"); mkfifo(fifo) == nil {
		cases = append(cases, struct{ name, path, code, msg string }{"FIFO (not waited for)", fifo, "file", "not a regular file"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fast, fastCode, fastErr := readFile(c.path)
			slow, slowCode, slowErr := readFilePortable(c.path)
			if fastCode != c.code || slowCode != c.code {
				t.Errorf("codes %q (readFile) and %q (portable), want %q", fastCode, slowCode, c.code)
			}
			if (fastErr == nil) != (c.msg == "") || (slowErr == nil) != (c.msg == "") {
				t.Fatalf("errors %v (readFile) and %v (portable), want one containing %q", fastErr, slowErr, c.msg)
			}
			if c.msg != "" {
				if !strings.Contains(fastErr.Error(), c.msg) || !strings.Contains(slowErr.Error(), c.msg) {
					t.Errorf("errors %v (readFile) and %v (portable), want %q", fastErr, slowErr, c.msg)
				}
				return
			}
			want, err := os.ReadFile(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if string(fast) != string(want) || string(slow) != string(want) {
				t.Errorf("read %d bytes (readFile) and %d (portable), want %d", len(fast), len(slow), len(want))
			}
		})
	}
}
