package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func cpuAlarm() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-compute-cpu-alarm",
			Title:    "Compute tier without a CPU alarm that notifies anyone",
			Severity: rule.Medium,
			Concern:  rule.Observability,
			Rationale: "CPU saturation is the most common way a compute tier runs out of capacity, and the first " +
				"thing to know about before users do. An alarm counts when it watches CPUUtilization (namespace " +
				"AWS/EC2, or the CloudWatch agent's cpu_usage_* metrics) with a dimension naming this group or " +
				"instance, and publishes to an SNS topic. Alarms are found by metric and dimension, never by name; " +
				"alarms that only trigger scaling tell nobody, and autoscaling hides the problem until max_size is " +
				"reached.",
			Remediation: "Add an aws_cloudwatch_metric_alarm on CPUUtilization for the group (AutoScalingGroupName) " +
				"or instance (InstanceId) — e.g. above 80 % for 5 minutes — with alarm_actions pointing at an SNS " +
				"topic that pages or mails someone.",
			Example: `resource "aws_cloudwatch_metric_alarm" "web_cpu" {
  alarm_name          = "web-cpu-high"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { AutoScalingGroupName = aws_autoscaling_group.web.name }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.oncall.arn]
}

resource "aws_sns_topic" "oncall" {
  name = "oncall"
}

resource "aws_autoscaling_group" "web" {
  name                = "web"
  min_size            = 3
  max_size            = 9
  vpc_zone_identifier = var.private_subnet_ids
  launch_template {
    id      = var.launch_template_id
    version = "$Latest"
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html",
				"https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-cloudwatch-monitoring.html",
			},
			Types: []string{"aws_autoscaling_group", "aws_instance", "aws_cloudwatch_metric_alarm"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			x := aws.NewAlarms(g)
			var hits []rule.Hit
			for _, r := range managed(g, "aws_autoscaling_group", "aws_instance") {
				if r.CountUnknown {
					continue
				}
				t, found := alarmed(g, x, r, isCPU)
				if t != infra.False {
					continue
				}
				if len(found) > 0 {
					hits = append(hits, rule.Hitf(r, "%s has CPU alarms (%s) but none notifies anyone: their actions are empty or only scale", r.Addr, addrs(found)))
					continue
				}
				hits = append(hits, rule.Hitf(r, "no alarm watches the CPU of %s; saturation goes unnoticed until users complain", r.Addr))
			}
			return hits
		},
	}
}
