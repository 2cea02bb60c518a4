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
