package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func lb5xxAlarm() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-lb-5xx-alarm",
			Title:    "Load balancer without an error-rate alarm",
			Severity: rule.Medium,
			Concern:  rule.Observability,
			Rationale: "Server errors at the load balancer are what users see when anything behind it fails: bad " +
				"deployments, exhausted connection pools, a database failover. Without an alarm on 5xx counts (or " +
				"an error rate computed from them) an outage is noticed by customers first. An alarm counts when " +
				"it watches HTTPCode_ELB_5XX_Count or HTTPCode_Target_5XX_Count (AWS/ApplicationELB), or " +
				"HTTPCode_ELB_5XX / HTTPCode_Backend_5XX (AWS/ELB), with a dimension naming this load balancer, and " +
				"notifies an SNS topic. Network and gateway load balancers have no HTTP status and are not checked.",
			Remediation: "Add an aws_cloudwatch_metric_alarm on HTTPCode_Target_5XX_Count (or a metric-math error " +
				"rate: 5xx / RequestCount above 5 %) with the LoadBalancer dimension set to the load balancer's " +
				"arn_suffix, notifying an SNS topic.",
			Example: `resource "aws_cloudwatch_metric_alarm" "web_5xx" {
  alarm_name          = "web-5xx"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions          = { LoadBalancer = aws_lb.web.arn_suffix }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  threshold           = 50
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [var.oncall_topic_arn]
}

resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
}`,
			Links: []string{
				"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html",
			},
			Types: []string{"aws_lb", "aws_elb", "aws_cloudwatch_metric_alarm"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			x := aws.NewAlarms(g)
			var hits []rule.Hit
			for _, lb := range managed(g, "aws_lb", "aws_alb", "aws_elb") {
				if lb.CountUnknown {
					continue
				}
				if typ, ok := lb.Get("load_balancer_type").StrOr("application"); !ok || typ != "application" {
					continue
				}
				t, found := alarmed(g, x, lb, is5xx)
				if t != infra.False {
					continue
				}
				if len(found) > 0 {
					hits = append(hits, rule.Hitf(lb, "%s has 5xx alarms (%s) but none notifies anyone", lb.Addr, addrs(found)))
					continue
				}
				hits = append(hits, rule.Hitf(lb, "no alarm watches the 5xx errors of %s; an outage behind it is noticed by users first", lb.Addr))
			}
			return hits
		},
	}
}

func is5xx(m aws.Metric) bool {
	return m.Is("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count") || m.Is("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count") ||
		m.Is("AWS/ELB", "HTTPCode_ELB_5XX") || m.Is("AWS/ELB", "HTTPCode_Backend_5XX")
}
