// Package countries turns the country names people write in spreadsheets into ISO 3166-1
// alpha-2 codes: "Germany", "Deutschland", "Allemagne", "DEU", "de" → "DE". The table is built
// from the Unicode CLDR data of golang.org/x/text (every region that is a country, with its
// name in a dozen languages and its alpha-3 code), plus a few names CLDR does not give that
// registers and spreadsheets use (listed in aliases, below).
package countries

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"
)

// namers are the languages whose country names are known.
var namers = []display.Namer{
	display.English.Regions(), display.German.Regions(), display.French.Regions(), display.Spanish.Regions(),
	display.Italian.Regions(), display.Portuguese.Regions(), display.Dutch.Regions(), display.Swedish.Regions(),
	display.Danish.Regions(), display.Norwegian.Regions(), display.Finnish.Regions(), display.Polish.Regions(),
	display.Catalan.Regions(), display.Greek.Regions(), display.Turkish.Regions(), display.Korean.Regions(),
	display.Japanese.Regions(), display.Chinese.Regions(), display.Russian.Regions(), display.Arabic.Regions(),
}

// aliases are names that CLDR does not list but registers and spreadsheets write: the nations of
// the United Kingdom (which ISO 3166-1 counts as one country) and common abbreviations.
var aliases = map[string]string{
	"uk": "GB", "u k": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
	"wales": "GB", "northern ireland": "GB", "united kingdom of great britain and northern ireland": "GB",
	"usa": "US", "u s a": "US", "u s": "US", "united states of america": "US", "america": "US",
	"holland": "NL", "the netherlands": "NL", "czech republic": "CZ", "republic of ireland": "IE",
}

var table = sync.OnceValue(func() map[string]string {
	t := map[string]string{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code || r.Canonicalize() != r {
				continue
			}
			add := func(name string) {
				if k := Key(name); k != "" {
					if _, taken := t[k]; !taken {
						t[k] = code
					}
				}
			}
			add(code)
			add(r.ISO3())
			for _, n := range namers {
				add(n.Name(r))
			}
		}
	}
	for k, v := range aliases {
		t[k] = v
	}
	return t
})

// Key is how names are compared: lower case, accents and punctuation dropped, spaces folded
// ("Côte d’Ivoire" → "cote d ivoire").
func Key(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// Code returns the ISO 3166-1 alpha-2 code of a country's name or code, in any of the languages
// known, and whether one was found.
func Code(name string) (string, bool) {
	c, ok := table()[Key(name)]
	return c, ok
}
