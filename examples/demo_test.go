package examples_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestDemo runs the README's main-job command, examples/demo.sh, with short
// trials: a real breaking-point search against the shop server on loopback,
// then plan, simulate and both audits on the bundled examples.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a load test for about a minute; -short skips it")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "demo.sh")
	cmd.Env = append(os.Environ(), "TRIAL=1s")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("bash examples/demo.sh: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"highest rate that held: ",
		"latency      journey checkout: tier web measured p99",
		"zone-loss    tier web:",
		"zone us-east-1a lost",
		"7 failures simulated",
		"0 findings, ",
		"HIGH      aws-ec2-lone-instance  aws_instance.web",
		"demo: done",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the demo's output lacks %q:\n%s", want, out.String())
		}
	}
}
