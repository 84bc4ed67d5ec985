package diag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
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
			b.WriteString(escapeProperty(visible(title)))
			b.WriteString("::")
			msg := d.Message
			if d.Field != "" {
				msg = d.Field + ": " + msg
			}
			b.WriteString(escapeData(visible(msg)))
			b.WriteByte('\n')
		}
		_, err := io.WriteString(w, b.String())
		return err
	default:
		var b strings.Builder
		for _, d := range l {
			// File names and messages can carry what a hostile file put there: show it inert.
			b.WriteString(visible(d.Error()))
			b.WriteByte('\n')
			if src != nil && d.Pos.IsValid() {
				if line, pad, ok := excerpt(src(d.File), d.Pos.Line, d.Pos.Col); ok {
					b.WriteString("  | ")
					b.WriteString(line)
					b.WriteString("\n  | ")
					b.WriteString(strings.Repeat(" ", pad))
					b.WriteString("^\n")
				}
			}
		}
		errs, warns := l.Counts()
		if errs+warns > 0 {
			fmt.Fprintf(&b, "%s, %s\n", Count(errs, "error"), Count(warns, "warning"))
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
}

// Count says n things in English: "1 row", "3 rows" (thing takes an s for the plural).
func Count[N ~int | ~int64 | ~uint64](n N, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// Excerpts longer than maxExcerpt characters are cut to a window around the column.
const (
	maxExcerpt = 160
	lead       = 60
)

// excerpt returns line n (1-based) of src as it is shown under a diagnostic, and the number of
// terminal cells before column col, where the caret goes. Control, format and bidirectional
// characters are shown as \u escapes (a hostile file cannot drive the terminal or reorder the
// line), tabs as one space, invalid bytes as \x escapes; a long line is cut around col.
func excerpt(src []byte, n, col int) (line string, pad int, ok bool) {
	if src == nil || n < 1 {
		return "", 0, false
	}
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return "", 0, false
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	src = bytes.TrimSuffix(src, []byte("\r"))
	type piece struct {
		text  string
		width int
	}
	var pieces []piece
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		switch {
		case r == utf8.RuneError && size <= 1:
			pieces = append(pieces, piece{fmt.Sprintf("\\x%02x", src[0]), 4})
		case r == '\t':
			pieces = append(pieces, piece{" ", 1})
		case hidden(r):
			pieces = append(pieces, piece{fmt.Sprintf("\\u%04x", r), 6})
		default:
			pieces = append(pieces, piece{string(r), cells(r)})
		}
		src = src[size:]
	}
	col = max(col, 1)
	from, to := 0, len(pieces)
	if len(pieces) > maxExcerpt {
		from = max(0, min(col-1-lead, len(pieces)-maxExcerpt))
		to = min(len(pieces), from+maxExcerpt)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
		pad++
	}
	for i := from; i < to; i++ {
		b.WriteString(pieces[i].text)
		if i < col-1 {
			pad += pieces[i].width
		}
	}
	if to < len(pieces) {
		b.WriteString("…")
	}
	return b.String(), pad, true
}

// hidden reports the characters that are not shown as themselves: C0 and C1 controls, DEL,
// line and paragraph separators, and format characters (byte-order mark, zero-width and
// bidirectional controls).
func hidden(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r)
}

// visible makes the hidden characters of s (see hidden) and invalid bytes visible, keeping tabs.
func visible(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || r != '\t' && hidden(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r != '\t' && hidden(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// cells is the number of terminal cells r takes: none for combining marks, two for wide East
// Asian characters and emoji, else one.
func cells(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me):
		return 0
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF && r != 0x303F, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x1F300 && r <= 0x1F64F, r >= 0x1F900 && r <= 0x1F9FF, r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}

// escapeData and escapeProperty follow the escaping of GitHub Actions workflow commands.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
