package rule

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plimsoll/plimsoll/diag"
)

func TestParseConfig(t *testing.T) {
	src := `version: 1
disable: [aws-vpc-flow-logs]
ignore:
  - rule: aws-rds-multi-az
    resource: module.legacy.*
    reason: retired in Q3
  - rule: "*"
    path: sandbox/
`
	cfg, ds := ParseConfig(".plimsoll.yaml", []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	if len(cfg.Disable) != 1 || cfg.Disable[0] != "aws-vpc-flow-logs" {
		t.Errorf("disable = %v", cfg.Disable)
	}
	if len(cfg.Ignore) != 2 {
		t.Fatalf("ignore = %v", cfg.Ignore)
	}
	ig := cfg.Ignore[0]
	if ig.Rule != "aws-rds-multi-az" || ig.Resource != "module.legacy.*" || ig.Reason != "retired in Q3" {
		t.Errorf("ignore[0] = %+v", ig)
	}
	if got := ig.Pos.String(); got != ".plimsoll.yaml:4:5" {
		t.Errorf("ignore[0] at %s, want .plimsoll.yaml:4:5", got)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"version: 2\n", "c.yaml:1:10: unsupported version"},
		{"ignores: []\n", `c.yaml:1:1: unknown key "ignores"`},
		{"disable: aws-x\n", "c.yaml:1:10: disable: want a list"},
		{"ignore:\n  - resource: x\n", "c.yaml:2:5: ignore entry needs a rule"},
		{"ignore:\n  - rule: x\n    why: y\n", `c.yaml:3:5: unknown key "why"`},
		{"ignore: [\n", "c.yaml:2:1: not valid YAML: did not find expected node content"},
		{"ignore:\n  - rule: x\n reason: y\n", "c.yaml:3:2: not valid YAML: did not find expected key (while parsing a block mapping at line 1, column 1)"},
		{"- a\n- b\n", "c.yaml:1:1: want a mapping"},
	} {
		_, ds := ParseConfig("c.yaml", []byte(tc.src))
		if !ds.HasErrors() {
			t.Errorf("%q: no error", tc.src)
			continue
		}
		if got := ds.Err().Error(); !strings.Contains(got, tc.want) {
			t.Errorf("%q: error %q, want it to contain %q", tc.src, got, tc.want)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("version: 1\nignore:\n  - rule: x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, ds := ParseConfig("f.yaml", b)
		for _, d := range ds {
			if d.Pos.File != "f.yaml" {
				t.Fatalf("diagnostic without the file name: %v", d)
			}
			if strings.Contains(d.Summary, "YAML: ") && (d.Pos.Line < 1 || d.Pos.Column < 1) {
				t.Fatalf("YAML syntax error without line and column: %v", d)
			}
		}
	})
}

func TestParseConfigThresholds(t *testing.T) {
	cfg, ds := ParseConfig(".plimsoll.yaml", []byte("version: 1\nthresholds:\n  alert_cpu: 90%\n  alert_for: [5m]\n"))
	want := []Setting{{Name: "alert_cpu", Value: "90%", Pos: diag.Pos{File: ".plimsoll.yaml", Line: 3, Column: 14}}}
	if len(cfg.Thresholds) != 1 || cfg.Thresholds[0] != want[0] {
		t.Errorf("Thresholds = %+v, want %+v", cfg.Thresholds, want)
	}
	if len(ds) != 1 || ds[0].Error() != ".plimsoll.yaml:4:14: thresholds: alert_for: want a value such as 80% or 5m" {
		t.Errorf("diagnostics = %v", ds)
	}
}
