//go:build !unix

package bench

import "os"

// peakRSS is unknown where there is no getrusage.
func peakRSS(*os.ProcessState) int64 { return 0 }

// flushDisks does nothing where there is no sync(2).
func flushDisks() {}

// selfPeakRSS is unknown where there is no getrusage.
func selfPeakRSS() int64 { return 0 }
