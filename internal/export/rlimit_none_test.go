//go:build !linux && !darwin

package export_test

import "errors"

// limitFileSize: RLIMIT_FSIZE is used on Linux and macOS only (elsewhere its type differs or it
// does not exist).
func limitFileSize(uint64) error { return errors.ErrUnsupported }
