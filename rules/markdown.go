package rules

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/plimsoll/plimsoll/rule"
)

// Markdown renders the documentation of rules — docs/rules.md — from their
// metadata: a summary table, then each rule grouped by concern with its
// rationale, remediation, example and links; then the capacity rules that
// audit --requirements adds (see Capacity). The output depends only on the
// rules, so it is byte-identical across runs.
func Markdown(rs []rule.Rule, capacity []rule.Meta) []byte {
	var b bytes.Buffer
	b.WriteString("# Rules\n\n")
	b.WriteString("<!-- Generated from the rules' metadata by `go test ./rules -run TestDocs -update`. Do not edit by hand. -->\n\n")
	fmt.Fprintf(&b, "plimsoll has %d built-in rules, and %d [capacity rules](#capacity-rules) that "+
		"`plimsoll audit --requirements plimsoll.yaml` adds. `plimsoll rules` lists them and `plimsoll rules RULE-ID` explains one. "+
		"A finding can be suppressed with a `# plimsoll:ignore RULE-ID reason` comment on or above the resource, "+
		"or in `.plimsoll.yaml`.\n\n", len(rs), len(capacity))
	b.WriteString("No rule reports a finding that rests only on a value unknown before apply: when the decisive value is " +
		"computed by the provider or comes from a variable without a value, the rule stays silent.\n\n")
	for _, c := range rule.Concerns {
		group := ofConcern(rs, c)
		if len(group) == 0 {
			continue
		}
		fmt.Fprintf(&b, "## %s\n\n", title(string(c)))
		b.WriteString("| Rule | Severity | Title |\n|---|---|---|\n")
		for _, r := range group {
			fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s |\n", r.ID, r.ID, r.Severity, escapeCell(r.Title))
		}
		b.WriteString("\n")
		for _, r := range group {
			writeRule(&b, r.Meta)
		}
	}
	if len(capacity) > 0 {
		b.WriteString("## Capacity rules\n\n")
		b.WriteString("These rules run only with `plimsoll audit --requirements plimsoll.yaml`: they report the failing " +
			"verdicts of the capacity plan and of the failure simulation ([capacity.md](capacity.md)) over the audited " +
			"infrastructure as findings, so suppressions, `--fail-on` and every report format apply to them as to any rule.\n\n")
		b.WriteString("| Rule | Severity | Concern | Title |\n|---|---|---|---|\n")
		for _, m := range capacity {
			fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", m.ID, m.ID, m.Severity, m.Concern, escapeCell(m.Title))
		}
		b.WriteString("\n")
		for _, m := range capacity {
			writeRule(&b, m)
		}
	}
	return b.Bytes()
}

func writeRule(b *bytes.Buffer, m rule.Meta) {
	fmt.Fprintf(b, "### %s\n\n", m.ID)
	fmt.Fprintf(b, "**%s**\n\n", m.Title)
	fmt.Fprintf(b, "Severity: %s · Concern: %s", m.Severity, m.Concern)
	if len(m.Types) > 0 {
		ts := make([]string, len(m.Types))
		for i, t := range m.Types {
			ts[i] = "`" + t + "`"
		}
		fmt.Fprintf(b, " · Resources: %s", strings.Join(ts, ", "))
	}
	if len(m.Aliases) > 0 {
		fmt.Fprintf(b, " · Also known as: %s", strings.Join(m.Aliases, ", "))
	}
	b.WriteString("\n\n")
	fmt.Fprintf(b, "%s\n\n", m.Rationale)
	fmt.Fprintf(b, "**Fix:** %s\n\n", m.Remediation)
	if m.Example != "" {
		lang := "hcl"
		if !strings.HasPrefix(m.ID, "aws-") {
			lang = "yaml"
		}
		fmt.Fprintf(b, "```%s\n%s\n```\n\n", lang, strings.TrimRight(m.Example, "\n"))
	}
	if len(m.Links) > 0 {
		b.WriteString("See also:\n\n")
		for _, l := range m.Links {
			fmt.Fprintf(b, "- <%s>\n", l)
		}
		b.WriteString("\n")
	}
}

func ofConcern(rs []rule.Rule, c rule.Concern) []rule.Rule {
	var out []rule.Rule
	for _, r := range rs {
		if r.Concern == c {
			out = append(out, r)
		}
	}
	return out
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
