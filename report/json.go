package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/plimsoll/plimsoll/rule"
)

// JSONSchema names the version of the JSON report's shape. Fields may be
// added within a version; renaming or removing one makes a new version.
// docs/audit-json.md documents it.
const JSONSchema = "plimsoll.audit/v1"

type jsonReport struct {
	Schema      string           `json:"schema"`
	Tool        jsonTool         `json:"tool"`
	Inputs      []string         `json:"inputs"`
	Summary     jsonSummary      `json:"summary"`
	Findings    []jsonFinding    `json:"findings"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Rules       []jsonRule       `json:"rules"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSummary struct {
	Findings   int        `json:"findings"`
	BySeverity jsonCounts `json:"by_severity"`
	Suppressed int        `json:"suppressed"`
	Rules      int        `json:"rules"`
	Resources  int        `json:"resources"`
	Errors     int        `json:"errors"`
	Warnings   int        `json:"warnings"`
}

// jsonCounts counts active findings per severity, worst first.
type jsonCounts struct {
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
}

type jsonFinding struct {
	RuleID      string          `json:"rule_id"`
	Title       string          `json:"title"`
	Severity    string          `json:"severity"`
	Concern     string          `json:"concern"`
	Address     string          `json:"address,omitempty"`
	File        string          `json:"file,omitempty"`
	Line        int             `json:"line,omitempty"`
	Column      int             `json:"column,omitempty"`
	Message     string          `json:"message"`
	Remediation string          `json:"remediation"`
	Suppressed  *jsonSuppressed `json:"suppressed,omitempty"`
}

type jsonSuppressed struct {
	Reason string `json:"reason"`
	Source string `json:"source"`
	Kind   string `json:"kind"`
}

type jsonDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Rule     string `json:"rule,omitempty"`
}

type jsonRule struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	Concern  string `json:"concern"`
}

// JSON writes the report as one JSON document in the plimsoll.audit/v1
// schema. Suppressed findings are included, with their suppression. Lists
// are never null, so consumers can iterate without checks.
func JSON(w io.Writer, a *Audit, _ Options) error {
	s := Summarize(a)
	r := jsonReport{
		Schema: JSONSchema,
		Tool:   jsonTool{Name: "plimsoll", Version: a.Version},
		Inputs: append([]string{}, a.Inputs...),
		Summary: jsonSummary{
			Findings: s.Findings,
			BySeverity: jsonCounts{
				Critical: s.BySeverity[rule.Critical],
				High:     s.BySeverity[rule.High],
				Medium:   s.BySeverity[rule.Medium],
				Low:      s.BySeverity[rule.Low],
			},
			Suppressed: s.Suppressed,
			Rules:      s.Rules,
			Resources:  s.Resources,
			Errors:     s.Errors,
			Warnings:   s.Warnings,
		},
		Findings:    []jsonFinding{},
		Diagnostics: []jsonDiagnostic{},
		Rules:       []jsonRule{},
	}
	for _, f := range findings(a) {
		jf := jsonFinding{
			RuleID:      f.RuleID,
			Title:       f.Title,
			Severity:    f.Severity.String(),
			Concern:     string(f.Concern),
			File:        f.Pos.File,
			Line:        f.Pos.Line,
			Column:      f.Pos.Column,
			Message:     f.Message,
			Remediation: f.Remediation,
		}
		if !f.Address.IsZero() {
			jf.Address = f.Address.String()
		}
		if sp := f.Suppressed; sp != nil {
			jf.Suppressed = &jsonSuppressed{Reason: sp.Reason, Source: sp.Source, Kind: suppressionKind(a, sp)}
		}
		r.Findings = append(r.Findings, jf)
	}
	for _, d := range diagnostics(a) {
		r.Diagnostics = append(r.Diagnostics, jsonDiagnostic{
			Severity: d.Severity.String(),
			Summary:  d.Summary,
			Detail:   firstLine(d.Detail),
			File:     d.Pos.File,
			Line:     d.Pos.Line,
			Column:   d.Pos.Column,
			Rule:     d.Rule,
		})
	}
	for _, m := range a.Result.Rules {
		r.Rules = append(r.Rules, jsonRule{ID: m.ID, Title: m.Title, Severity: m.Severity.String(), Concern: string(m.Concern)})
	}
	return writeJSON(w, r)
}

// writeJSON writes v as indented JSON and a newline. It marshals first and
// indents into a buffer sized up front: letting the encoder indent grows its
// buffer step by step, which dominated the time of a 10,000-finding report.
func writeJSON(w io.Writer, v any) error {
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false) // messages say "min_size < 2"; keep them readable
	if err := enc.Encode(v); err != nil {
		return err
	}
	var out bytes.Buffer
	out.Grow(compact.Len() * 2)
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return err
	}
	_, err := out.WriteTo(w)
	return err
}
