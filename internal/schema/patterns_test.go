package schema

import (
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/coopgraph/coopgraph/internal/schema/gen"
)

var knownPatternFuncs = map[string]func(string) bool{
	"hasNonSpace":   hasNonSpace,
	"isTrimmedLine": isTrimmedLine,
	"IsSlug":        IsSlug,
	"isLangTag":     isLangTag,
	"isTwoCapitals": isTwoCapitals,
	"isDateForm":    isDateForm,
}

// TestKnownPatterns: each function that stands for a pattern answers as the pattern does, on
// every string of up to four characters of an alphabet of the characters that matter (and
// some that do not, a two-byte character, an invalid byte), and on many longer strings.
func TestKnownPatterns(t *testing.T) {
	alphabet := []string{"a", "z", "A", "Z", "0", "9", "-", " ", "\n", "\t", "\f", "\r", "\v", ".", "_", "é", "\xff"}
	var short []string
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		short = append(short, prefix)
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			grow(prefix+c, n-1)
		}
	}
	depth := 4
	if testing.Short() {
		depth = 3
	}
	grow("", depth)
	r := rand.New(rand.NewPCG(1, 2))
	likely := []string{"a", "b", "0", "-", "A", "Z", "9", " ", "x"}
	var long []string
	for i := 0; i < 20000; i++ {
		n := 5 + r.IntN(12)
		b := ""
		for j := 0; j < n; j++ {
			if r.IntN(10) == 0 {
				b += alphabet[r.IntN(len(alphabet))]
			} else {
				b += likely[r.IntN(len(likely))]
			}
		}
		long = append(long, b, "2026-"+b[:min(len(b), 5)], b[:2])
	}
	if len(gen.KnownPatterns) != len(knownPatternFuncs) {
		t.Fatalf("%d known patterns, %d functions tested", len(gen.KnownPatterns), len(knownPatternFuncs))
	}
	for pattern, name := range gen.KnownPatterns {
		f := knownPatternFuncs[name]
		if f == nil {
			t.Fatalf("no function %s for %s", name, pattern)
		}
		re := regexp.MustCompile(pattern)
		matched := 0
		for _, s := range append(short, long...) {
			want := re.MatchString(s)
			if f(s) != want {
				t.Errorf("%s(%q) = %v, but %s says %v", name, s, !want, pattern, want)
			}
			if want {
				matched++
			}
		}
		if matched == 0 {
			t.Errorf("%s: no string tried matches", pattern)
		}
	}
}
