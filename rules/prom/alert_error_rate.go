package prom

import (
	"fmt"
	"slices"

	"github.com/plimsoll/plimsoll/rule"
)

// statusLabels are the labels HTTP and RPC metrics carry the response code
// in.
var statusLabels = []string{"code", "status", "status_code", "response_code", "http_status", "http_status_code", "status_class"}

func alertErrorRate(t Thresholds) rule.Rule {
	return coverageRule(rule.Meta{
		ID:       "prom-alert-error-rate",
		Title:    "No alert on a high error rate",
		Severity: rule.Medium,
		Concern:  rule.Observability,
		Rationale: fmt.Sprintf("Users see errors before any resource graph moves: a bad deploy, an exhausted "+
			"connection pool or a failing dependency shows first as 5xx responses. The playbook asks for an alert "+
			"when more than %s of requests fail. An alert counts when it selects server errors (a status or code "+
			"label matching 5xx, gRPC codes other than OK, or a metric named for errors) and, when it divides "+
			"errors by requests, fires at or below that ratio within %s. Absolute error counts count too. The "+
			"rule runs only when the audit holds Prometheus rules.", pct(t.ErrorRate), dur(t.For)),
		Remediation: "Add an alerting rule on the share of failed requests, for example " +
			"sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 0.05 with for: 5m.",
		Example: `groups:
  - name: errors
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05
        for: 5m
        labels: {severity: page}`,
		Links: []string{
			"https://prometheus.io/docs/practices/alerting/",
			"https://sre.google/workbook/alerting-on-slos/",
		},
		Types: []string{"prom_alert", "prom_record", "prom_group"},
	}, fmt.Sprintf("the error rate (more than %s of requests failing)", pct(t.ErrorRate)), func(a alert) (bool, bool, string) {
		errs := slices.ContainsFunc(a.selectors, func(s selector) bool {
			return contains(s.metric, "error", "fail", "5xx", "5_xx") ||
				s.matchesValue(statusLabels, "500") || s.matchesValue(statusLabels, "503") || s.matchesValue(statusLabels, "5xx") ||
				s.matchesValue([]string{"grpc_code"}, "Internal") || s.matchesValue([]string{"grpc_code"}, "Unavailable")
		})
		if !errs {
			return false, false, ""
		}
		var thresholds []float64
		for _, c := range a.comparisons {
			if c.op == ">" || c.op == ">=" {
				thresholds = append(thresholds, fraction(c.value))
			}
		}
		if len(thresholds) == 0 || !a.ratio {
			return true, forOK(a, t.For), "waits longer than " + dur(t.For)
		}
		low := slices.Min(thresholds)
		switch {
		case low > t.ErrorRate+1e-9:
			return true, false, "fires only above " + pct(low)
		case !forOK(a, t.For):
			return true, false, "waits longer than " + dur(t.For)
		}
		return true, true, ""
	})
}
