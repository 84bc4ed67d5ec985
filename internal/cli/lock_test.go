package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/stage"
)

// syncBuffer is a bytes.Buffer that a test reads while a command writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestExportLocked: while another export holds the output folder, export fails at once with
// exit 3 and a message naming the lock and --wait; export --wait says it waits, and writes the
// folder once the other is done.
func TestExportLocked(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "exports")
	held, err := stage.Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Abort()

	r := run(t, dir, "export", "--out", "exports", dataDir())
	if r.code != ExitFailure || !strings.Contains(r.stderr, stage.LockName(out)) || !strings.Contains(r.stderr, "--wait") {
		t.Fatalf("export while the folder is held: exit %d, stderr %q", r.code, r.stderr)
	}

	var stderr syncBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr, Dir: dir, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- Run(context.Background(), []string{"coopgraph", "export", "--wait", "--out", "exports", dataDir()}, env)
	}()
	for !strings.Contains(stderr.String(), "waiting for the export already writing exports") {
		select {
		case code := <-done:
			t.Fatalf("export --wait did not wait: exit %d, stderr %q", code, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	held.Abort()
	if code := <-done; code != ExitOK {
		t.Fatalf("export --wait: exit %d, stderr %q", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "wrote ") {
		t.Errorf("stderr %q", stderr.String())
	}
}
