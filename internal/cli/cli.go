package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
)

// Exit codes, as DESIGN.md promises them.
const (
	ExitOK          = 0   // nothing to report
	ExitFindings    = 1   // findings at or above --fail-on, or thresholds failed
	ExitUsage       = 2   // bad usage or bad input
	ExitInterrupted = 130 // stopped by Ctrl-C
)

// exitError carries an exit code up to Run. A nil err with a code means the
// command already said everything it had to say.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErrorf reports bad usage or bad input (exit 2).
func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// exitCode ends the command with code and no further message.
func exitCode(code int) error { return &exitError{code: code} }

// env is what every verb receives: the streams and the process environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// builtin returns the rules audit runs; nil means rules.Builtin. Tests
	// set it to run a rule that fails.
	builtin func() []rule.Rule
}

// rules returns the built-in rules audit runs.
func (e *env) rules() []rule.Rule {
	if e.builtin != nil {
		return e.builtin()
	}
	return rules.Builtin()
}

// Run executes plimsoll with args (without the program name) and returns the
// process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(ctx, &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}, args)
}

// run executes plimsoll in e with args and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	stderr := e.stderr
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "plimsoll: %v\n", ee.err)
		}
		return ee.code
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "plimsoll: interrupted")
		return ExitInterrupted
	}
	// Errors from cobra itself are usage errors: unknown flag, bad argument.
	fmt.Fprintf(stderr, "plimsoll: %v\nRun 'plimsoll --help' for usage.\n", err)
	return ExitUsage
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "plimsoll",
		Short: "How much load your infrastructure can carry, where it breaks, and whether it survives losing a zone",
		Long: `plimsoll tells a team how much load its infrastructure can safely carry, where it
breaks, and whether it survives losing a machine, a zone or a database.

Exit codes: 0 ok, 1 findings or failed thresholds, 2 bad usage or input, 130 interrupted.`,
		Example: `  plimsoll audit ./infra                 # audit a Terraform root module
  plimsoll audit plan.json --format sarif
  plimsoll rules                         # list every rule`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	for _, add := range verbs {
		root.AddCommand(add(e))
	}
	return root
}

// verbs lists the constructors of every subcommand, in help order.
var verbs = []func(*env) *cobra.Command{
	newAuditCmd,
	newPlanCmd,
	newLoadCmd,
	newRulesCmd,
	newSimulateCmd,
	newVersionCmd,
}
