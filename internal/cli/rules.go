package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
)

func newRulesCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules [RULE-ID]",
		Short: "List the built-in rules, or explain one",
		Example: `  plimsoll rules                      # every rule: ID, severity, concern, title
  plimsoll rules aws-rds-multi-az     # why it matters and how to fix it
  plimsoll rules --format json        # metadata for tools`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			all := rules.Builtin()
			if len(args) == 1 {
				for _, r := range all {
					if r.Is(args[0]) {
						return explainRule(e, r.Meta, format)
					}
				}
				return usageErrorf("no rule %q; run 'plimsoll rules' for the list", args[0])
			}
			metas := make([]rule.Meta, len(all))
			for i, r := range all {
				metas[i] = r.Meta
			}
			switch format {
			case "json":
				return writeJSON(e, metas)
			case "text":
				tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tCONCERN\tTITLE")
				for _, m := range metas {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.ID, m.Severity, m.Concern, m.Title)
				}
				return tw.Flush()
			}
			return usageErrorf("unknown --format %q (want text or json)", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func explainRule(e *env, m rule.Meta, format string) error {
	switch format {
	case "json":
		return writeJSON(e, m)
	case "text":
	default:
		return usageErrorf("unknown --format %q (want text or json)", format)
	}
	w := e.stdout
	fmt.Fprintf(w, "%s: %s\n", m.ID, m.Title)
	fmt.Fprintf(w, "severity %s · concern %s", m.Severity, m.Concern)
	if len(m.Aliases) > 0 {
		fmt.Fprintf(w, " · also known as %s", strings.Join(m.Aliases, ", "))
	}
	fmt.Fprintf(w, "\n\nWhy it matters\n  %s\n\nHow to fix it\n  %s\n", m.Rationale, m.Remediation)
	if m.Example != "" {
		fmt.Fprintf(w, "\nExample\n")
		for _, l := range strings.Split(strings.TrimRight(m.Example, "\n"), "\n") {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	if len(m.Links) > 0 {
		fmt.Fprintf(w, "\nSee also\n")
		for _, l := range m.Links {
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
