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

func TestPlanCommand(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.yaml", planGood)
	over := writeFile(t, dir, "over.yaml", strings.Replace(planGood, "pool: {db: 40}", "pool: {db: 50}", 1))
	bad := writeFile(t, dir, "bad.yaml", "version: 1\nservices:\n  shop:\n    users: lots\n    buffer: 25\n")
	results := writeFile(t, dir, "res.yaml", strings.Replace(planGood, "capacity: 400/s", "capacity: web-max.json", 1))
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		stdout   []string
		stderr   []string
		noStdout bool
	}{
		{name: "text", args: []string{"plan", good}, code: 0,
			stdout: []string{"web   5,000/s  8,450/s  10,563/s  400/s", "42         21   24       42   53%", "PASS    zone-loss", "0 failed"}},
		{name: "json", args: []string{"plan", good, "--format", "json"}, code: 0, stdout: []string{`"schema": "plimsoll.plan/v1"`}},
		{name: "tfvars", args: []string{"plan", good, "--format", "tfvars"}, code: 0,
			stdout: []string{"web_min_size           = 21", "web_desired_capacity   = 24", "web_max_size           = 42", "web_target_utilization = 53"}},
		{name: "pool over budget", args: []string{"plan", over}, code: 1,
			stdout: []string{"FAIL    connections  tier db: at full scale-out the pools open web 42 × 50 = 2,100 connections, over max_connections 2,000; a pool of at most 47 per instance fits"}},
		{name: "pool over budget tfvars", args: []string{"plan", over, "--format", "tfvars"}, code: 1, stdout: []string{"web_pool_db = 47"}},
		{name: "bad file", args: []string{"plan", bad}, code: 2, noStdout: true,
			stderr: []string{bad + `:4:12: users: want a number of users`, bad + `:5:13: buffer: want a percentage such as 25%`}},
		{name: "missing file", args: []string{"plan", filepath.Join(dir, "nope.yaml")}, code: 2, noStdout: true, stderr: []string{"nope.yaml does not exist"}},
		{name: "bad format", args: []string{"plan", good, "--format", "xml"}, code: 2, noStdout: true, stderr: []string{`unknown --format "xml"`}},
		{name: "no args", args: []string{"plan"}, code: 2, noStdout: true, stderr: []string{"accepts 1 arg"}},
		{name: "results file", args: []string{"plan", results}, code: 2, noStdout: true, stderr: []string{results + ":10:19: tier web: capacity:"}},
		{name: "help", args: []string{"plan", "--help"}, code: 0, stdout: []string{"plimsoll plan plimsoll.yaml --format tfvars"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout, stderr)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			for _, w := range tc.stderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if tc.noStdout && stdout != "" {
				t.Errorf("stdout should be empty, got:\n%s", stdout)
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace on stderr:\n%s", stderr)
			}
		})
	}
}

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
