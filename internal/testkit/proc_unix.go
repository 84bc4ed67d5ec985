//go:build unix && !linux

package testkit

import (
	"os"
	"syscall"
)

// serverProcAttr starts a test server in its own process group, which keeps a terminal's Ctrl-C
// for the test binary (it stops the server itself). These systems have no Pdeathsig: a test
// binary killed outright leaves the server to be stopped by hand.
func serverProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// stopSignal asks a test server to stop.
func stopSignal(p *os.Process) error { return p.Signal(syscall.SIGTERM) }
