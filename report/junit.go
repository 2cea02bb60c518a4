package report

import (
	"encoding/xml"
	"io"
	"slices"
	"strings"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/rule"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// passName names the passing test case of a rule with no findings.
const passName = "(no findings)"

// JUnit writes the report as JUnit XML for CI dashboards: one test suite
// per concern; in it, one failing test case per finding (class name the
// rule ID, name the resource address), a skipped one per suppressed
// finding, an error for a rule that failed to run, and one passing test case
// for each rule with no findings, so dashboards show what was checked. Load
// warnings, such as a module that was not analysed, come last as skipped
// test cases of a "diagnostics" suite.
func JUnit(w io.Writer, a *Audit, _ Options) error {
	byRule := map[string][]rule.Finding{}
	for _, f := range findings(a) {
		byRule[f.RuleID] = append(byRule[f.RuleID], f)
	}
	failed := failedRules(a)
	metas := slices.Clone(a.Result.Rules)
	ran := map[string]bool{}
	for _, m := range metas {
		ran[m.ID] = true
	}
	for _, f := range findings(a) {
		if !ran[f.RuleID] {
			ran[f.RuleID] = true
			metas = append(metas, rule.Meta{ID: f.RuleID, Severity: f.Severity, Concern: f.Concern})
		}
	}

	suites := map[rule.Concern]*junitSuite{}
	for _, m := range metas {
		s := suites[m.Concern]
		if s == nil {
			s = &junitSuite{Name: string(m.Concern)}
			suites[m.Concern] = s
		}
		if detail, ok := failed[m.ID]; ok {
			s.add(junitCase{Name: "(rule failed)", Classname: m.ID, Error: &junitProblem{
				Message: "rule " + m.ID + " failed: " + detail, Type: "error", Text: detail,
			}})
		}
		fs := byRule[m.ID]
		for _, f := range fs {
			s.add(junitCaseOf(f))
		}
		if _, bad := failed[m.ID]; len(fs) == 0 && !bad {
			s.add(junitCase{Name: passName, Classname: m.ID})
		}
	}

	out := junitSuites{Name: "plimsoll audit"}
	for _, c := range concernOrder(suites) {
		out.Suites = append(out.Suites, *suites[c])
	}
	if len(a.Diagnostics) > 0 {
		s := junitSuite{Name: "diagnostics"}
		ds := slices.Clone(a.Diagnostics)
		ds.Sort()
		for _, d := range ds {
			c := junitCase{Name: diagText(d), Classname: "diagnostics", File: d.Pos.File, Line: d.Pos.Line}
			if p := d.Pos.String(); p != "" {
				c.Name = p + ": " + c.Name
			}
			if d.Severity == diag.Error {
				c.Error = &junitProblem{Message: diagText(d), Type: "error", Text: d.Error()}
			} else {
				c.Skipped = &junitSkipped{Message: "warning: " + diagText(d)}
			}
			s.add(c)
		}
		out.Suites = append(out.Suites, s)
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func (s *junitSuite) add(c junitCase) {
	s.Cases = append(s.Cases, c)
	s.Tests++
	switch {
	case c.Failure != nil:
		s.Failures++
	case c.Error != nil:
		s.Errors++
	case c.Skipped != nil:
		s.Skipped++
	}
}

func junitCaseOf(f rule.Finding) junitCase {
	c := junitCase{Name: f.Address.String(), Classname: f.RuleID, File: f.Pos.File, Line: f.Pos.Line}
	if f.Address.IsZero() {
		c.Name = firstNonEmpty(location(f.Pos), f.Message)
	}
	msg := firstNonEmpty(f.Message, f.Title)
	if s := f.Suppressed; s != nil {
		skip := "suppressed"
		if s.Source != "" {
			skip += " by " + s.Source
		}
		if s.Reason != "" {
			skip += ": " + s.Reason
		}
		c.Skipped = &junitSkipped{Message: skip}
		return c
	}
	var body strings.Builder
	body.WriteString(strings.ToUpper(f.Severity.String()) + " " + f.RuleID)
	if !f.Address.IsZero() {
		body.WriteString(" " + f.Address.String())
	}
	body.WriteString("\n")
	if loc := location(f.Pos); loc != "" {
		body.WriteString(loc + "\n")
	}
	body.WriteString(msg + "\n")
	if f.Remediation != "" {
		body.WriteString("fix: " + f.Remediation + "\n")
	}
	c.Failure = &junitProblem{Message: msg, Type: f.Severity.String(), Text: body.String()}
	return c
}

// concernOrder lists the concerns present in documentation order, then
// any others by name.
func concernOrder(present map[rule.Concern]*junitSuite) []rule.Concern {
	var out []rule.Concern
	for _, c := range rule.Concerns {
		if present[c] != nil {
			out = append(out, c)
		}
	}
	var rest []rule.Concern
	for c := range present {
		if !slices.Contains(rule.Concerns, c) {
			rest = append(rest, c)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}
