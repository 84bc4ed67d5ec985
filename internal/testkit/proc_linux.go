package testkit

import (
	"os"
	"syscall"
)

// serverProcAttr starts a test server in its own process group, which keeps a terminal's Ctrl-C
// for the test binary (it stops the server itself); Pdeathsig stops the server should the test
// binary die without cleaning up.
func serverProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// stopSignal asks a test server to stop.
func stopSignal(p *os.Process) error { return p.Signal(syscall.SIGTERM) }
