//go:build !linux

package stage

// syncTree makes durable every file under dir, one fsync each (no syncfs here).
func syncTree(dir string) error { return syncFiles(dir) }
