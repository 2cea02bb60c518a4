package prom

import (
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/common/model"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/rule"
)

// Threshold names in .plimsoll.yaml:
//
//	thresholds:
//	  alert_cpu: 80%         # CPU an alert should fire above
//	  alert_error_rate: 5%   # share of failed requests
//	  alert_disk_free: 10%   # free disk an alert should fire below
//	  alert_for: 5m          # longest for: a coverage alert may wait
const (
	SettingCPU       = "alert_cpu"
	SettingErrorRate = "alert_error_rate"
	SettingDiskFree  = "alert_disk_free"
	SettingFor       = "alert_for"
)

// ThresholdsFrom reads the thresholds of the configuration, starting from
// DefaultThresholds. Shares are written 80% or 0.8; durations as Prometheus
// writes them (5m, 1h30m). Names it does not know and values it cannot read
// are errors at their position.
func ThresholdsFrom(settings []rule.Setting) (Thresholds, diag.Diagnostics) {
	t := DefaultThresholds
	var ds diag.Diagnostics
	for _, s := range settings {
		switch s.Name {
		case SettingCPU, SettingErrorRate, SettingDiskFree:
			f, ok := share(s.Value)
			if !ok {
				ds = append(ds, diag.Errorf(s.Pos, "thresholds: %s: %q is not a share (want 80%% or 0.8, above 0 and at most 100%%)", s.Name, s.Value))
				continue
			}
			switch s.Name {
			case SettingCPU:
				t.CPU = f
			case SettingErrorRate:
				t.ErrorRate = f
			case SettingDiskFree:
				t.DiskFree = f
			}
		case SettingFor:
			d, err := model.ParseDuration(s.Value)
			if err != nil || d <= 0 {
				ds = append(ds, diag.Errorf(s.Pos, "thresholds: %s: %q is not a duration (want 5m, 1h30m, ...)", s.Name, s.Value))
				continue
			}
			t.For = time.Duration(d)
		default:
			ds = append(ds, diag.Errorf(s.Pos, "thresholds: unknown name %q (want %s, %s, %s or %s)", s.Name, SettingCPU, SettingErrorRate, SettingDiskFree, SettingFor))
		}
	}
	return t, ds
}

// share reads "80%" or "0.8" as 0.8.
func share(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	f, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if err != nil {
		return 0, false
	}
	if pct {
		f /= 100
	}
	return f, f > 0 && f <= 1
}
