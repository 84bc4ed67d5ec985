package record

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/vocab"
)

type authority struct{ match, exclude *regexp.Regexp }

var sameAsPatterns = func() []authority {
	out := make([]authority, len(vocab.SameAsAuthorities))
	for i, a := range vocab.SameAsAuthorities {
		out[i].match = regexp.MustCompile(a.Pattern)
		if a.Excluding != "" {
			out[i].exclude = regexp.MustCompile(a.Excluding)
		}
	}
	return out
}()

// CheckSameAs accepts an IRI for owl:sameAs only when it is absolute and names an entity of a
// known authority (vocab.SameAsAuthorities), in that authority's canonical form.
func CheckSameAs(s string) error {
	if err := iri.Check(s); err != nil {
		return fmt.Errorf("%q is not an absolute IRI: %w", s, err)
	}
	for _, a := range sameAsPatterns {
		if a.match.MatchString(s) && (a.exclude == nil || !a.exclude.MatchString(s)) {
			return nil
		}
	}
	names := make([]string, len(vocab.SameAsAuthorities))
	for i, a := range vocab.SameAsAuthorities {
		names[i] = a.Name + " (" + a.Example + ")"
	}
	return fmt.Errorf("%q is not an IRI of a known authority; use one of: %s", s, strings.Join(names, "; "))
}
