package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// helperEnv makes the test binary a child for Measure to measure, instead of running the tests.
const helperEnv = "COOPGRAPH_BENCH_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "alloc":
		// Touch every page of 96 MiB, so that it is resident.
		b := make([]byte, 96<<20)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		fmt.Println("allocated", len(b))
		runtime.KeepAlive(b)
	case "fail":
		fmt.Fprintln(os.Stderr, "something went wrong")
		os.Exit(3)
	}
}

func helper(t *testing.T, mode string) Command {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return Command{Path: exe, Env: append(os.Environ(), helperEnv+"="+mode)}
}

func TestMeasure(t *testing.T) {
	c := helper(t, "alloc")
	c.Stdout = filepath.Join(t.TempDir(), "out.txt")
	m, err := Measure(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if m.Wall <= 0 || m.CPU <= 0 {
		t.Errorf("wall time %v, CPU time %v", m.Wall, m.CPU)
	}
	if runtime.GOOS == "linux" && m.PeakRSS < 96<<20 {
		t.Errorf("peak RSS %d bytes, want at least the 96 MiB the child touched", m.PeakRSS)
	}
	if b, err := os.ReadFile(c.Stdout); err != nil || string(b) != fmt.Sprintln("allocated", 96<<20) {
		t.Errorf("stdout file: %q, %v", b, err)
	}
}

func TestMeasureFailure(t *testing.T) {
	_, err := Measure(context.Background(), helper(t, "fail"))
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "something went wrong") {
		t.Errorf("want the exit status and the stderr in the error, got %v", err)
	}
}

func TestTailBuffer(t *testing.T) {
	var b tailBuffer
	b.Write([]byte("start\n"))
	if b.String() != "start\n" {
		t.Errorf("got %q", b.String())
	}
	b.Write([]byte(strings.Repeat("x", stderrTail)))
	b.Write([]byte("end\n"))
	s := b.String()
	if !strings.HasPrefix(s, "…x") || !strings.HasSuffix(s, "xend\n") || len(s) != len("…")+stderrTail {
		t.Errorf("got %d bytes, %.10q…%q", len(s), s, s[len(s)-10:])
	}
	var big tailBuffer
	big.Write([]byte("a" + strings.Repeat("y", stderrTail)))
	if s := big.String(); s != "…"+strings.Repeat("y", stderrTail) {
		t.Errorf("one large write: got %d bytes", len(s))
	}
}
