package prom

import (
	"fmt"
	"slices"

	"github.com/plimsoll/plimsoll/rule"
)

func alertDisk(t Thresholds) rule.Rule {
	return coverageRule(rule.Meta{
		ID:       "prom-alert-disk",
		Title:    "No alert on low free disk space",
		Severity: rule.Medium,
		Concern:  rule.Observability,
		Rationale: fmt.Sprintf("A full disk stops databases, queues and log-heavy services outright, and it "+
			"fills at the worst time: under peak traffic, when logs and data grow fastest. The playbook asks "+
			"for an alert when less than %s of a disk is free. An alert counts when it selects a filesystem or "+
			"volume metric (node_filesystem_avail_bytes, kubelet_volume_stats_available_bytes, ...) and, as a "+
			"ratio, fires at or above that free share (usage-based thresholds are turned round); a prediction "+
			"such as predict_linear(...) < 0 counts too. The rule runs only when the audit holds Prometheus rules.",
			pct(t.DiskFree)),
		Remediation: "Add an alerting rule on free space, for example " +
			"node_filesystem_avail_bytes{fstype!=\"tmpfs\"} / node_filesystem_size_bytes < 0.1 with for: 5m.",
		Example: `groups:
  - name: disk
    rules:
      - alert: DiskAlmostFull
        expr: node_filesystem_avail_bytes{fstype!="tmpfs"} / node_filesystem_size_bytes < 0.1
        for: 5m
        labels: {severity: warning}`,
		Links: []string{
			"https://prometheus.io/docs/guides/node-exporter/",
			"https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/",
		},
		Types: []string{"prom_alert", "prom_record", "prom_group"},
	}, fmt.Sprintf("low free disk (less than %s free)", pct(t.DiskFree)), func(a alert) (bool, bool, string) {
		isDisk := func(m string) bool {
			return contains(m, "filesystem", "disk", "volume_stats") && contains(m, "avail", "free", "used", "usage", "size", "bytes")
		}
		if !a.watches(isDisk) {
			return false, false, ""
		}
		free := slices.ContainsFunc(a.selectors, func(s selector) bool { return isDisk(s.metric) && contains(s.metric, "avail", "free") })
		var thresholds []float64
		for _, c := range a.comparisons {
			switch {
			case free && (c.op == "<" || c.op == "<="):
				thresholds = append(thresholds, fraction(c.value))
			case !free && (c.op == ">" || c.op == ">="):
				thresholds = append(thresholds, 1-fraction(c.value))
			}
		}
		if len(thresholds) == 0 || !a.ratio {
			return true, true, ""
		}
		high := slices.Max(thresholds)
		if high < t.DiskFree-1e-9 {
			return true, false, "fires only below " + pct(high) + " free"
		}
		return true, true, ""
	})
}
