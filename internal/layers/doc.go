// Package layers holds no code: its test checks the import rules of the module's packages (a
// leaf stays a leaf, nothing flows backwards along the data flow), so that a change that breaks
// them fails `go test` instead of being found by reading `go list -deps`.
package layers
