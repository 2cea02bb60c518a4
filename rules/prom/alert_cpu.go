package prom

import (
	"fmt"
	"slices"

	"github.com/plimsoll/plimsoll/rule"
)

func alertCPU(t Thresholds) rule.Rule {
	return coverageRule(rule.Meta{
		ID:       "prom-alert-cpu",
		Title:    "No alert on sustained high CPU",
		Severity: rule.Medium,
		Concern:  rule.Observability,
		Rationale: fmt.Sprintf("Saturated CPU is the first sign that a service is running out of capacity: latency "+
			"climbs, queues fill and autoscalers lag behind. The playbook asks for an alert when CPU stays above "+
			"%s for %s, early enough to add capacity before users notice. An alert counts when its expression "+
			"(or a recording rule it reads) selects a CPU metric and compares it with a threshold at or below "+
			"that level (idle-based expressions are turned round), with a for no longer than %s. The rule runs "+
			"only when the audit holds Prometheus rules, and stays silent when a threshold is not a constant.",
			pct(t.CPU), dur(t.For), dur(t.For)),
		Remediation: "Add an alerting rule on CPU utilisation, for example " +
			"1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m])) > 0.8 with for: 5m.",
		Example: `groups:
  - name: capacity
    rules:
      - alert: HighCPU
        expr: 1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])) > 0.8
        for: 5m
        labels: {severity: warning}`,
		Links: []string{
			"https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/",
			"https://sre.google/sre-book/monitoring-distributed-systems/#saturation",
		},
		Types: []string{"prom_alert", "prom_record", "prom_group"},
	}, fmt.Sprintf("sustained high CPU (above %s for %s)", pct(t.CPU), dur(t.For)), func(a alert) (bool, bool, string) {
		isCPU := func(m string) bool { return contains(m, "cpu") }
		if !a.watches(isCPU) || a.watches(func(m string) bool { return contains(m, "throttl") }) {
			return false, false, ""
		}
		idle := slices.ContainsFunc(a.selectors, func(s selector) bool {
			return isCPU(s.metric) && s.matchesValue([]string{"mode"}, "idle")
		})
		var thresholds []float64
		for _, c := range a.comparisons {
			switch {
			case c.op == ">" || c.op == ">=":
				thresholds = append(thresholds, fraction(c.value))
			case idle && (c.op == "<" || c.op == "<="):
				thresholds = append(thresholds, 1-fraction(c.value))
			}
		}
		if len(thresholds) == 0 {
			return true, true, "" // compared with another series: cannot judge, so not reported
		}
		low := slices.Min(thresholds)
		switch {
		case low > t.CPU+1e-9:
			return true, false, "fires only above " + pct(low)
		case !forOK(a, t.For):
			return true, false, "waits longer than " + dur(t.For)
		}
		return true, true, ""
	})
}
