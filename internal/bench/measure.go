package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Command is one program to run and measure.
type Command struct {
	Path string   // the program
	Args []string // its arguments, without the program's name
	Dir  string   // its working folder ("" for the current one)
	Env  []string // its environment (nil for the harness's own)
	// Stdout is the file the program's standard output is written to ("" discards it). The file
	// itself is the child's descriptor, so the harness copies nothing and costs the child nothing.
	Stdout string
}

// String returns the command line, for messages.
func (c Command) String() string {
	s := c.Path
	if len(c.Args) > 0 {
		s += " " + strings.Join(c.Args, " ")
	}
	if c.Stdout != "" {
		s += " > " + c.Stdout
	}
	return s
}

// Measurement is what one run of a program cost.
type Measurement struct {
	Wall    time.Duration // from start to exit
	CPU     time.Duration // the child's user and system time, with its waited-for children's
	PeakRSS int64         // the child's peak resident set size in bytes (0 where unknown)
	Stderr  string        // the end of its standard error (at most stderrTail bytes)
}

// stderrTail bounds the standard error kept of a run: enough for a diagnosis, while a tool
// that warns on every line of a 5 GB file cannot fill the harness's memory.
const stderrTail = 64 << 10

// Measure runs c to completion and returns its wall time and peak RSS. A run that does not
// exit 0 is an error that quotes the end of its standard error.
func Measure(ctx context.Context, c Command) (Measurement, error) {
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	cmd.Dir = c.Dir
	cmd.Env = c.Env
	// Once the program is killed (ctx done), a descendant that still holds its stderr must not
	// hold Wait too.
	cmd.WaitDelay = 5 * time.Second
	var out *os.File
	if c.Stdout != "" {
		f, err := os.Create(c.Stdout)
		if err != nil {
			return Measurement{}, err
		}
		out = f
		cmd.Stdout = f
	}
	var errb tailBuffer
	cmd.Stderr = &errb
	start := time.Now()
	err := cmd.Run()
	m := Measurement{Wall: time.Since(start), Stderr: errb.String()}
	if cmd.ProcessState != nil {
		m.PeakRSS = peakRSS(cmd.ProcessState)
		m.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if out != nil {
		if cerr := out.Close(); err == nil && cerr != nil {
			return m, fmt.Errorf("%s: %w", c.Stdout, cerr)
		}
	}
	if err != nil {
		return m, fmt.Errorf("%s: %w\n%s", c, err, m.Stderr)
	}
	return m, nil
}

// tailBuffer keeps the last stderrTail bytes written to it.
type tailBuffer struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	lost bool
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	if len(p) > stderrTail {
		p = p[len(p)-stderrTail:]
		t.lost = true
	}
	if over := t.buf.Len() + len(p) - stderrTail; over > 0 {
		t.buf.Next(over)
		t.lost = true
	}
	t.buf.Write(p)
	return n, nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lost {
		return "…" + t.buf.String()
	}
	return t.buf.String()
}
