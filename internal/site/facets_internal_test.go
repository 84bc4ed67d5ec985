package site

import (
	"strings"
	"testing"
)

// TestPlanIndex: index.html loads every set's index up to IndexLimit co-ops in all; past it,
// the directory's only, with a note that says so (export prints it).
func TestPlanIndex(t *testing.T) {
	mk := func(ds *Dataset, n int) *set { return &set{ds: ds, rows: make([]row, n)} }
	for _, tc := range []struct {
		name          string
		dir, a, b     int
		loaded, shown int
		note          bool
	}{
		{"small", 23, 300, 7000, 3, 7323, false},
		{"at the limit", 5000, 10000, IndexLimit - 15000, 3, IndexLimit, false},
		{"past it", 5000, 10000, IndexLimit - 14999, 1, 5000, true},
		{"a directory past it alone", IndexLimit + 1, 0, 0, 1, IndexLimit + 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sets := []*set{mk(nil, tc.dir)}
			if tc.a > 0 {
				sets = append(sets, mk(&Dataset{Name: "a"}, tc.a), mk(&Dataset{Name: "b"}, tc.b))
			}
			p := planIndex(sets)
			if len(p.sets) != tc.loaded || p.shown != tc.shown || p.total != tc.dir+tc.a+tc.b {
				t.Errorf("loads %d sets, %d of %d co-ops; want %d sets, %d co-ops", len(p.sets), p.shown, p.total, tc.loaded, tc.shown)
			}
			if (len(p.notes) > 0) != tc.note {
				t.Errorf("notes %q", p.notes)
			}
			for _, n := range p.notes {
				if !strings.Contains(n, "datasets/<name>.html") || !strings.Contains(n, "--site=false") {
					t.Errorf("the note does not say what to do: %q", n)
				}
			}
		})
	}
}

// TestChart: a chart draws at most chartBars bars, the last summing the rest, and describes
// every bar in its description; its bytes depend on the counts only.
func TestChart(t *testing.T) {
	s := &set{}
	for i := range 30 {
		for range i + 1 {
			s.rows = append(s.rows, row{Country: string(rune('A'+i%26)) + string(rune('A'+i/26))})
		}
	}
	c := makeChart([]*set{s}, facetCountry, Vocabulary(), "chart-")
	if len(c.Bars) != chartBars || c.Bars[0].N != 30 || c.Bars[0].Full != "DB" {
		t.Fatalf("bars: %+v", c.Bars)
	}
	last := c.Bars[len(c.Bars)-1]
	others := 0
	for n := 1; n <= 30-(chartBars-1); n++ {
		others += n
	}
	if last.Full != "19 others" || last.N != others {
		t.Errorf("the last bar is %q %d, want 19 others %d", last.Full, last.N, others)
	}
	if len(c.Counts) != 30 {
		t.Errorf("the table has %d rows", len(c.Counts))
	}
	for _, b := range c.Bars {
		if !strings.Contains(c.Desc, b.Full) || b.W < 1 || b.W > chartBarW {
			t.Errorf("bar %+v (desc %q)", b, c.Desc)
		}
	}
	if makeChart([]*set{{rows: []row{{}}}}, facetCountry, Vocabulary(), "") != nil {
		t.Error("a chart of no values")
	}
}

func TestEndsScript(t *testing.T) {
	for doc, want := range map[string]bool{
		`{"name": "a"}`:                  false,
		`{"name": "a < b"}`:              false,
		`{"name": "<scrip"}`:             false,
		`{"name": "</scrip"}`:            false,
		`{"name": "<"}`:                  false,
		`{"name": "<!-"}`:                false,
		`{"name": "</sCrIpT>"}`:          true,
		`{"name": "<SCRIPT src=x>"}`:     true,
		`{"name": "a <!-- b"}`:           true,
		`{"name": "x</script"}`:          true,
		`{"name": "<< </ <script"}`:      true,
		"{\"name\": \"</scr\u0130pt>\"}": false, // İ is not an ASCII letter: no end tag to a browser
	} {
		if got := endsScript([]byte(doc)); got != want {
			t.Errorf("endsScript(%q) = %v, want %v", doc, got, want)
		}
	}
}
