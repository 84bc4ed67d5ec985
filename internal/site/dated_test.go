package site_test

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCoopPagesDateTheStatus: each co-op's page gives its status as of the date of the source
// it rests on ("Operating (as of 2017, per wiki.p2pfoundation.net)"), says when each source was
// read, and calls a GeoNames position the locality's, not the office's.
func TestCoopPagesDateTheStatus(t *testing.T) {
	out := realExports(t)
	m := model(t, dataDir())
	tags := regexp.MustCompile(`<[^>]*>`)
	if len(m.ids) == 0 {
		t.Fatal("no records")
	}
	placed := 0
	for _, id := range m.ids {
		r := m.records[id]
		t.Run(id, func(t *testing.T) {
			page := string(read(t, filepath.Join(out, "id", id+".html")))
			text := strings.Join(strings.Fields(tags.ReplaceAllString(page, " ")), " ")
			text = strings.ReplaceAll(text, " )", ")")
			text = strings.ReplaceAll(text, " ,", ",")
			if r.StatusSource == 0 {
				t.Fatalf("the record's status rests on no source")
			}
			u, err := url.Parse(r.Sources[r.StatusSource-1].URL)
			if err != nil {
				t.Fatal(err)
			}
			label := strings.ToUpper(r.Status[:1]) + r.Status[1:]
			want := label + " (as of " + r.StatusAsOf + ", per " + strings.TrimPrefix(u.Hostname(), "www.") + ")"
			if !strings.Contains(text, want) {
				t.Errorf("the page does not say %q", want)
			}
			for _, s := range r.Sources {
				if !strings.Contains(text, "read "+s.Accessed) {
					t.Errorf("the page does not say when %s was read", s.URL)
				}
			}
			if loc := r.Location; loc != nil && loc.GeoContainer != "" {
				placed++
				if !strings.Contains(text, "the locality's position (GeoNames), not the office's: latitude "+loc.Latitude+", longitude "+loc.Longitude) {
					t.Errorf("the page does not give the position as the locality's")
				}
			}
		})
	}
	if placed == 0 {
		t.Error("no co-op page shows a position")
	}
}
