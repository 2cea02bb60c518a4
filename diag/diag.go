package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a source file. Line and Column are 1-based; zero means
// unknown. A Pos with an empty File is unknown altogether.
type Pos struct {
	File   string
	Line   int
	Column int
}

// String renders the position as file:line:col, dropping parts that are
// unknown.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// IsZero reports whether the position is unknown.
func (p Pos) IsZero() bool { return p == Pos{} }

// Severity says whether a diagnostic stops the input from being used.
type Severity int

const (
	// Error means the input (or the part concerned) could not be used.
	Error Severity = iota + 1
	// Warning means the input was used but something was skipped or assumed.
	Warning
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "unknown"
}

// Diagnostic is one problem found in the input, or in running the rules
// over it.
type Diagnostic struct {
	Severity Severity
	Summary  string
	Detail   string
	Pos      Pos
	// Rule is the ID of the rule whose run the diagnostic is about (a rule
	// that failed), so reports can name the rule without parsing Summary.
	// It is empty for problems with the input.
	Rule string
}

// Error renders the diagnostic as "file:line:col: summary: detail".
func (d Diagnostic) Error() string {
	var b strings.Builder
	if p := d.Pos.String(); p != "" {
		b.WriteString(p)
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Summary)
	if d.Detail != "" {
		b.WriteString(": ")
		b.WriteString(d.Detail)
	}
	return b.String()
}

// Errorf returns an error diagnostic at pos.
func Errorf(pos Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Error, Summary: fmt.Sprintf(format, args...), Pos: pos}
}

// Warningf returns a warning diagnostic at pos.
func Warningf(pos Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Warning, Summary: fmt.Sprintf(format, args...), Pos: pos}
}

// Diagnostics is a list of diagnostics; the zero value is an empty list.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errs returns only the error diagnostics.
func (ds Diagnostics) Errs() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders diagnostics by file, line, column and summary so output is
// stable across runs.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Column != b.Pos.Column {
			return a.Pos.Column < b.Pos.Column
		}
		return a.Summary < b.Summary
	})
}

// Err returns the diagnostics as an error when there is at least one error
// among them, and nil otherwise. Each diagnostic takes one line.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return listError(ds.Errs())
}

type listError Diagnostics

func (e listError) Error() string {
	lines := make([]string, len(e))
	for i, d := range e {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}
