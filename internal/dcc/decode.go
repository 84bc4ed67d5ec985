package dcc

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Encodings a file may be read as.
const (
	UTF8        = "UTF-8"
	UTF8BOM     = "UTF-8 with a byte-order mark"
	UTF16LE     = "UTF-16LE"
	UTF16BE     = "UTF-16BE"
	Windows1252 = "Windows-1252"
)

// decodeText turns a file's bytes into text: UTF-8 (a byte-order mark is dropped), UTF-16 when
// a byte-order mark says so, and otherwise, when the bytes are not valid UTF-8, Windows-1252 (the
// usual encoding of spreadsheets saved as CSV on Windows; its printable range is a superset of
// Latin-1). Line ends become "\n" (CRLF and lone CR alike) so that lines count the same everywhere.
func decodeText(b []byte) (text, encoding, lineEnds string) {
	switch {
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		text, encoding = string(b[3:]), UTF8BOM
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		text, encoding = decodeUTF16(b[2:], false), UTF16LE
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		text, encoding = decodeUTF16(b[2:], true), UTF16BE
	case utf8.Valid(b):
		text, encoding = string(b), UTF8
	default:
		text, encoding = decodeWindows1252(b), Windows1252
	}
	if encoding == UTF8BOM && !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	crlf := strings.Count(text, "\r\n")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	cr := strings.Count(text, "\r")
	text = strings.ReplaceAll(text, "\r", "\n")
	// Line breaks inside quoted fields may differ from the rows' own: name what ends rows.
	switch {
	case crlf > 0 && cr == 0:
		lineEnds = "CRLF"
	case crlf == 0 && cr > 0:
		lineEnds = "CR"
	case crlf == 0 && cr == 0:
		lineEnds = "LF"
	default:
		lineEnds = "mixed CRLF and CR"
	}
	return text, encoding, lineEnds
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if bigEndian {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(u))
}

// windows1252 maps the bytes 0x80–0x9F, where Windows-1252 differs from Latin-1. The five bytes
// it leaves undefined keep their Latin-1 meaning (C1 control characters), which the importer then
// treats like any other control character.
var windows1252 = [32]rune{
	'\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
	'\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
	'\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
	'\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
}

func decodeWindows1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xA0:
			sb.WriteRune(windows1252[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}
