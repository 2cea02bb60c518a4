package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func addr(t testing.TB, s string) infra.Address {
	t.Helper()
	a, err := infra.ParseAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// sample runs the real rule engine over a small hand-built graph, so the
// findings, suppressions and rule failures are the ones the CLI would see.
func sample(t testing.TB) *Audit {
	t.Helper()
	g := infra.NewGraph()
	res := map[string]*infra.Resource{}
	for _, r := range []struct {
		addr, file string
		line       int
		ignores    []infra.Ignore
	}{
		{"aws_security_group.web", "main.tf", 12, nil},
		{"module.db.aws_db_instance.main", "modules/db/main.tf", 3, nil},
		{"aws_db_instance.legacy", "legacy.tf", 1, nil},
		{`aws_lb.front["public"]`, "lb.tf", 7, nil},
		{"aws_autoscaling_group.app", "main.tf", 21, []infra.Ignore{{
			Rule: "aws-asg-min-size", Reason: "batch workers: one is enough",
			Pos: diag.Pos{File: "main.tf", Line: 20, Column: 1},
		}}},
	} {
		rr := &infra.Resource{
			Addr:    addr(t, r.addr),
			Attrs:   infra.ValueOf(cty.EmptyObjectVal),
			Pos:     diag.Pos{File: r.file, Line: r.line, Column: 1},
			Ignores: r.ignores,
		}
		if err := g.Add(rr); err != nil {
			t.Fatal(err)
		}
		res[r.addr] = rr
	}
	hits := func(hs ...rule.Hit) rule.Check { return func(*infra.Graph) []rule.Hit { return hs } }
	rules := []rule.Rule{
		{Meta: rule.Meta{
			ID: "aws-sg-admin-open", Title: "Security group opens an admin port to the world",
			Severity: rule.Critical, Concern: rule.Security,
			Rationale:   "SSH and RDP open to 0.0.0.0/0 are scanned within minutes of creation.",
			Remediation: "Allow admin ports only from a bastion's security group or a VPN range.",
			Example:     "resource \"aws_security_group_rule\" \"ssh\" {\n  type      = \"ingress\"\n  from_port = 22\n  to_port   = 22\n  source_security_group_id = aws_security_group.bastion.id\n}\n",
			Links:       []string{"https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html"},
		}, Check: hits(rule.Hitf(res["aws_security_group.web"], "security group allows 0.0.0.0/0 on port 22 (SSH)"))},
		{Meta: rule.Meta{
			ID: "aws-rds-multi-az", Title: "RDS instance runs in a single zone",
			Severity: rule.High, Concern: rule.Availability,
			Rationale:   "A single-AZ database stops with its zone; failover to a standby takes one to two minutes.",
			Remediation: "Set multi_az = true.",
			Example:     "resource \"aws_db_instance\" \"main\" {\n  multi_az = true\n}\n",
		}, Check: hits(
			rule.Hitf(res["module.db.aws_db_instance.main"], "database module.db.aws_db_instance.main has multi_az = false; losing eu-west-1a stops it"),
			rule.Hitf(res["aws_db_instance.legacy"], "multi_az is not set (default false)"),
		)},
		{Meta: rule.Meta{
			ID: "aws-lb-access-logs", Aliases: []string{"aws-alb-logs"}, Title: "Load balancer access logs are off",
			Severity: rule.Medium, Concern: rule.Observability,
			Rationale:   "Without access logs there is no record of who called what when a peak goes wrong.",
			Remediation: `Add an access_logs block with enabled = true and a bucket that the load balancer may write to; keep the logs at least 30 days so that an incident found late can still be traced.`,
		}, Check: hits(rule.Hitf(res[`aws_lb.front["public"]`], `access_logs { enabled = false } & bucket "<none>" ]]> `+"\x01\x1b[2J"+` — no logs`))},
		{Meta: rule.Meta{
			ID: "aws-asg-min-size", Title: "Autoscaling group may shrink to one instance",
			Severity: rule.Low, Concern: rule.Scaling,
			Rationale: "One instance is a single point of failure.", Remediation: "Set min_size to at least 2.",
		}, Check: hits(rule.Hitf(res["aws_autoscaling_group.app"], "min_size = 1"))},
		{Meta: rule.Meta{
			ID: "aws-vpc-flow-logs", Title: "VPC has no flow logs",
			Severity: rule.Low, Concern: rule.Observability,
			Rationale: "Flow logs show what talked to what.", Remediation: "Add an aws_flow_log for the VPC.",
		}, Check: hits()},
		{Meta: rule.Meta{
			ID: "aws-backup-broken", Title: "A rule with a bug",
			Severity: rule.Medium, Concern: rule.Recovery,
			Rationale: "It panics.", Remediation: "Report it.",
		}, Check: func(*infra.Graph) []rule.Hit { panic("index out of range [3] with length 3") }},
		{Meta: rule.Meta{
			ID: "aws-account-cloudtrail", Title: "No CloudTrail trail in the account",
			Severity: rule.Medium, Concern: rule.Security,
			Rationale: "API calls go unrecorded.", Remediation: "Add an aws_cloudtrail resource.",
		}, Check: hits(rule.Hit{Message: "no aws_cloudtrail in the configuration"})},
	}
	cfg := rule.Config{Ignore: []rule.Ignore{{
		Rule: "aws-rds-multi-az", Resource: "aws_db_instance.legacy", Reason: "retired in Q3",
		Pos: diag.Pos{File: ".plimsoll.yaml", Line: 4, Column: 5},
	}}}
	e, err := rule.NewEngine(rules, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &Audit{
		Version:   "v0.1.0",
		Inputs:    []string{"infra"},
		Resources: g.Len(),
		Result:    e.Run(g),
		Diagnostics: diag.Diagnostics{
			diag.Warningf(diag.Pos{File: "main.tf", Line: 40, Column: 3}, `module "vpc" (terraform-aws-modules/vpc/aws) not analysed: run terraform init`),
		},
		ConfigFile: ".plimsoll.yaml",
	}
}

// clean is an audit with rules that ran and found nothing.
func clean(t testing.TB) *Audit {
	t.Helper()
	e, err := rule.NewEngine([]rule.Rule{{
		Meta:  rule.Meta{ID: "aws-rds-multi-az", Title: "RDS instance runs in a single zone", Severity: rule.High, Concern: rule.Availability},
		Check: func(*infra.Graph) []rule.Hit { return nil },
	}}, rule.Config{})
	if err != nil {
		t.Fatal(err)
	}
	g := infra.NewGraph()
	return &Audit{Version: "v0.1.0", Inputs: []string{"plan.json"}, Resources: g.Len(), Result: e.Run(g)}
}

func TestGolden(t *testing.T) {
	audits := map[string]func(testing.TB) *Audit{"sample": sample, "clean": clean}
	variants := []struct {
		name, format string
		opts         Options
	}{
		{"txt", "text", Options{}},
		{"color.txt", "text", Options{Color: true}},
		{"suppressed-w60.txt", "text", Options{ShowSuppressed: true, Width: 60}},
		{"json", "json", Options{}},
		{"sarif", "sarif", Options{}},
		{"xml", "junit", Options{}},
	}
	for name, mk := range audits {
		for _, v := range variants {
			t.Run(name+"."+v.name, func(t *testing.T) {
				w, ok := Lookup(v.format)
				if !ok {
					t.Fatalf("Lookup(%q) found no writer", v.format)
				}
				var buf bytes.Buffer
				if err := w(&buf, mk(t), v.opts); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("testdata", name+"."+v.name+".golden"), buf.Bytes())
			})
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./report -update if the change is intended)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestDeterministic checks that output depends only on what was found,
// not on the order findings and diagnostics arrive in.
func TestDeterministic(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			w, _ := Lookup(format)
			a := sample(t)
			var first bytes.Buffer
			if err := w(&first, a, Options{ShowSuppressed: true}); err != nil {
				t.Fatal(err)
			}
			slices.Reverse(a.Result.Findings)
			a.Diagnostics = append(a.Diagnostics, diag.Warningf(diag.Pos{File: "a.tf", Line: 1, Column: 1}, "first"))
			slices.Reverse(a.Diagnostics)
			b := sample(t)
			b.Diagnostics = append(diag.Diagnostics{diag.Warningf(diag.Pos{File: "a.tf", Line: 1, Column: 1}, "first")}, b.Diagnostics...)
			var x, y bytes.Buffer
			if err := w(&x, a, Options{ShowSuppressed: true}); err != nil {
				t.Fatal(err)
			}
			if err := w(&y, b, Options{ShowSuppressed: true}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x.Bytes(), y.Bytes()) {
				t.Errorf("output depends on input order:\n--- reversed\n%s\n--- in order\n%s", x.Bytes(), y.Bytes())
			}
			if got := a.Result.Findings[0].RuleID; got == "aws-sg-admin-open" {
				t.Errorf("writer sorted the caller's findings in place (first is %s again)", got)
			}
		})
	}
}

func TestLookupUnknown(t *testing.T) {
	if _, ok := Lookup("html"); ok {
		t.Error(`Lookup("html") found a writer; want none`)
	}
	for _, f := range Formats() {
		if _, ok := Lookup(f); !ok {
			t.Errorf("Lookup(%q) found no writer, though Formats lists it", f)
		}
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		s    Summary
		want string
	}{
		{Summary{Rules: 41, Resources: 87}, "0 findings, 41 rules, 87 resources"},
		{Summary{Findings: 1, BySeverity: map[rule.Severity]int{rule.Low: 1}, Rules: 1, Resources: 1}, "1 finding (1 low), 1 rule, 1 resource"},
		{
			Summary{Findings: 12, BySeverity: map[rule.Severity]int{rule.Critical: 2, rule.High: 3, rule.Medium: 5, rule.Low: 2}, Suppressed: 3, Rules: 41, Resources: 87},
			"12 findings (2 critical, 3 high, 5 medium, 2 low), 3 suppressed, 41 rules, 87 resources",
		},
	} {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("Summary%+v = %q, want %q", tc.s, got, tc.want)
		}
	}
	s := Summarize(sample(t))
	want := Summary{
		Findings:   4,
		BySeverity: map[rule.Severity]int{rule.Critical: 1, rule.High: 1, rule.Medium: 2},
		Suppressed: 2, Rules: 7, Resources: 5, Errors: 1, Warnings: 1,
	}
	if s.String() != want.String() || s.Errors != want.Errors || s.Warnings != want.Warnings {
		t.Errorf("Summarize(sample) = %+v, want %+v", s, want)
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width int
		want  []string
	}{
		{"short", 40, []string{"short"}},
		{"no wrapping at width zero even when it is long", 0, []string{"no wrapping at width zero even when it is long"}},
		{"one two three four five six seven eight nine ten", 20, []string{"one two three four", "five six seven eight", "nine ten"}},
		{"a-very-long-word-that-does-not-fit-anywhere x", 20, []string{"a-very-long-word-that-does-not-fit-anywhere", "x"}},
		{"keeps\nits own lines", 20, []string{"keeps", "its own lines"}},
		{"ééééé ééééé ééééé ééééé", 20, []string{"ééééé ééééé ééééé", "ééééé"}},
	} {
		if got := wrap(tc.s, tc.width); !slices.Equal(got, tc.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.s, tc.width, got, tc.want)
		}
	}
}

func TestTextColor(t *testing.T) {
	var plain, color bytes.Buffer
	if err := Text(&plain, sample(t), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Text(&color, sample(t), Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(plain.Bytes(), []byte("\x1b[")) {
		t.Errorf("text without Color has escape sequences:\n%s", plain.Bytes())
	}
	if !bytes.Contains(color.Bytes(), []byte(styleCritical+"CRITICAL"+styleReset)) {
		t.Errorf("text with Color does not colour CRITICAL:\n%q", color.Bytes())
	}
	stripped := stripANSI(color.String())
	if stripped != plain.String() {
		t.Errorf("coloured text says something else than plain text:\n--- stripped\n%s\n--- plain\n%s", stripped, plain.String())
	}
}

// TestTextPrintable checks that control characters in messages (which
// quote the audited files) never reach the terminal.
func TestTextPrintable(t *testing.T) {
	for _, o := range []Options{{}, {ShowSuppressed: true, Width: 60}} {
		var buf bytes.Buffer
		if err := Text(&buf, sample(t), o); err != nil {
			t.Fatal(err)
		}
		for i, r := range buf.String() {
			if r != '\n' && (r < 0x20 || r == 0x7f) {
				t.Fatalf("text output has control character %U at byte %d:\n%q", r, i, buf.String())
			}
		}
		if !strings.Contains(buf.String(), "\uFFFD\uFFFD[2J") {
			t.Errorf("text output lost the replaced control characters:\n%s", buf.String())
		}
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && s[j] != 'm' {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, sample(t), Options{}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Schema  string
		Summary struct {
			Findings, Suppressed, Rules, Resources, Errors, Warnings int
			BySeverity                                               map[string]int `json:"by_severity"`
		}
		Findings []struct {
			RuleID     string `json:"rule_id"`
			Address    string
			File       string
			Line       int
			Suppressed *struct{ Reason, Source, Kind string }
		}
		Diagnostics []struct{ Severity, Summary, Detail, Rule string }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("JSON output does not decode: %v\n%s", err, buf.Bytes())
	}
	if got.Schema != JSONSchema {
		t.Errorf("schema = %q, want %q", got.Schema, JSONSchema)
	}
	if s := got.Summary; s.Findings != 4 || s.Suppressed != 2 || s.Rules != 7 || s.Resources != 5 || s.Errors != 1 || s.Warnings != 1 ||
		s.BySeverity["critical"] != 1 || s.BySeverity["high"] != 1 || s.BySeverity["medium"] != 2 || s.BySeverity["low"] != 0 {
		t.Errorf("summary = %+v, want 4 findings (1 critical, 1 high, 2 medium), 2 suppressed, 7 rules, 5 resources, 1 error, 1 warning", s)
	}
	kinds := map[string]string{}
	for _, f := range got.Findings {
		if f.Suppressed != nil {
			kinds[f.Address] = f.Suppressed.Kind + " " + f.Suppressed.Source + " " + f.Suppressed.Reason
		}
	}
	want := map[string]string{
		"aws_db_instance.legacy":    "config .plimsoll.yaml:4:5 retired in Q3",
		"aws_autoscaling_group.app": "inline main.tf:20:1 batch workers: one is enough",
	}
	if len(kinds) != len(want) || kinds["aws_db_instance.legacy"] != want["aws_db_instance.legacy"] || kinds["aws_autoscaling_group.app"] != want["aws_autoscaling_group.app"] {
		t.Errorf("suppressed findings = %q, want %q", kinds, want)
	}
	var failed []string
	for _, d := range got.Diagnostics {
		if strings.Contains(d.Detail, "\n") || strings.Contains(d.Detail, "goroutine") {
			t.Errorf("diagnostic detail carries a stack trace: %q", d.Detail)
		}
		if d.Rule != "" {
			failed = append(failed, d.Rule+" "+d.Severity)
		}
	}
	if want := []string{"aws-backup-broken error"}; !slices.Equal(failed, want) {
		t.Errorf("diagnostics with a rule = %q, want %q (the rule that panicked, as an error)", failed, want)
	}

	// A clean run still has lists, not nulls.
	buf.Reset()
	if err := JSON(&buf, clean(t), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"findings": []`, `"diagnostics": []`, `"inputs": [`} {
		if !strings.Contains(buf.String(), key) {
			t.Errorf("clean JSON report lacks %s:\n%s", key, buf.Bytes())
		}
	}
}

func TestJUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := JUnit(&buf, sample(t), Options{}); err != nil {
		t.Fatal(err)
	}
	var got junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("JUnit output is not XML: %v\n%s", err, buf.Bytes())
	}
	// 7 rules: 4 findings fail, 2 suppressed skip, 1 rule with no findings
	// passes, 1 rule fails to run, 1 diagnostic skips.
	if got.Tests != 9 || got.Failures != 4 || got.Skipped != 3 || got.Errors != 1 {
		t.Errorf("testsuites counts tests=%d failures=%d skipped=%d errors=%d, want 9, 4, 3, 1", got.Tests, got.Failures, got.Skipped, got.Errors)
	}
	var names []string
	cases := map[string]junitCase{}
	for _, s := range got.Suites {
		names = append(names, s.Name)
		n := 0
		for _, c := range s.Cases {
			cases[c.Classname+" "+c.Name] = c
			if c.Failure != nil {
				n++
			}
		}
		if n != s.Failures || len(s.Cases) != s.Tests {
			t.Errorf("suite %s says %d tests, %d failures; has %d cases, %d failing", s.Name, s.Tests, s.Failures, len(s.Cases), n)
		}
	}
	if want := []string{"availability", "scaling", "observability", "recovery", "security", "diagnostics"}; !slices.Equal(names, want) {
		t.Errorf("suites = %q, want %q", names, want)
	}
	lb := cases[`aws-lb-access-logs aws_lb.front["public"]`]
	if lb.Failure == nil || lb.Failure.Message != `access_logs { enabled = false } & bucket "<none>" ]]> `+"\uFFFD\uFFFD[2J"+` — no logs` {
		t.Errorf("special characters did not survive: %+v", lb.Failure)
	}
	if c := cases["aws-vpc-flow-logs "+passName]; c.Failure != nil || c.Skipped != nil || c.Error != nil || c.Classname == "" {
		t.Errorf("rule without findings: %+v, want one passing test case", c)
	}
	if c := cases["aws-backup-broken (rule failed)"]; c.Error == nil || !strings.Contains(c.Error.Message, "index out of range") {
		t.Errorf("failed rule: %+v, want an error test case with the panic", c)
	}
	if _, ok := cases["aws-backup-broken "+passName]; ok {
		t.Error("a rule that failed to run shows as passing")
	}
}

// TestSARIFSchema validates SARIF output against the SARIF 2.1.0 JSON
// schema, then checks by hand what GitHub code scanning needs beyond it.
func TestSARIFSchema(t *testing.T) {
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
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
	for name, a := range map[string]*Audit{"sample": sample(t), "clean": clean(t)} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := SARIF(&buf, a, Options{}); err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("SARIF output is not JSON: %v", err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Fatalf("SARIF output does not validate: %v", err)
			}
			checkGitHub(t, buf.Bytes())
		})
	}

	// A schema that accepts everything would make the test above useless.
	bad := []byte(`{"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]}`)
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err := schema.Validate(inst); err == nil {
		t.Error("schema accepts a driver without a name; the validation proves nothing")
	}
}

// TestSARIFFailedRule checks that a rule that panicked is reported as a
// tool execution notification pointing at the rule, and makes the
// invocation unsuccessful; load warnings point at no rule.
func TestSARIFFailedRule(t *testing.T) {
	var buf bytes.Buffer
	if err := SARIF(&buf, sample(t), Options{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct {
					Level          string
					Message        struct{ Text string }
					AssociatedRule *struct {
						ID    string
						Index int
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Invocations) != 1 {
		t.Fatalf("%d invocations, want 1", len(run.Invocations))
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful {
		t.Error("executionSuccessful = true with a rule that failed, want false")
	}
	var got []string
	for _, n := range inv.ToolExecutionNotifications {
		r := n.AssociatedRule
		if r == nil {
			if n.Level != "warning" {
				t.Errorf("notification %q (%s) names no rule", n.Message.Text, n.Level)
			}
			continue
		}
		got = append(got, r.ID+" "+n.Level)
		if r.Index < 0 || r.Index >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.Index].ID != r.ID {
			t.Errorf("associatedRule %+v does not point at its rule in tool.driver.rules", *r)
		}
	}
	if want := []string{"aws-backup-broken error"}; !slices.Equal(got, want) {
		t.Errorf("notifications with a rule = %q, want %q", got, want)
	}
}

// checkGitHub checks the properties GitHub code scanning requires (its
// "SARIF support for code scanning" page), which the schema leaves optional.
func checkGitHub(t *testing.T, data []byte) {
	t.Helper()
	var log struct {
		Schema  string `json:"$schema"`
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID                                string
						ShortDescription, FullDescription struct{ Text string }
						Help                              struct{ Text, Markdown string }
						DefaultConfiguration              struct{ Level string }
						Properties                        map[string]any
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if log.Schema == "" || log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("$schema %q, version %q, %d runs; want a schema URI, 2.1.0 and one run", log.Schema, log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name == "" {
		t.Error("tool.driver.name is empty")
	}
	ids := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" {
			t.Errorf("rule %d (%s) lacks id, shortDescription, fullDescription or help.text", i, r.ID)
		}
		if len(r.ShortDescription.Text) > 1024 || len(r.FullDescription.Text) > 1024 {
			t.Errorf("rule %s: descriptions over GitHub's 1024 characters", r.ID)
		}
		if _, dup := ids[r.ID]; dup {
			t.Errorf("rule %s listed twice", r.ID)
		}
		ids[r.ID] = i
		if sev, ok := r.Properties["security-severity"]; ok {
			tags, _ := r.Properties["tags"].([]any)
			if !slices.Contains(tags, any("security")) {
				t.Errorf("rule %s has security-severity %v but no security tag", r.ID, sev)
			}
		}
	}
	for _, res := range run.Results {
		if i, ok := ids[res.RuleID]; !ok || i != res.RuleIndex {
			t.Errorf("result for %s: ruleIndex %d does not point at its rule", res.RuleID, res.RuleIndex)
		}
		if res.Message.Text == "" {
			t.Errorf("result for %s has no message", res.RuleID)
		}
		if res.PartialFingerprints["primaryLocationLineHash"] == "" {
			t.Errorf("result for %s has no primaryLocationLineHash", res.RuleID)
		}
		if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation == nil {
			continue // a finding about no file in particular (checked below)
		}
		pl := res.Locations[0].PhysicalLocation
		if u := pl.ArtifactLocation.URI; u == "" || strings.Contains(u, `\`) || strings.HasPrefix(u, "/") {
			t.Errorf("result for %s: uri %q, want a relative URI with forward slashes", res.RuleID, u)
		}
		if pl.Region.StartLine < 1 {
			t.Errorf("result for %s: startLine %d", res.RuleID, pl.Region.StartLine)
		}
	}
}

// TestSARIFFingerprint checks that a finding keeps its fingerprint when its
// resource moves within the file, and that different findings differ.
func TestSARIFFingerprint(t *testing.T) {
	a := sample(t)
	before := fingerprints(t, a)
	for i := range a.Result.Findings {
		a.Result.Findings[i].Pos.Line += 17
		a.Result.Findings[i].Message += " (reworded)"
	}
	after := fingerprints(t, a)
	if !slices.Equal(before, after) {
		t.Errorf("fingerprints changed when resources moved:\nbefore %q\nafter  %q", before, after)
	}
	seen := map[string]bool{}
	for _, fp := range before {
		if seen[fp] {
			t.Errorf("fingerprint %s shared by two findings", fp)
		}
		seen[fp] = true
	}
}

func fingerprints(t *testing.T, a *Audit) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, a, Options{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID              string
				Properties          struct{ Address string }
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range log.Runs[0].Results {
		if r.Properties.Address == "" {
			continue // identified by file and message, which this test changes
		}
		out = append(out, r.RuleID+" "+r.Properties.Address+" "+r.PartialFingerprints["primaryLocationLineHash"])
	}
	slices.Sort(out)
	return out
}

func TestSARIFLocation(t *testing.T) {
	for _, tc := range []struct {
		pos              diag.Pos
		address          string
		physical, exists bool
	}{
		{diag.Pos{File: "main.tf", Line: 3, Column: 1}, "aws_instance.web", true, true},
		{diag.Pos{File: "<stdin>", Line: 3}, `k8s_deployment.shop["web"]`, false, true},
		{diag.Pos{}, "aws_instance.web", false, true},
		{diag.Pos{}, "", false, false},
	} {
		loc, ok := sarifLocationOf(tc.pos, tc.address)
		if ok != tc.exists || (loc.PhysicalLocation != nil) != tc.physical {
			t.Errorf("sarifLocationOf(%v, %q) = %+v, %t; want physical %t, a location %t", tc.pos, tc.address, loc, ok, tc.physical, tc.exists)
		}
	}
}

func TestFileURI(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"main.tf", "main.tf"},
		{"modules/db/main.tf", "modules/db/main.tf"},
		{"my infra/main.tf", "my%20infra/main.tf"},
		{"a:b/main.tf", "./a:b/main.tf"},
		{`modules\db\main.tf`, "modules/db/main.tf"},
		{"/srv/infra/main.tf", "file:///srv/infra/main.tf"},
		{"C:/infra/main.tf", "file:///C:/infra/main.tf"},
	} {
		if got := fileURI(tc.in); got != tc.want {
			t.Errorf("fileURI(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCamelName(t *testing.T) {
	for in, want := range map[string]string{"aws-rds-multi-az": "AwsRdsMultiAz", "k8s-replicas": "K8sReplicas", "x": "X"} {
		if got := camelName(in); got != want {
			t.Errorf("camelName(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkWriters renders a large audit (10,000 findings over as many
// resources) in each format: reports must stay a small part of an audit's
// time on big trees.
func BenchmarkWriters(b *testing.B) {
	a := &Audit{Version: "v0", Inputs: []string{"infra"}, Resources: 20000}
	for _, sev := range rule.Severities {
		a.Result.Rules = append(a.Result.Rules, rule.Meta{ID: "aws-rule-" + sev.String(), Title: "A rule", Severity: sev, Concern: rule.Availability, Rationale: "Why.", Remediation: "How."})
	}
	for i := range 10000 {
		sev := rule.Severities[i%len(rule.Severities)]
		a.Result.Findings = append(a.Result.Findings, rule.Finding{
			RuleID: "aws-rule-" + sev.String(), Title: "A rule", Severity: sev, Concern: rule.Availability,
			Address: infra.NewAddress([]infra.ModuleStep{{Name: "app"}}, infra.Managed, "aws_instance", "web", infra.IntKey(i)),
			Pos:     diag.Pos{File: "modules/app/main.tf", Line: 10 + i%500, Column: 1},
			Message: "aws_instance.web serves traffic on its own with no load balancer to take over", Remediation: "How.",
		})
	}
	for _, format := range Formats() {
		b.Run(format, func(b *testing.B) {
			w, _ := Lookup(format)
			b.ReportAllocs()
			for b.Loop() {
				if err := w(io.Discard, a, Options{Width: 100}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestFindingsOrder checks that reports order findings exactly as
// rule.SortFindings does, whatever order they arrive in.
func TestFindingsOrder(t *testing.T) {
	a := sample(t)
	a.Result.Findings = append(a.Result.Findings, a.Result.Findings...)
	a.Result.Findings[0].Message = "another message on the same resource"
	want := slices.Clone(a.Result.Findings)
	rule.SortFindings(want)
	slices.Reverse(a.Result.Findings)
	got := findings(a)
	if len(got) != len(want) {
		t.Fatalf("findings returned %d findings, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].RuleID != want[i].RuleID || got[i].Address != want[i].Address || got[i].Message != want[i].Message {
			t.Errorf("finding %d = %s %s %q, want %s %s %q", i, got[i].RuleID, got[i].Address, got[i].Message, want[i].RuleID, want[i].Address, want[i].Message)
		}
	}
}
