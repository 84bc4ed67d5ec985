package testkit

import (
	"os"
	"syscall"
)

// serverProcAttr: Windows starts a test server with the defaults (no process groups or death
// signals as on Unix).
func serverProcAttr() *syscall.SysProcAttr { return nil }

// stopSignal stops a test server: Windows has no SIGTERM, so it is killed.
func stopSignal(p *os.Process) error { return p.Kill() }
