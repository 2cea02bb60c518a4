package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/report"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
	"github.com/plimsoll/plimsoll/rules/prom"
)

// configName is the configuration file audit looks for in the working
// directory.
const configName = ".plimsoll.yaml"

// auditOptions are the flags of the audit verb.
type auditOptions struct {
	varFiles       []string
	vars           []string
	format         string
	failOn         string
	config         string
	showSuppressed bool
	output         string
	color          string
	requirements   string
}

func newAuditCmd(e *env) *cobra.Command {
	var o auditOptions
	cmd := &cobra.Command{
		Use:   "audit PATH...",
		Short: "Audit infrastructure code for availability, recovery, observability, scaling and security",
		Long: `Audit reads Terraform configurations (a directory: the root module, with the local
modules it calls), Terraform plans ('terraform show -json plan.out > plan.json'),
Kubernetes manifests (YAML or JSON files, folders of them, or - for standard input,
e.g. helm template or kustomize build output) and Prometheus rule files, builds one
model of the infrastructure from all the PATHs, and runs every rule over it.
'plimsoll rules' lists the rules. With --requirements, the capacity and recovery
verdicts of 'plimsoll plan' and 'plimsoll simulate' are reported as findings too.

Findings are suppressed by a comment on or above the resource,
  # plimsoll:ignore RULE-ID reason
or by a .plimsoll.yaml in the working directory (or --config):
  version: 1
  disable: [aws-vpc-flow-logs]
  ignore:
    - rule: aws-rds-multi-az
      resource: module.legacy.*
      reason: retired in Q3

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it,
2 bad usage or input (every problem is printed as file:line:col: message).`,
		Example: `  plimsoll audit ./infra
  plimsoll audit ./infra --var-file prod.tfvars --var env=prod
  plimsoll audit plan.json
  plimsoll audit ./k8s ./monitoring/rules.yaml
  helm template shop ./chart | plimsoll audit -
  plimsoll audit ./infra --format sarif --output plimsoll.sarif
  plimsoll audit ./infra --fail-on high
  plimsoll audit ./infra --format json | jq '.findings[] | select(.suppressed == null)'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("audit: give at least one PATH (%s)", wantInputs)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAudit(cmd, e, o, args)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.varFiles, "var-file", nil, "set Terraform variables from a .tfvars or .tfvars.json `FILE` (repeatable)")
	f.StringArrayVar(&o.vars, "var", nil, "set a Terraform variable: `NAME=VALUE` (repeatable; later wins)")
	f.StringVarP(&o.format, "format", "f", "text", "output `FORMAT`: "+strings.Join(report.Formats(), ", "))
	f.StringVar(&o.failOn, "fail-on", "low", "exit 1 for findings at or above `SEVERITY`: low, medium, high, critical or never")
	f.StringVar(&o.config, "config", "", "configuration `FILE` (default: "+configName+" in the working directory, if any)")
	f.BoolVar(&o.showSuppressed, "show-suppressed", false, "list suppressed findings in text output too (machine formats always include them, marked)")
	f.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	f.StringVarP(&o.requirements, "requirements", "r", "", "also report the capacity and recovery verdicts of requirements `FILE` (plimsoll.yaml) as findings")
	f.StringVar(&o.color, "color", "auto", "colour text output: auto (on a terminal, unless NO_COLOR is set), always or never")
	return cmd
}

func runAudit(cmd *cobra.Command, e *env, o auditOptions, args []string) error {
	o.format = strings.ToLower(o.format)
	write, ok := report.Lookup(o.format)
	if !ok {
		return usageErrorf("unknown --format %q (want %s)", o.format, strings.Join(report.Formats(), ", "))
	}
	failOn, err := parseFailOn(o.failOn)
	if err != nil {
		return usageErrorf("--fail-on: %v", err)
	}
	if !slices.Contains([]string{"auto", "always", "never"}, o.color) {
		return usageErrorf("unknown --color %q (want auto, always or never)", o.color)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return failf("audit: %w", err)
	}
	all := e.rules()
	var capa *capacityAudit
	var rds diag.Diagnostics
	if o.requirements != "" {
		if capa, rds, err = readCapacityAudit(o.requirements); err != nil {
			return err
		}
		all = append(all, capa.Rules()...)
	}
	cfg, cfgName, ds, err := loadConfig(o.config, cwd, all)
	if err != nil {
		return err
	}
	if len(cfg.Thresholds) > 0 {
		t, tds := prom.ThresholdsFrom(cfg.Thresholds)
		ds = append(ds, tds...)
		all = replaceRules(all, prom.RulesWith(t))
	}
	ds = append(ds, rds...)
	g, lds, usable, err := loadInfraPartial(cmd.Context(), e, args, o.varFiles, o.vars)
	if err != nil {
		return err
	}
	// Every problem with the configuration and the inputs, at once.
	ds = append(ds, lds...)
	ds.Sort()
	// Broken manifests do not stop the audit of the others (it still exits
	// 2); anything else broken does.
	badInput := ds.HasErrors()
	if badInput && (!usable || len(lds.Errs()) < len(ds.Errs())) {
		printDiagnostics(e.stderr, ds)
		return exitCode(ExitUsage)
	}

	// Ctrl-C during a long load: stop here rather than report on it.
	if err := cmd.Context().Err(); err != nil {
		return err
	}
	engine, err := rule.NewEngine(all, cfg)
	if err != nil {
		return failf("audit: %w", err) // two built-in rules share an ID: a bug
	}
	a := &report.Audit{
		Version:     version(),
		Resources:   g.Len(),
		Result:      engine.Run(g),
		Diagnostics: ds,
		ConfigFile:  cfgName,
	}
	a.Inputs = inputNames(args, cwd)
	if capa != nil {
		capa.Locate(a.Result.Findings)
		a.Diagnostics = append(a.Diagnostics, capa.Diagnostics()...)
		a.Diagnostics.Sort()
	}

	if err := cmd.Context().Err(); err != nil {
		return err
	}
	toTerminal := o.output == "" && isTerminal(e.stdout)
	opts := report.Options{ShowSuppressed: o.showSuppressed}
	if o.format == "text" {
		opts.Color = useColor(o.color, toTerminal, e.getenv)
		if toTerminal {
			opts.Width = terminalWidth(e.stdout)
		}
	}
	var buf bytes.Buffer
	if err := write(&buf, a, opts); err != nil {
		return failf("audit: write report: %w", err)
	}
	if o.output != "" {
		if err := os.WriteFile(o.output, buf.Bytes(), 0o644); err != nil {
			return usageErrorf("--output: %v", pathError(err))
		}
	} else if _, err := e.stdout.Write(buf.Bytes()); err != nil {
		return failf("audit: write report: %w", err)
	}

	// Warnings are human notes: on stderr, unless the text report already
	// showed them on the terminal's standard output.
	if o.format != "text" || o.output != "" {
		printDiagnostics(e.stderr, a.Diagnostics)
	}
	if failed := a.Result.Failed(); len(failed) > 0 {
		for _, d := range a.Result.Diagnostics {
			fmt.Fprintf(e.stderr, "plimsoll: %s: %s\n", d.Summary, firstLine(d.Detail))
		}
		fmt.Fprintf(e.stderr, "plimsoll: the audit is incomplete (%s did not run to the end); this is a bug in plimsoll, please report it\n", strings.Join(failed, ", "))
		return exitCode(ExitUsage)
	}
	if o.output != "" || o.format != "text" {
		fmt.Fprintf(e.stderr, "plimsoll: %s\n", report.Summarize(a))
	}
	if badInput {
		fmt.Fprintln(e.stderr, "plimsoll: some inputs did not load (see above); the audit covers the rest")
		return exitCode(ExitUsage)
	}
	if failOn != 0 {
		for _, f := range a.Result.Active() {
			if f.Severity >= failOn {
				return exitCode(ExitFindings)
			}
		}
	}
	return nil
}

// failf reports an error that is neither a finding nor the user's
// mistake (a report that cannot be written): exit 2, without the usage
// hint Run adds to errors it does not know.
func failf(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// replaceRules returns all with each rule that has the ID of one of by
// replaced by it: the same rules, configured differently.
func replaceRules(all, by []rule.Rule) []rule.Rule {
	out := slices.Clone(all)
	for i, r := range out {
		for _, b := range by {
			if b.ID == r.ID {
				out[i] = b
			}
		}
	}
	return out
}

// parseFailOn reads --fail-on; "never" is 0.
func parseFailOn(s string) (rule.Severity, error) {
	if strings.EqualFold(s, "never") {
		return 0, nil
	}
	sev, err := rule.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("unknown severity %q (want low, medium, high, critical or never)", s)
	}
	return sev, nil
}

// loadConfig reads --config, or .plimsoll.yaml in the working directory
// when it exists. It returns the configuration, its name as positions give
// it, and its diagnostics: errors when it does not parse, warnings for rule
// IDs it names that no rule has. A --config that cannot be read is an error.
func loadConfig(path, cwd string, all []rule.Rule) (rule.Config, string, diag.Diagnostics, error) {
	explicit := path != ""
	if !explicit {
		path = configName
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return rule.Config{}, "", nil, nil
		}
		return rule.Config{}, "", nil, usageErrorf("--config: %v", pathError(err))
	}
	abs, _ := filepath.Abs(path)
	name := displayName(abs, cwd)
	cfg, ds := rule.ParseConfig(name, data)
	if ds.HasErrors() {
		return rule.Config{}, name, ds, nil
	}
	// A capacity rule is known even without --requirements: one
	// configuration serves audits with and without it.
	known := func(id string) bool {
		return id == "*" || slices.ContainsFunc(all, func(r rule.Rule) bool { return r.Is(id) }) ||
			slices.ContainsFunc(rules.Capacity(), func(m rule.Meta) bool { return m.Is(id) })
	}
	for _, id := range cfg.Disable {
		if !known(id) {
			ds = append(ds, diag.Warningf(diag.Pos{File: name}, "disable: no rule %q (run 'plimsoll rules' for the list)", id))
		}
	}
	for _, ig := range cfg.Ignore {
		if !known(ig.Rule) {
			ds = append(ds, diag.Warningf(ig.Pos, "ignore: no rule %q (run 'plimsoll rules' for the list)", ig.Rule))
		}
	}
	return cfg, name, ds, nil
}

// printDiagnostics writes one "file:line:col: message" line per diagnostic.
func printDiagnostics(w io.Writer, ds diag.Diagnostics) {
	for _, d := range ds {
		fmt.Fprintln(w, printable(d.Error()))
	}
}

// printable keeps control characters from the audited files off the
// terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r >= 0x20 && r != 0x7f && (r < 0x80 || r > 0x9f) {
			return r
		}
		return '\uFFFD'
	}, s)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// pathError drops the "open " prefix of a *fs.PathError, leaving
// "prod.tfvars: no such file or directory".
func pathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

// inputNames returns the PATHs as reports name them, each once.
func inputNames(args []string, cwd string) []string {
	var out []string
	for _, arg := range args {
		name := arg
		if arg != "-" {
			abs, err := filepath.Abs(arg)
			if err == nil {
				name = displayName(abs, cwd)
			}
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// useColor decides whether text output is coloured: always and never
// win; auto colours a terminal unless NO_COLOR is set (no-color.org) or
// TERM is dumb.
func useColor(mode string, terminal bool, getenv func(string) string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return terminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalWidth is the width text output wraps at: the terminal's, but no
// wider than lines stay easy to read.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return min(width, 100)
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// annotate sets provider knowledge (roles, zones) on the merged graph.
// Kubernetes objects get their roles from their loader.
func annotate(g *infra.Graph) {
	aws.Annotate(g)
}
