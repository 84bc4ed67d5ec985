package record

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/testkit"
)

// seedPage is the page the seed document is a copy of.
const seedPage = "https://wiki.p2pfoundation.net/Platform_Cooperatives"

// TestQuotesAreInTheSeed: every quote a record of the directory attributes to the seed page
// is in the seed document, word for word (up to line breaks and spacing), so that no record
// puts words in its source's mouth.
func TestQuotesAreInTheSeed(t *testing.T) {
	seed := collapse(testkit.SharedSeeds(t))
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(testkit.Root(), "data", "coops", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no records (%v)", err)
	}
	checked := 0
	for _, f := range files {
		doc, l := source.Load(f)
		if doc == nil {
			t.Fatal(l)
		}
		rec, l := Check(doc, v, Options{})
		if rec == nil {
			t.Fatal(l)
		}
		for _, s := range rec.Sources {
			if s.URL != seedPage {
				continue
			}
			checked++
			if !strings.Contains(seed, collapse(s.Quote)) {
				t.Errorf("%s: the quote is not in the seed document: %q", filepath.Base(f), s.Quote)
			}
		}
	}
	if checked < len(files) {
		t.Errorf("only %d quotes from the seed page for %d records", checked, len(files))
	}
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
