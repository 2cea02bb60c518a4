package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/plimsoll/plimsoll/rule"
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
