package stage

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestLockInProcess: while a run holds a folder, a second Begin fails with ErrLocked and leaves
// the first's staging folder alone; Commit and Abort free the folder and remove the lock file.
func TestLockInProcess(t *testing.T) {
	tests := []struct {
		name string
		end  func(*Staging) error
	}{
		{"commit", (*Staging).Commit},
		{"abort", func(s *Staging) error { s.Abort(); return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "exports")
			first, err := Begin(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := first.WriteFile("coops.ttl", []byte("first\n")); err != nil {
				t.Fatal(err)
			}
			if _, err := Begin(out); !errors.Is(err, ErrLocked) {
				t.Fatalf("a second Begin while the first runs: %v, want ErrLocked", err)
			}
			CleanStale(out) // must not take the running export's staging folder
			if _, err := os.Stat(first.Dir()); err != nil {
				t.Fatalf("the first run's staging folder is gone: %v", err)
			}
			if err := tt.end(first); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(LockName(out)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the lock file is left: %v", err)
			}
			second, err := Begin(out)
			if err != nil {
				t.Fatalf("Begin after the first run ended: %v", err)
			}
			second.Abort()
		})
	}
}

// TestLockWait: a run told to wait says so once, waits while the first writes and commits, then
// gets the folder; a cancelled wait fails with the context's error.
func TestLockWait(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "exports")
	first, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan string, 2)
	got := make(chan error, 1)
	go func() {
		st, err := BeginWith(out, Options{Wait: true, Waiting: func(p string) { waiting <- p }})
		if err == nil {
			err = st.WriteFile("coops.ttl", []byte("second\n"))
		}
		if err == nil {
			err = st.Commit()
		}
		got <- err
	}()
	select {
	case p := <-waiting:
		if p != LockName(out) {
			t.Errorf("waiting on %s, want %s", p, LockName(out))
		}
	case err := <-got:
		t.Fatalf("the second run did not wait for the first: %v", err)
	}
	select {
	case err := <-got:
		t.Fatalf("the second run did not wait: %v", err)
	case <-time.After(3 * lockPoll):
	}
	first.WriteFile("coops.ttl", []byte("first\n"))
	if err := first.Commit(); err != nil {
		t.Fatalf("the first run failed while the second waited: %v", err)
	}
	if err := <-got; err != nil {
		t.Fatalf("the second run: %v", err)
	}
	if len(waiting) != 0 {
		t.Error("Waiting was called more than once")
	}
	if read(t, filepath.Join(out, "coops.ttl")) != "second\n" {
		t.Error("the second run's files are not in place")
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"exports"}) {
		t.Errorf("left beside the folder: %v", got)
	}

	held, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Abort()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := BeginWith(out, Options{Wait: true, Context: ctx}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled wait: %v", err)
	}
}

// TestLockTwoProcesses holds the folder in another process: Begin here fails with ErrLocked;
// once that process is killed (-9: no chance to clean up), the system frees the lock, and the
// next Begin takes the folder and removes the killed run's staging folder.
func TestLockTwoProcesses(t *testing.T) {
	if os.Getenv("COOPGRAPH_LOCK_HELPER") != "" {
		return
	}
	out := filepath.Join(t.TempDir(), "exports")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "COOPGRAPH_LOCK_HELPER="+out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	sc := bufio.NewScanner(stdout)
	var staged string
	for sc.Scan() {
		if s, ok := strings.CutPrefix(sc.Text(), "staged "); ok {
			staged = s
			break
		}
	}
	if staged == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the helper process did not take the folder")
	}
	t.Logf("the helper process stages in %s", staged)
	if _, err := Begin(out); !errors.Is(err, ErrLocked) {
		t.Errorf("Begin while another process holds the folder: %v, want ErrLocked", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	st, err := BeginWith(out, Options{Wait: true})
	if err != nil {
		t.Fatalf("Begin after the holder was killed: %v", err)
	}
	defer st.Abort()
	if _, err := os.Stat(staged); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's staging folder %s is left: %v", staged, err)
	}
}

// TestLockHelper is the other process of TestLockTwoProcesses: it takes the folder, says where
// it stages, and holds it until stdin closes or it is killed.
func TestLockHelper(t *testing.T) {
	out := os.Getenv("COOPGRAPH_LOCK_HELPER")
	if out == "" {
		t.Skip("the helper process of TestLockTwoProcesses")
	}
	st, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("staged " + st.Dir() + "\n")
	bufio.NewReader(os.Stdin).ReadString('\n')
	st.Abort()
}
