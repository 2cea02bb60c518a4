package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/plimsoll/plimsoll/capacity"
	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
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

// capacityAudit turns the plan's and the simulation's failing verdicts into
// findings of audit: rules whose check runs the simulation on the graph the
// audit built, so suppressions, --fail-on and every report format apply to
// them as to any rule.
type capacityAudit struct {
	in  capacity.Input
	ran bool
	// hits are the findings by rule ID; pos the requirements position of
	// findings that concern no resource (a plan verdict), by message.
	hits map[string][]rule.Hit
	pos  map[string]diag.Pos
	// ds are the simulation's warnings, for audit to print.
	ds diag.Diagnostics
}

// readCapacityAudit reads the requirements file for audit --requirements.
func readCapacityAudit(name string) (*capacityAudit, diag.Diagnostics, error) {
	in, ds, err := readPlanInput(name)
	if err != nil {
		return nil, nil, err
	}
	return &capacityAudit{in: in}, ds, nil
}

var failureRule = map[capacity.FailureKind]string{
	capacity.NoFailure:    "capacity-baseline",
	capacity.ZoneLoss:     "capacity-zone-loss",
	capacity.InstanceLoss: "capacity-instance-loss",
	capacity.DatabaseLoss: "capacity-database-loss",
	capacity.RegionLoss:   "capacity-region-loss",
}

// Rules returns the capacity rules, each checking the graph through one
// shared simulation.
func (c *capacityAudit) Rules() []rule.Rule {
	metas := rules.Capacity()
	out := make([]rule.Rule, len(metas))
	for i, m := range metas {
		id := m.ID
		out[i] = rule.Rule{Meta: m, Check: func(g *infra.Graph) []rule.Hit {
			c.run(g)
			return c.hits[id]
		}}
	}
	return out
}

func (c *capacityAudit) run(g *infra.Graph) {
	if c.ran {
		return
	}
	c.ran = true
	c.hits, c.pos = map[string][]rule.Hit{}, map[string]diag.Pos{}
	s, ds := capacity.Simulate(capacity.SimInput{Input: c.in, Graph: g})
	c.ds = ds
	for _, v := range s.Plan.Failed() {
		msg := v.Message
		c.hits["capacity-plan"] = append(c.hits["capacity-plan"], rule.Hit{Message: msg})
		c.pos[msg] = v.Pos
	}
	for _, o := range s.Failed() {
		id := failureRule[o.Failure.Kind]
		msg := outcomeMessage(o)
		c.hits[id] = append(c.hits[id], rule.Hit{Resource: o.At, Message: msg})
		if o.At == nil {
			c.pos[msg] = diag.Pos{File: c.in.Req.Name}
		}
	}
}

// outcomeMessage says in one line what a failure does: "after losing zone
// us-east-1a, tier web has 3,200/s of the 5,000/s it needs (8 of 12
// instances); shop is degraded ...".
func outcomeMessage(o capacity.Outcome) string {
	var parts []string
	for _, t := range o.Tiers {
		if t.Status != capacity.Fail {
			continue
		}
		switch {
		case t.Up == infra.False:
			parts = append(parts, fmt.Sprintf("tier %s is down", t.Tier))
		case t.Counted:
			parts = append(parts, fmt.Sprintf("tier %s has %s of the %s it needs (%d of %d instances)",
				t.Tier, rateText(t.Capacity), rateText(t.Need), t.Left, t.Instances))
		}
	}
	for _, s := range o.Services {
		if s.Status == capacity.Fail {
			parts = append(parts, s.Message)
		}
	}
	if o.Failure.Kind == capacity.NoFailure {
		return "with nothing lost: " + strings.Join(parts, "; ")
	}
	return "after " + strings.TrimSuffix(o.Failure.String(), " lost") + " is lost: " + strings.Join(parts, "; ")
}

func rateText(r float64) string {
	s := fmt.Sprintf("%.0f", r)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s + "/s"
}

// Locate gives the findings of plan verdicts, which concern no resource,
// the position in the requirements file they were written at.
func (c *capacityAudit) Locate(fs []rule.Finding) {
	for i := range fs {
		if p, ok := c.pos[fs[i].Message]; ok && fs[i].Pos.IsZero() {
			fs[i].Pos = p
		}
	}
	rule.SortFindings(fs)
}

// Diagnostics are the simulation's warnings.
func (c *capacityAudit) Diagnostics() diag.Diagnostics { return c.ds }
