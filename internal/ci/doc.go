// Package ci holds the checks of the project's CI configuration: its tests run actionlint (a Go
// tool dependency, `go tool actionlint`) on .github/workflows and show that it catches a broken
// workflow.
package ci
