package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "10.0.0.1:8080", "[::]:0", "example.com:80"} {
		var stderr bytes.Buffer
		err := run(context.Background(), []string{"-addr", addr, "-max-lifetime", "1s"}, &stderr)
		if err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("run(-addr %s) = %v, want a loopback refusal", addr, err)
		}
	}
}

func TestExitsAfterMaxLifetime(t *testing.T) {
	var stderr bytes.Buffer
	start := time.Now()
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-max-lifetime", "200ms"}, &stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("run took %v with -max-lifetime 200ms", took)
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Errorf("stderr = %q, want it to say the server stopped", stderr.String())
	}
}
