//go:build !linux && !darwin

package stage

import "errors"

// exchangeDirs has no atomic swap of two folders to call here (Windows, the BSDs): Commit moves
// the old folder aside, then the new one in.
func exchangeDirs(a, b string) error { return errors.ErrUnsupported }
