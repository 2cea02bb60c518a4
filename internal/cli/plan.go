package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/plimsoll/plimsoll/capacity"
	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/loadgen"
	"github.com/plimsoll/plimsoll/requirements"
)

func newPlanCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "plan plimsoll.yaml",
		Short: "Plan instances per zone, autoscaling bounds, connection pools and availability from requirements",
		Long: `plan reads a requirements file (plimsoll.yaml, see docs/requirements.md) and works out,
per tier, the instances needed for the peak grown to the planning horizon plus the buffer,
spread over the zones so that losing any one zone still leaves enough (N-1); the autoscaling
min, desired, max and target utilisation; each database's connection budget; and each
service's composite availability against its target.

Exit codes: 0 every verdict passed, 1 a verdict failed, 2 bad usage or a bad requirements file.`,
		Example: `  plimsoll plan plimsoll.yaml                    # the plan as a table
  plimsoll plan plimsoll.yaml --format json      # for tools (schema plimsoll.plan/v1)
  plimsoll plan plimsoll.yaml --format tfvars > capacity.auto.tfvars`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			write, ok := planWriters[format]
			if !ok {
				return usageErrorf("unknown --format %q (want text, json or tfvars)", format)
			}
			in, ds, err := readPlanInput(args[0])
			if err != nil {
				return err
			}
			if err := reportDiags(e, ds); err != nil {
				return err
			}
			p, ds := capacity.MakePlan(in)
			if err := reportDiags(e, ds); err != nil {
				return err
			}
			if err := write(e.stdout, p); err != nil {
				return fmt.Errorf("write plan: %w", err)
			}
			if len(p.Failed()) > 0 {
				return exitCode(ExitFindings)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json or tfvars")
	return cmd
}

var planWriters = map[string]func(io.Writer, *capacity.Plan) error{
	"text":   capacity.WritePlanText,
	"json":   capacity.WritePlanJSON,
	"tfvars": capacity.WritePlanTFVars,
}

// readPlanInput reads and checks a requirements file, its assumption
// overrides and the results files it names, and returns every problem.
// The error is for a file that cannot be read at all.
func readPlanInput(name string) (capacity.Input, diag.Diagnostics, error) {
	var in capacity.Input
	data, err := os.ReadFile(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return in, nil, usageErrorf("requirements file %s does not exist", name)
		}
		return in, nil, usageErrorf("read requirements: %v", err)
	}
	req, ds := requirements.Parse(name, data)
	a, ads := capacity.NewAssumptions(req.Assumptions)
	ds = append(ds, ads...)
	in = capacity.Input{Req: req, Assume: a, Measured: map[string]capacity.Measured{}}
	for _, t := range req.Tiers {
		f := t.Capacity.File
		if f == "" {
			continue
		}
		m, err := readMeasured(f)
		if err != nil {
			ds = append(ds, diag.Errorf(t.Capacity.Pos, "tier %s: capacity: %v", t.Name, err))
			continue
		}
		in.Measured[f] = m
	}
	ds.Sort()
	return in, ds, nil
}

// reportDiags prints every diagnostic on stderr and turns errors into exit 2.
func reportDiags(e *env, ds diag.Diagnostics) error {
	for _, d := range ds {
		fmt.Fprintln(e.stderr, d.Error())
	}
	if ds.HasErrors() {
		return exitCode(ExitUsage)
	}
	return nil
}

// readMeasured reads the per-instance capacity that `plimsoll load
// --find-max` recorded in a results file: the requests per second sustained
// at the highest rate that held, and the latency measured at it.
func readMeasured(name string) (capacity.Measured, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return capacity.Measured{}, pathError(err)
	}
	r, err := loadgen.ReadResult(name, data)
	if err != nil {
		return capacity.Measured{}, err
	}
	f := r.FindMax
	switch {
	case f == nil:
		return capacity.Measured{}, fmt.Errorf("%s holds no breaking-point search: run plimsoll load --find-max --out %s against one instance", name, name)
	case f.Rate <= 0:
		return capacity.Measured{}, fmt.Errorf("%s: the breaking-point search found no rate that held (%s)", name, f.Criteria)
	}
	us := func(v int64) time.Duration { return time.Duration(v) * time.Microsecond }
	// A journey sends several requests per iteration, and a tier's demand
	// is in requests: read the request rate sustained at the highest rate
	// that held (results files before it was recorded have only the rate).
	rate := f.Achieved
	if rate <= 0 {
		rate = f.Rate
	}
	m := capacity.Measured{Rate: rate, Source: name, Latency: map[float64]time.Duration{}}
	if f.Latency.Count > 0 {
		for p, v := range map[float64]int64{50: f.Latency.P50, 90: f.Latency.P90, 95: f.Latency.P95, 99: f.Latency.P99, 99.9: f.Latency.P999} {
			m.Latency[p] = us(v)
		}
	}
	return m, nil
}
