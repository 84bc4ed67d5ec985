//go:build !linux

package cli

import (
	"os"
	"testing"
)

// openTerminal: pseudo-terminals are opened here with Linux's ioctls only.
func openTerminal(t *testing.T) *os.File {
	t.Helper()
	t.Skip("skipped: opening a pseudo-terminal is implemented for Linux only")
	return nil
}
