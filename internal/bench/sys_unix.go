//go:build unix

package bench

import (
	"os"
	"runtime"
	"syscall"
)

// peakRSS returns the peak resident set size of an exited process in bytes: wait4's ru_maxrss,
// in KiB on Linux and the BSDs, in bytes on macOS. A shell that execs the program (jena.sh
// execs java) reports the program's peak: the kernel keeps the maximum across exec.
func peakRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}

// selfPeakRSS returns this process's own peak resident set size in bytes.
func selfPeakRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}

// flushDisks writes the page cache's dirty pages out before a timed step, so that a step does
// not pay for writing back the previous step's output (export writes ~9 GB at 1M records).
func flushDisks() { syscall.Sync() }
