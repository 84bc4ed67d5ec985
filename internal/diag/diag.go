// Package diag holds positions and diagnostics, and renders them for people (text with the
// source line and a caret), for tools (JSON) and for GitHub Actions (workflow annotations).
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Position is a place in a source file. Line and Col are 1-based (Col counts characters, not
// bytes); Offset is the 0-based byte offset. The zero Position means "the whole file".
type Position struct {
	Line   int `json:"line,omitempty"`
	Col    int `json:"col,omitempty"`
	Offset int `json:"offset,omitempty"`
}

// IsValid reports whether p points at a line.
func (p Position) IsValid() bool { return p.Line > 0 }

// Severity says whether a diagnostic blocks the export.
type Severity int

// Severities. An Error makes validate and export fail; a Warning is reported and allowed.
const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText makes a Severity read as "error" or "warning" in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem found in one file.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Pos      Position `json:"position"`
	// Field is the path of the offending value in the record, as "sectors[1]" or
	// "location.country"; empty for problems with the file as a whole.
	Field string `json:"field,omitempty"`
	// Code names the kind of problem ("enum", "required", "yaml", "duplicate-id", …) so that
	// tools can filter on it.
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error renders the diagnostic on one line: file:line:col: field: message.
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Pos.IsValid() {
		fmt.Fprintf(&b, ":%d:%d", d.Pos.Line, d.Pos.Col)
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	if d.Field != "" {
		b.WriteString(d.Field)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// List is a set of diagnostics. Its Error method makes a non-empty list usable as an error.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Errorf appends an error diagnostic.
func (l *List) Errorf(file string, pos Position, field, code, format string, args ...any) {
	l.Add(Diagnostic{Severity: Error, File: file, Pos: pos, Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning diagnostic.
func (l *List) Warnf(file string, pos Position, field, code, format string, args ...any) {
	l.Add(Diagnostic{Severity: Warning, File: file, Pos: pos, Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Counts returns the number of errors and of warnings.
func (l List) Counts() (errs, warns int) {
	for _, d := range l {
		if d.Severity == Error {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// Sort puts the list in its one deterministic order: by file, line, column, field, code,
// message; identical diagnostics are dropped.
func (l *List) Sort() {
	slices.SortFunc(*l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Message, b.Message),
			cmp.Compare(a.Severity, b.Severity),
		)
	})
	*l = slices.Compact(*l)
}

// Error joins the diagnostics, one per line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}
