package cli

import "github.com/spf13/cobra"

// newAuditCmd is filled in as the loaders land; see issue 2.
func newAuditCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "audit PATH...",
		Short: "Audit infrastructure code for availability, recovery, observability, scaling and security",
		Example: `  plimsoll audit ./infra
  plimsoll audit plan.json --format sarif > plimsoll.sarif`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("audit: no loader is wired in yet")
		},
	}
}
