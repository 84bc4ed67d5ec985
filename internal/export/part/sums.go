package part

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/stage"
)

// SumsName is the file of SHA-256 sums of the exports.
const SumsName = stage.SumsName

// Sums is the part that writes SHA256SUMS: one line per file, "<hex>  <name>" as sha256sum
// prints it (so `sha256sum -c SHA256SUMS` checks a download), sorted by name. Every file it
// is given must be in the staging folder when it finishes; it is meant to finish last.
type Sums struct {
	files   []string
	digests *stage.Digests
}

// NewSums returns the part writing SHA256SUMS for files.
func NewSums(files []string, digests *stage.Digests) *Sums {
	return &Sums{files: slices.Clone(files), digests: digests}
}

// Start does nothing: the sums are of finished files.
func (s *Sums) Start(*stage.Staging) error { return nil }

// Add does nothing: the sums are of finished files.
func (s *Sums) Add(*pipeline.Item) error { return nil }

// Finish writes SHA256SUMS.
func (s *Sums) Finish(st *stage.Staging) error {
	names := slices.Clone(s.files)
	slices.Sort(names)
	names = slices.Compact(names)
	var b strings.Builder
	for _, name := range names {
		dg, err := s.digests.Of(st, name)
		if err != nil {
			return err
		}
		// sha256sum marks names with a backslash, a newline or a CR specially; ours have none.
		if strings.ContainsAny(name, "\\\n\r") {
			return fmt.Errorf("%w: %q", stage.ErrBadName, name)
		}
		fmt.Fprintf(&b, "%s  %s\n", dg.Hex(), name)
	}
	return st.WriteFile(SumsName, []byte(b.String()))
}
