package encode_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/encode"
)

func TestAppendIRIRefusesWhatCannotStandInAnIRIREF(t *testing.T) {
	for in, want := range map[string]string{
		"http://a.example/x":         "<http://a.example/x>",
		"http://a.example/é?q=1&r=2": "<http://a.example/é?q=1&r=2>",
	} {
		got, err := encode.AppendIRI(nil, in)
		if err != nil || string(got) != want {
			t.Errorf("AppendIRI(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "http://a.example/a b", "http://a.example/<x>", "http://a.example/x> <y", "http://a.example/\"", "http://a.example/{}", "http://a.example/|", "http://a.example/^", "http://a.example/`", "http://a.example/\\", "http://a.example/\n"} {
		if got, err := encode.AppendIRI(nil, bad); !errors.Is(err, encode.ErrBadIRI) {
			t.Errorf("AppendIRI(%q) = %s, %v; want ErrBadIRI", bad, got, err)
		}
	}
	if _, err := encode.AppendIRI(nil, "http://a.example/\xff"); !errors.Is(err, encode.ErrInvalidUTF8) {
		t.Errorf("invalid UTF-8 accepted: %v", err)
	}
	// Every ASCII byte: refused exactly when IRIREF (N-Triples, Turtle) excludes it.
	for c := 0; c < 0x80; c++ {
		excluded := c <= 0x20 || c == 0x7f || strings.ContainsRune("<>\"{}|^`\\", rune(c))
		_, err := encode.AppendIRI(nil, "http://a.example/"+string(rune(c)))
		if excluded != (err != nil) {
			t.Errorf("byte %#x: err = %v, excluded = %v", c, err, excluded)
		}
	}
}

func TestAppendStringEscapesByTable(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:              `"plain"`,
		`say "hi"`:           `"say \"hi\""`,
		`back\slash`:         `"back\\slash"`,
		"line\nbreak\r\tend": `"line\nbreak\r\tend"`,
		"bell\x07del\x7f":    `"bell\u0007del\u007F"`,
		`"""`:                `"\"\"\""`,
		`\u0000`:             `"\\u0000"`,
		"emoji 🙂 rtl \u200f": "\"emoji 🙂 rtl \u200f\"",
	} {
		got, err := encode.AppendString(nil, in)
		if err != nil || string(got) != want {
			t.Errorf("AppendString(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
}

func TestCheckLangAndBlank(t *testing.T) {
	for _, ok := range []string{"en", "zh-hant-tw", "de-CH-1996", "x-klingon"} {
		if encode.CheckLang(ok) != nil {
			t.Errorf("CheckLang(%q) refused", ok)
		}
	}
	for _, bad := range []string{"", "en-", "-en", "e n", "en@x", "1en", "en--us", "en\n"} {
		if encode.CheckLang(bad) == nil {
			t.Errorf("CheckLang(%q) accepted", bad)
		}
	}
	if encode.CheckBlank("b0_x") != nil || encode.CheckBlank("b 0") == nil || encode.CheckBlank("") == nil {
		t.Error("CheckBlank")
	}
}
