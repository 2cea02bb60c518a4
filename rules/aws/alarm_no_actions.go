package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func alarmNoActions() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-alarm-no-actions",
			Title:    "CloudWatch alarm with no actions",
			Severity: rule.Medium,
			Concern:  rule.Observability,
			Rationale: "An alarm without alarm_actions (or with actions_enabled = false) changes colour on a " +
				"dashboard nobody is watching at 3 a.m. It gives a false sense of coverage: the threshold was " +
				"thought through, but no one will be told when it is crossed.",
			Remediation: "Point alarm_actions at an SNS topic that reaches the on-call engineer (and ok_actions, so " +
				"they know when it clears), or delete the alarm.",
			Example: `resource "aws_cloudwatch_metric_alarm" "web_cpu" {
  alarm_name          = "web-cpu-high"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { AutoScalingGroupName = "web" }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.oncall.arn]
  ok_actions          = [aws_sns_topic.oncall.arn]
}

resource "aws_sns_topic" "oncall" {
  name = "oncall"
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions",
			},
			Types: []string{"aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, a := range managed(g, "aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm") {
				if aws.HasActions(g, a) != infra.False {
					continue
				}
				if a.Get("actions_enabled").Bool() == infra.False {
					hits = append(hits, rule.Hitf(a, "%s has actions_enabled = false: it fires and tells nobody", a.Addr))
					continue
				}
				hits = append(hits, rule.Hitf(a, "%s has no alarm_actions: it fires and tells nobody", a.Addr))
			}
			return hits
		},
	}
}
