package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules"
)

func TestUseColor(t *testing.T) {
	for _, tc := range []struct {
		mode     string
		terminal bool
		env      map[string]string
		want     bool
	}{
		{"auto", true, nil, true},
		{"auto", false, nil, false},
		{"auto", true, map[string]string{"NO_COLOR": "1"}, false},
		{"auto", true, map[string]string{"NO_COLOR": ""}, true}, // no-color.org: set and not empty
		{"auto", true, map[string]string{"TERM": "dumb"}, false},
		{"always", false, map[string]string{"NO_COLOR": "1"}, true}, // a flag wins over the environment
		{"never", true, nil, false},
	} {
		getenv := func(k string) string { return tc.env[k] }
		if got := useColor(tc.mode, tc.terminal, getenv); got != tc.want {
			t.Errorf("useColor(%q, terminal=%t, %v) = %t, want %t", tc.mode, tc.terminal, tc.env, got, tc.want)
		}
	}
}

func TestDisplayName(t *testing.T) {
	cwd := filepath.FromSlash("/home/ann/shop")
	for _, tc := range []struct{ in, want string }{
		{"home/ann/shop/main.tf", "main.tf"}, // root-relative, from rootFS
		{"home/ann/shop/modules/db/main.tf", "modules/db/main.tf"},
		{"/home/ann/shop/plan.json", "plan.json"},                         // absolute
		{"home/ann/modules/vpc/main.tf", "/home/ann/modules/vpc/main.tf"}, // outside the working directory
		{"home/ann/shop..x/main.tf", "/home/ann/shop..x/main.tf"},
		{"home/ann/shop", "."},
		{"<stdin>", "<stdin>"},
		{`--var "x=1"`, `--var "x=1"`},
		{"", ""},
	} {
		if got := displayName(tc.in, cwd); got != tc.want {
			t.Errorf("displayName(%q, %q) = %q, want %q", tc.in, cwd, got, tc.want)
		}
	}
}

func TestRootFS(t *testing.T) {
	_, rel := rootFS(filepath.FromSlash("/home/ann/shop"))
	if rel != "home/ann/shop" {
		t.Errorf("rootFS(/home/ann/shop) path = %q, want home/ann/shop", rel)
	}
	if _, rel := rootFS(filepath.FromSlash("/")); rel != "." {
		t.Errorf("rootFS(/) path = %q, want .", rel)
	}
}

func TestParseFailOn(t *testing.T) {
	for in, want := range map[string]rule.Severity{"never": 0, "NEVER": 0, "low": rule.Low, "High": rule.High, "critical": rule.Critical} {
		got, err := parseFailOn(in)
		if err != nil || got != want {
			t.Errorf("parseFailOn(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := parseFailOn("severe"); err == nil {
		t.Error(`parseFailOn("severe") succeeded; want an error`)
	}
}

// TestAuditSARIFSchema runs the real audit over the bundled examples and
// validates its SARIF against the SARIF 2.1.0 schema (kept with the report
// package's tests), so what users upload to code scanning is valid, not
// only what the writer's own fixtures produce.
func TestAuditSARIFSchema(t *testing.T) {
	f, err := os.Open("../../report/testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"../../examples/single-server", "../../examples/aws-shop", "../../loader/kube/testdata/shop.yaml"} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(context.Background(), []string{"audit", path, "--format", "sarif", "--fail-on", "never"}, strings.NewReader(""), &stdout, &stderr)
			if code != ExitOK {
				t.Fatalf("audit %s exited %d; stderr:\n%s", path, code, stderr.String())
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(stdout.Bytes()))
			if err != nil {
				t.Fatalf("SARIF output is not JSON: %v", err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Errorf("SARIF output does not validate: %v", err)
			}
		})
	}
}

// TestAuditInterrupted checks that an audit stopped by Ctrl-C (a cancelled
// context) exits 130 and writes no report.
func TestAuditInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := Run(ctx, []string{"audit", "../../examples/single-server"}, strings.NewReader(""), &stdout, &stderr)
	if code != ExitInterrupted || stdout.Len() != 0 {
		t.Errorf("interrupted audit: exit %d, stdout %q, stderr %q; want exit %d and no report", code, stdout.String(), stderr.String(), ExitInterrupted)
	}
}

// TestAuditFailedRule runs audit with a rule that panics: the report is
// still written, names the rule in JSON (diagnostics[].rule) and SARIF
// (a notification's associatedRule), and the exit code is 2 whatever
// --fail-on says, as docs/audit.md promises: the audit is incomplete.
func TestAuditFailedRule(t *testing.T) {
	boom := rule.Rule{
		Meta:  rule.Meta{ID: "test-boom", Title: "A rule with a bug", Severity: rule.Low, Concern: rule.Recovery, Rationale: "It panics.", Remediation: "Report it."},
		Check: func(*infra.Graph) []rule.Hit { panic("index out of range [3] with length 3") },
	}
	withBoom := func() []rule.Rule { return append(rules.Builtin(), boom) }
	for _, tc := range []struct {
		format, failOn string
		check          func(t *testing.T, out []byte)
	}{
		{"json", "never", func(t *testing.T, out []byte) {
			var got struct {
				Summary     struct{ Errors int }
				Diagnostics []struct{ Severity, Summary, Rule string }
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("report is not JSON: %v", err)
			}
			var failed []string
			for _, d := range got.Diagnostics {
				if d.Rule != "" {
					failed = append(failed, d.Rule+" "+d.Severity)
				}
			}
			if want := []string{"test-boom error"}; !slices.Equal(failed, want) || got.Summary.Errors != 1 {
				t.Errorf("diagnostics with a rule = %q, summary.errors = %d; want %q and 1", failed, got.Summary.Errors, want)
			}
		}},
		{"sarif", "low", func(t *testing.T, out []byte) {
			var got struct {
				Runs []struct {
					Invocations []struct {
						ExecutionSuccessful        bool
						ToolExecutionNotifications []struct {
							Level          string
							AssociatedRule *struct{ ID string }
						}
					}
				}
			}
			if err := json.Unmarshal(out, &got); err != nil || len(got.Runs) != 1 || len(got.Runs[0].Invocations) != 1 {
				t.Fatalf("report is not a one-run, one-invocation SARIF log (%v)", err)
			}
			inv := got.Runs[0].Invocations[0]
			var failed []string
			for _, n := range inv.ToolExecutionNotifications {
				if n.AssociatedRule != nil {
					failed = append(failed, n.AssociatedRule.ID+" "+n.Level)
				}
			}
			if want := []string{"test-boom error"}; !slices.Equal(failed, want) || inv.ExecutionSuccessful {
				t.Errorf("notifications with a rule = %q, executionSuccessful = %t; want %q and false", failed, inv.ExecutionSuccessful, want)
			}
		}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, builtin: withBoom}
			code := run(context.Background(), e, []string{"audit", "../../examples/single-server", "--format", tc.format, "--fail-on", tc.failOn})
			if code != ExitUsage {
				t.Errorf("exit %d, want %d (the audit is incomplete); stderr:\n%s", code, ExitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), "rule test-boom failed: panic: index out of range") || !strings.Contains(stderr.String(), "incomplete (test-boom") {
				t.Errorf("stderr does not name the failed rule:\n%s", stderr.String())
			}
			if strings.Contains(stderr.String(), "goroutine") {
				t.Errorf("stderr carries a stack trace:\n%s", stderr.String())
			}
			tc.check(t, stdout.Bytes())
		})
	}
}
