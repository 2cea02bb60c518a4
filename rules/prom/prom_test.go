package prom_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/loader/kube"
	"github.com/plimsoll/plimsoll/rule"
	"github.com/plimsoll/plimsoll/rules/prom"
)

// The fixtures under testdata run through the meta-test in package rules;
// this checks that the thresholds are the caller's to choose.
func TestThresholds(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fixture string
		t       prom.Thresholds
		hits    int
	}{
		{"defaults", "prom-alert-cpu/bad.yaml", prom.Thresholds{}, 1},
		{"a 96 % CPU threshold accepts the 95 % alert", "prom-alert-cpu/bad.yaml", prom.Thresholds{CPU: 0.96}, 0},
		{"a 30m for accepts the slow alert", "prom-alert-cpu/bad_slow.yaml", prom.Thresholds{For: 30 * time.Minute}, 0},
		{"defaults on the slow alert", "prom-alert-cpu/bad_slow.yaml", prom.Thresholds{}, 1},
		{"a 20 % error threshold accepts the 20 % alert", "prom-alert-error-rate/bad.yaml", prom.Thresholds{ErrorRate: 0.2}, 0},
		{"a 3 % free-disk threshold accepts the 3 % alert", "prom-alert-disk/bad.yaml", prom.Thresholds{DiskFree: 0.03}, 0},
		{"a 5 % free-disk threshold does not", "prom-alert-disk/bad.yaml", prom.Thresholds{DiskFree: 0.05}, 1},
	} {
		g, ds := kube.Load(os.DirFS("testdata"), []string{tc.fixture})
		if ds.HasErrors() {
			t.Fatal(ds.Err())
		}
		var rs []rule.Rule
		for _, r := range prom.RulesWith(tc.t) {
			if r.ID == filepath.Dir(tc.fixture) {
				rs = append(rs, r)
			}
		}
		eng, err := rule.NewEngine(rs, rule.Config{})
		if err != nil {
			t.Fatal(err)
		}
		res := eng.Run(g)
		if got := len(res.Active()); got != tc.hits {
			t.Errorf("%s: %d findings, want %d: %v", tc.name, got, tc.hits, res.Active())
		}
	}
}

func TestThresholdsFrom(t *testing.T) {
	at := diag.Pos{File: ".plimsoll.yaml", Line: 3, Column: 14}
	got, ds := prom.ThresholdsFrom([]rule.Setting{
		{Name: "alert_cpu", Value: "90%", Pos: at},
		{Name: "alert_error_rate", Value: "0.01", Pos: at},
		{Name: "alert_for", Value: "10m", Pos: at},
	})
	want := prom.Thresholds{CPU: 0.9, ErrorRate: 0.01, DiskFree: 0.1, For: 10 * time.Minute}
	if got != want || len(ds) != 0 {
		t.Errorf("ThresholdsFrom = %+v, %v; want %+v", got, ds, want)
	}
	_, ds = prom.ThresholdsFrom([]rule.Setting{
		{Name: "alert_cpu", Value: "180%", Pos: at},
		{Name: "alert_for", Value: "soon", Pos: at},
		{Name: "alert_memory", Value: "90%", Pos: at},
	})
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.Error())
	}
	wantMsgs := []string{
		`.plimsoll.yaml:3:14: thresholds: alert_cpu: "180%" is not a share (want 80% or 0.8, above 0 and at most 100%)`,
		`.plimsoll.yaml:3:14: thresholds: alert_for: "soon" is not a duration (want 5m, 1h30m, ...)`,
		`.plimsoll.yaml:3:14: thresholds: unknown name "alert_memory" (want alert_cpu, alert_error_rate, alert_disk_free or alert_for)`,
	}
	if strings.Join(msgs, "\n") != strings.Join(wantMsgs, "\n") {
		t.Errorf("diagnostics:\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(wantMsgs, "\n"))
	}
}
