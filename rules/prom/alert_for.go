package prom

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func alertFor() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "prom-alert-for",
			Title:    "Alert fires on a single evaluation",
			Severity: rule.Low,
			Concern:  rule.Observability,
			Rationale: "Without a for: duration an alert fires the first time its expression is true, on one " +
				"evaluation: a scrape that lands on a garbage-collection pause, a deploy, a single slow request. " +
				"Alerts that fire and resolve on their own teach people to ignore pages, and the real one is then " +
				"missed. A for of a few minutes (the playbook's \"for 5 min\") makes an alert mean that the " +
				"condition lasted. Alerts that select no metric at all (a Watchdog on vector(1)) are meant to fire " +
				"at once and are left alone.",
			Remediation: "Add for: 5m (or the time the condition must last before someone should act) to the " +
				"alerting rule.",
			Example: `groups:
  - name: capacity
    rules:
      - alert: HighCPU
        expr: 1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])) > 0.8
        for: 5m`,
			Links: []string{
				"https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/#defining-alerting-rules",
				"https://prometheus.io/docs/practices/alerting/",
			},
			Types: []string{"prom_alert"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, r := range g.OfType(typeAlert) {
				sels, known := r.Get("selectors").Elems()
				if !known || len(sels) == 0 {
					continue // does not parse, or watches no metric
				}
				if f := r.Get("for"); !f.IsAbsent() {
					if n, ok := r.Get("for_seconds").Int(); !ok || n > 0 {
						continue
					}
				}
				hits = append(hits, rule.Hitf(r, "%s has no for: duration: it fires on a single evaluation, spikes included", r.Addr))
			}
			return hits
		},
	}
}
