package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/rule"
)

// Audit is everything a report shows about one run of `plimsoll audit`.
type Audit struct {
	// Version is the version of plimsoll that produced the report.
	Version string
	// Inputs are the paths audited, as the report should name them.
	Inputs []string
	// Resources is the number of resources in the audited graph.
	Resources int
	// Result holds the findings (suppressed ones included), the rules that
	// ran and the problems running them.
	Result rule.Result
	// Diagnostics are problems found while loading the inputs and the
	// configuration that did not stop the audit (warnings such as a module
	// that was not analysed).
	Diagnostics diag.Diagnostics
	// ConfigFile is the .plimsoll.yaml the run used, as positions name it;
	// empty when there was none. Suppressions whose source lies in it came
	// from the configuration, the others from inline comments.
	ConfigFile string
}

// Options tune how a report looks. They never change what it says.
type Options struct {
	// Color adds ANSI colours to text output. The caller decides (a terminal,
	// NO_COLOR unset); writers never look at the environment.
	Color bool
	// Width wraps long text lines at this many columns; 0 does not wrap.
	Width int
	// ShowSuppressed lists suppressed findings in text output too. Machine
	// formats always carry them, marked as suppressed.
	ShowSuppressed bool
}

// Writer renders an audit to w.
type Writer func(w io.Writer, a *Audit, o Options) error

// Formats returns the names of the report formats, the default first.
func Formats() []string { return []string{"text", "json", "sarif", "junit"} }

// Lookup returns the writer for a format name.
func Lookup(format string) (Writer, bool) {
	switch format {
	case "text":
		return Text, true
	case "json":
		return JSON, true
	case "sarif":
		return SARIF, true
	case "junit":
		return JUnit, true
	}
	return nil, false
}

// Summary counts what an audit found.
type Summary struct {
	// Findings is the number of active (not suppressed) findings.
	Findings int
	// BySeverity counts active findings per severity.
	BySeverity map[rule.Severity]int
	// Suppressed is the number of findings an ignore silenced.
	Suppressed int
	// Rules is the number of rules that ran.
	Rules int
	// Resources is the number of resources audited.
	Resources int
	// Errors and Warnings count the diagnostics of the run.
	Errors, Warnings int
}

// Summarize counts the findings, rules and diagnostics of a.
func Summarize(a *Audit) Summary {
	s := Summary{
		BySeverity: make(map[rule.Severity]int, len(rule.Severities)),
		Rules:      len(a.Result.Rules),
		Resources:  a.Resources,
	}
	for _, f := range a.Result.Findings {
		if f.Suppressed != nil {
			s.Suppressed++
			continue
		}
		s.Findings++
		s.BySeverity[f.Severity]++
	}
	for _, d := range diagnostics(a) {
		if d.Severity == diag.Error {
			s.Errors++
		} else {
			s.Warnings++
		}
	}
	return s
}

// String renders the summary as the last line of a text report:
// "12 findings (2 critical, 3 high, 5 medium, 2 low), 3 suppressed, 41 rules, 87 resources".
func (s Summary) String() string {
	var b strings.Builder
	b.WriteString(plural(s.Findings, "finding"))
	var parts []string
	for _, sev := range slices.Backward(rule.Severities) {
		if n := s.BySeverity[sev]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	if s.Suppressed > 0 {
		fmt.Fprintf(&b, ", %d suppressed", s.Suppressed)
	}
	fmt.Fprintf(&b, ", %s, %s", plural(s.Rules, "rule"), plural(s.Resources, "resource"))
	return b.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// findings returns a's findings in report order — severity (worst first),
// file, line, rule, address, message: rule.SortFindings' order — without
// touching the caller's slice. Addresses are rendered once and pointers
// sorted, not the findings themselves: big audits have tens of thousands.
func findings(a *Audit) []rule.Finding {
	type keyed struct {
		f    *rule.Finding
		addr string
	}
	ks := make([]keyed, len(a.Result.Findings))
	for i := range a.Result.Findings {
		f := &a.Result.Findings[i]
		ks[i] = keyed{f, f.Address.String()}
	}
	slices.SortStableFunc(ks, func(x, y keyed) int {
		a, b := x.f, y.f
		if a.Severity != b.Severity {
			return int(b.Severity - a.Severity)
		}
		if c := strings.Compare(a.Pos.File, b.Pos.File); c != 0 {
			return c
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		if c := strings.Compare(x.addr, y.addr); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	out := make([]rule.Finding, len(ks))
	for i, k := range ks {
		out[i] = *k.f
	}
	return out
}

// diagnostics returns the load and rule diagnostics together, sorted.
func diagnostics(a *Audit) diag.Diagnostics {
	ds := make(diag.Diagnostics, 0, len(a.Diagnostics)+len(a.Result.Diagnostics))
	ds = append(ds, a.Diagnostics...)
	ds = append(ds, a.Result.Diagnostics...)
	ds.Sort()
	return ds
}

// failedRules maps the ID of each rule whose check failed to the first line
// of what went wrong, so reports do not show those rules as passing.
func failedRules(a *Audit) map[string]string {
	failed := map[string]string{}
	for _, d := range a.Result.Diagnostics {
		if d.Rule != "" {
			failed[d.Rule] = firstLine(d.Detail)
		}
	}
	return failed
}

// firstLine drops everything after the first line break: a rule's panic
// detail carries a stack trace, which belongs in a bug report, not in
// front of the user.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// suppressionKind tells an inline ignore comment from an entry in the
// configuration file.
func suppressionKind(a *Audit, s *rule.Suppression) string {
	if a.ConfigFile != "" && (s.Source == a.ConfigFile || strings.HasPrefix(s.Source, a.ConfigFile+":")) {
		return "config"
	}
	return "inline"
}

// location renders a finding's file:line, or "" when it has no position.
func location(p diag.Pos) string {
	if p.File == "" {
		return ""
	}
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}
