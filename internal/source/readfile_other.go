//go:build !linux

package source

// readFile reads a record file of at most MaxFileSize bytes (see readFilePortable).
func readFile(path string) ([]byte, string, error) { return readFilePortable(path) }
