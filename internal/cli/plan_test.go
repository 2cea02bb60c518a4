package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs plimsoll in-process and returns its exit code and streams.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const planGood = `version: 1
defaults: {growth: 30%/year, horizon: 24 months, buffer: 25%, zones: 3}
services:
  shop:
    availability: 99.9%
    tiers: [web, db]
    journeys:
      browse: {users: 50000, think: 10s}
tiers:
  web: {capacity: 400/s, pool: {db: 40}}
  db: {kind: database, instances: 1, multi_az: true, max_connections: 2000}
`

func TestPlanJSONShape(t *testing.T) {
	good := writeFile(t, t.TempDir(), "good.yaml", planGood)
	code, stdout, _ := runCLI(t, "plan", good, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Schema string
		Tiers  []struct {
			Name             string
			Instances        int
			PerZone          int  `json:"per_zone"`
			SurvivesZoneLoss bool `json:"survives_zone_loss"`
		}
		Verdicts []struct{ Check, Status string }
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if got.Schema != "plimsoll.plan/v1" || len(got.Tiers) != 2 || got.Tiers[0].Instances != 42 || got.Tiers[0].PerZone != 14 || !got.Tiers[0].SurvivesZoneLoss {
		t.Errorf("got %+v", got)
	}
	// Byte-identical across runs.
	_, again, _ := runCLI(t, "plan", good, "--format", "json")
	if again != stdout {
		t.Error("JSON output differs between two runs")
	}
}

// TestBlackFridayExample runs the worked example of docs/capacity.md as a
// reader would, from its directory: the plan passes, its suggested
// variables are the ones the example's Terraform uses, and the
// infrastructure survives losing any one zone.
func TestBlackFridayExample(t *testing.T) {
	t.Chdir(filepath.Join("..", "..", "examples", "blackfriday"))
	code, stdout, stderr := runCLI(t, "plan", "plimsoll.yaml")
	if code != 0 || !strings.Contains(stdout, "0 failed, 0 warnings, 0 unknown, 3 passed") {
		t.Errorf("plan: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, "plan", "plimsoll.yaml", "--format", "tfvars")
	want, err := os.ReadFile(filepath.Join("infra", "capacity.auto.tfvars"))
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || stdout != string(want) {
		t.Errorf("infra/capacity.auto.tfvars is not what plan suggests (exit %d); regenerate it:\n  plimsoll plan plimsoll.yaml --format tfvars > infra/capacity.auto.tfvars\ngot:\n%s", code, stdout)
	}
	code, stdout, stderr = runCLI(t, "simulate", "infra", "-r", "plimsoll.yaml")
	for _, w := range []string{
		"PASS    zone us-east-1a lost",
		"  web        PASS    16 of 24 instances left: 6,400/s of the 5,000/s needed (6,250/s with buffer)",
		"  shop       PASS    shop stays up; back in 60s (RTO 15m: met)",
		"WARN    region us-east-1 lost",
		"7 failures simulated: 0 failed, 1 warnings, 0 unknown, 6 passed",
	} {
		if !strings.Contains(stdout, w) {
			t.Errorf("simulate lacks %q", w)
		}
	}
	if code != 0 || stderr != "" {
		t.Errorf("simulate: exit %d, stderr:\n%s\nstdout:\n%s", code, stderr, stdout)
	}
	code, stdout, _ = runCLI(t, "simulate", "infra", "-r", "plimsoll.yaml", "--var", "web_desired_capacity=15")
	if code != 1 || !strings.Contains(stdout, "  web        FAIL    10 of 15 instances left: 4,000/s of the 5,000/s needed") {
		t.Errorf("15 instances: exit %d\n%s", code, stdout)
	}
}
