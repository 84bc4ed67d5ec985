package record

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/vocab"
)

var sameAsPatterns = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(vocab.SameAsAuthorities))
	for i, a := range vocab.SameAsAuthorities {
		out[i] = regexp.MustCompile(a.Pattern)
	}
	return out
}()

// CheckSameAs accepts an IRI for owl:sameAs only when it is absolute and names an entity of a
// known authority (vocab.SameAsAuthorities), in that authority's canonical form.
func CheckSameAs(s string) error {
	if err := iri.Check(s); err != nil {
		return fmt.Errorf("%q is not an absolute IRI: %w", s, err)
	}
	for _, re := range sameAsPatterns {
		if re.MatchString(s) {
			return nil
		}
	}
	names := make([]string, len(vocab.SameAsAuthorities))
	for i, a := range vocab.SameAsAuthorities {
		names[i] = a.Name + " (" + a.Example + ")"
	}
	return fmt.Errorf("%q is not an IRI of a known authority; use one of: %s", s, strings.Join(names, "; "))
}
