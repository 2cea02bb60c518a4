package rule

import (
	"slices"
	"strings"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
)

// Finding is one hit of one rule, with everything a report needs.
type Finding struct {
	RuleID      string
	Title       string
	Severity    Severity
	Concern     Concern
	Address     infra.Address
	Pos         diag.Pos
	Message     string
	Remediation string
	// Suppressed holds the reason when an ignore matched the finding.
	Suppressed *Suppression
}

// Suppression records which ignore silenced a finding.
type Suppression struct {
	Reason string
	// Source is where the ignore was written: a file:line of an inline
	// comment or of the config file.
	Source string
}

// SortFindings orders findings by severity (worst first), then file, line,
// rule and address, so reports are byte-identical across runs.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
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
		if c := strings.Compare(a.Address.String(), b.Address.String()); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
}
