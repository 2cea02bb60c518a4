package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
)

// listedRule is a rule as `plimsoll rules` lists it: its metadata, and
// whether it runs only with audit --requirements.
type listedRule struct {
	rule.Meta
	NeedsRequirements bool `json:"needs_requirements,omitempty"`
}

// rulesJSON is what `plimsoll rules --format json` writes: the schema
// plimsoll.rules/v1, with the field names and severity words of the audit's
// JSON report (docs/audit-json.md).
type rulesJSON struct {
	Schema string       `json:"schema"`
	Rules  []listedRule `json:"rules"`
}

// rulesSchema versions the JSON of `plimsoll rules`.
const rulesSchema = "plimsoll.rules/v1"

// requirementsNote says when the capacity rules run.
const requirementsNote = "Capacity rules: these run only with 'plimsoll audit --requirements plimsoll.yaml'."

func newRulesCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules [RULE-ID]",
		Short: "List the rules, or explain one",
		Long: `Rules lists every rule audit runs: the built-in ones, then the capacity rules
(capacity-*), which audit adds only with --requirements FILE.`,
		Example: `  plimsoll rules                      # every rule: ID, severity, concern, title
  plimsoll rules aws-rds-multi-az     # why it matters and how to fix it
  plimsoll rules capacity-zone-loss   # a rule audit --requirements adds
  plimsoll rules --format json        # metadata for tools`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageErrorf("unknown --format %q (want text or json)", format)
			}
			var all []listedRule
			for _, r := range rules.Builtin() {
				all = append(all, listedRule{Meta: r.Meta})
			}
			for _, m := range rules.Capacity() {
				all = append(all, listedRule{Meta: m, NeedsRequirements: true})
			}
			if len(args) == 1 {
				for _, r := range all {
					if r.Is(args[0]) {
						return explainRule(e, r, format)
					}
				}
				return usageErrorf("no rule %q; run 'plimsoll rules' for the list", args[0])
			}
			if format == "json" {
				return writeJSON(e, rulesJSON{Schema: rulesSchema, Rules: all})
			}
			listRules(e, all)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// listRules writes one line per rule, the built-in ones first, then the
// capacity rules under a note saying when they run, in the same columns.
func listRules(e *env, all []listedRule) {
	wID, wSev := len("ID"), len("SEVERITY")
	wCon := len("CONCERN")
	for _, r := range all {
		wID = max(wID, len(r.ID))
		wSev = max(wSev, len(r.Severity.String()))
		wCon = max(wCon, len(r.Concern))
	}
	row := func(id, sev, con, title string) {
		fmt.Fprintf(e.stdout, "%-*s  %-*s  %-*s  %s\n", wID, id, wSev, sev, wCon, con, title)
	}
	row("ID", "SEVERITY", "CONCERN", "TITLE")
	noted := false
	for _, r := range all {
		if r.NeedsRequirements && !noted {
			fmt.Fprintf(e.stdout, "\n%s\n", requirementsNote)
			noted = true
		}
		row(r.ID, r.Severity.String(), string(r.Concern), r.Title)
	}
}

func explainRule(e *env, r listedRule, format string) error {
	if format == "json" {
		return writeJSON(e, rulesJSON{Schema: rulesSchema, Rules: []listedRule{r}})
	}
	w := e.stdout
	fmt.Fprintf(w, "%s: %s\n", r.ID, r.Title)
	fmt.Fprintf(w, "severity %s · concern %s", r.Severity, r.Concern)
	if len(r.Aliases) > 0 {
		fmt.Fprintf(w, " · also known as %s", strings.Join(r.Aliases, ", "))
	}
	fmt.Fprintln(w)
	if r.NeedsRequirements {
		fmt.Fprintf(w, "\nRuns only with 'plimsoll audit --requirements plimsoll.yaml': it reports the failing\nverdicts of the capacity plan and of the failure simulation as findings.\n")
	}
	fmt.Fprintf(w, "\nWhy it matters\n  %s\n\nHow to fix it\n  %s\n", r.Rationale, r.Remediation)
	if r.Example != "" {
		fmt.Fprintf(w, "\nExample\n")
		for _, l := range strings.Split(strings.TrimRight(r.Example, "\n"), "\n") {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	if len(r.Links) > 0 {
		fmt.Fprintf(w, "\nSee also\n")
		for _, l := range r.Links {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	return nil
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
