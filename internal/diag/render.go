package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Format is a way of rendering diagnostics.
type Format string

// The renderers.
const (
	Text   Format = "text"
	JSON   Format = "json"
	GitHub Format = "github"
)

// Formats lists the names accepted by ParseFormat.
var Formats = []Format{Text, JSON, GitHub}

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (want text, json or github)", s)
}

// SourceFunc returns the bytes of a file named in a diagnostic, or nil when they are not at
// hand; the text renderer uses it to quote the offending line.
type SourceFunc func(file string) []byte

// Render writes the diagnostics in format f. Text shows each diagnostic with its source line and
// a caret under the column, then a summary; JSON writes one object with the list and the counts;
// GitHub writes one workflow command per diagnostic.
func Render(w io.Writer, f Format, l List, src SourceFunc) error {
	switch f {
	case JSON:
		errs, warns := l.Counts()
		out := struct {
			Diagnostics List `json:"diagnostics"`
			Errors      int  `json:"errors"`
			Warnings    int  `json:"warnings"`
		}{l, errs, warns}
		if out.Diagnostics == nil {
			out.Diagnostics = List{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case GitHub:
		var b strings.Builder
		for _, d := range l {
			b.WriteString("::")
			b.WriteString(d.Severity.String())
			b.WriteString(" file=")
			b.WriteString(escapeProperty(d.File))
			if d.Pos.IsValid() {
				fmt.Fprintf(&b, ",line=%d,col=%d", d.Pos.Line, d.Pos.Col)
			}
			title := d.Code
			if d.Field != "" {
				title = d.Field + " (" + d.Code + ")"
			}
			b.WriteString(",title=")
			b.WriteString(escapeProperty(title))
			b.WriteString("::")
			msg := d.Message
			if d.Field != "" {
				msg = d.Field + ": " + msg
			}
			b.WriteString(escapeData(msg))
			b.WriteByte('\n')
		}
		_, err := io.WriteString(w, b.String())
		return err
	default:
		var b strings.Builder
		for _, d := range l {
			b.WriteString(d.Error())
			b.WriteByte('\n')
			if src != nil && d.Pos.IsValid() {
				if line, ok := sourceLine(src(d.File), d.Pos.Line); ok {
					b.WriteString("  | ")
					b.WriteString(line)
					b.WriteString("\n  | ")
					b.WriteString(caretPad(line, d.Pos.Col))
					b.WriteString("^\n")
				}
			}
		}
		errs, warns := l.Counts()
		if errs+warns > 0 {
			fmt.Fprintf(&b, "%s, %s\n", plural(errs, "error"), plural(warns, "warning"))
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// sourceLine returns line n (1-based) of src with control characters made visible, so that a
// hostile file cannot drive the terminal.
func sourceLine(src []byte, n int) (string, bool) {
	if src == nil {
		return "", false
	}
	for i := 1; i < n; i++ {
		j := indexNewline(src)
		if j < 0 {
			return "", false
		}
		src = src[j+1:]
	}
	if j := indexNewline(src); j >= 0 {
		src = src[:j]
	}
	if len(src) > 400 {
		src = src[:400]
	}
	var b strings.Builder
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString("\\x")
			fmt.Fprintf(&b, "%02x", src[0])
		case r == '\t':
			b.WriteRune(' ')
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x202e || r == 0x202d || r == 0x2066 || r == 0x2067 || r == 0x2068 || r == 0x2069:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
		src = src[size:]
	}
	return b.String(), true
}

func indexNewline(b []byte) int {
	for i, c := range b {
		if c == '\n' {
			return i
		}
	}
	return -1
}

// caretPad returns the spaces that put a caret under column col of line.
func caretPad(line string, col int) string {
	n := col - 1
	if n < 0 {
		n = 0
	}
	if c := utf8.RuneCountInString(line); n > c {
		n = c
	}
	return strings.Repeat(" ", n)
}

// escapeData and escapeProperty follow the escaping of GitHub Actions workflow commands.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
