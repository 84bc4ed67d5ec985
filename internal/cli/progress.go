package cli

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Bar draws load's progress bar on a terminal, redrawing one line at most ten times a second. Only
// give it a terminal: it writes carriage returns.
type Bar struct {
	W     io.Writer
	total int64
	done  int64
	start time.Time
	last  time.Time
	drawn bool
}

// NewBar returns a Bar writing to w; it follows a load as a store.Progress.
func NewBar(w io.Writer) *Bar { return &Bar{W: w} }

// Start begins the bar.
func (b *Bar) Start(total int64) {
	b.total, b.start = total, time.Now()
	b.draw()
}

// Add counts n more triples sent.
func (b *Bar) Add(n int64) {
	b.done += n
	if time.Since(b.last) >= 100*time.Millisecond || b.done >= b.total {
		b.draw()
	}
}

// Finish ends the bar's line.
func (b *Bar) Finish() {
	if b.drawn {
		b.draw()
		fmt.Fprintln(b.W)
	}
}

const barWidth = 30

func (b *Bar) draw() {
	b.last, b.drawn = time.Now(), true
	frac := 1.0
	if b.total > 0 {
		frac = min(float64(b.done)/float64(b.total), 1)
	}
	fill := int(frac * barWidth)
	rate := ""
	if s := time.Since(b.start).Seconds(); s > 0.2 {
		rate = fmt.Sprintf("  %s triples/s", thousands(int64(float64(b.done)/s)))
	}
	fmt.Fprintf(b.W, "\r[%s%s] %3.0f%% %s/%s triples%s\x1b[K",
		strings.Repeat("#", fill), strings.Repeat(".", barWidth-fill), frac*100,
		thousands(b.done), thousands(b.total), rate)
}

// thousands writes n with comma separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
