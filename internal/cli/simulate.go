package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/plimsoll/plimsoll/capacity"
)

type simulateOptions struct {
	requirements string
	format       string
	varFiles     []string
	vars         []string
}

func newSimulateCmd(e *env) *cobra.Command {
	var o simulateOptions
	cmd := &cobra.Command{
		Use:   "simulate PATH... --requirements plimsoll.yaml",
		Short: "Simulate losing each zone, each resource, the primary database and the region",
		Long: `simulate reads the infrastructure the way audit does (Terraform directories, plan JSON)
and the requirements file, then takes away, one at a time: each availability zone, one
instance of each resource a tier is made of, each database's primary, and each region.
For each it reports the capacity left per tier against today's peak (and the buffer),
whether every service stays up (or where its path breaks), how long until it carries the
peak again against the RTO, and the writes at risk against the RPO.

Exit codes: 0 every failure is survived within the targets, 1 one is not,
2 bad usage or bad input (every problem is printed as file:line:col: message).`,
		Example: `  plimsoll simulate ./infra --requirements plimsoll.yaml
  plimsoll simulate plan.json --requirements plimsoll.yaml --format json
  plimsoll simulate ./infra --var-file prod.tfvars --requirements plimsoll.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("simulate: give at least one PATH (%s)", wantInputs)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSimulate(cmd.Context(), e, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.requirements, "requirements", "r", "", "requirements `FILE` (plimsoll.yaml; see docs/requirements.md)")
	f.StringVarP(&o.format, "format", "f", "text", "output `FORMAT`: text or json")
	f.StringArrayVar(&o.varFiles, "var-file", nil, "set Terraform variables from a .tfvars or .tfvars.json `FILE` (repeatable)")
	f.StringArrayVar(&o.vars, "var", nil, "set a Terraform variable: `NAME=VALUE` (repeatable; later wins)")
	return cmd
}

var simulationWriters = map[string]func(io.Writer, *capacity.Simulation) error{
	"text": capacity.WriteSimulationText,
	"json": capacity.WriteSimulationJSON,
}

func runSimulate(ctx context.Context, e *env, o simulateOptions, args []string) error {
	write, ok := simulationWriters[o.format]
	if !ok {
		return usageErrorf("unknown --format %q (want text or json)", o.format)
	}
	if o.requirements == "" {
		return usageErrorf("simulate: --requirements FILE is required (see docs/requirements.md)")
	}
	in, ds, err := readPlanInput(o.requirements)
	if err != nil {
		return err
	}
	g, lds, err := loadInfra(ctx, e, args, o.varFiles, o.vars)
	if err != nil {
		return err
	}
	ds = append(ds, lds...)
	if ds.HasErrors() {
		ds.Sort()
		return reportDiags(e, ds)
	}
	s, sds := capacity.Simulate(capacity.SimInput{Input: in, Graph: g})
	ds = append(ds, sds...)
	ds.Sort()
	if err := reportDiags(e, ds); err != nil {
		return err
	}
	if err := write(e.stdout, s); err != nil {
		return fmt.Errorf("write simulation: %w", err)
	}
	if len(s.Failed()) > 0 {
		return exitCode(ExitFindings)
	}
	return nil
}
