package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func asgNoScalingPolicy() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-asg-no-scaling-policy",
			Title:    "Autoscaling group behind a load balancer has no scaling policy",
			Severity: rule.Medium,
			Concern:  rule.Scaling,
			Rationale: "A group with no scaling policy keeps its desired capacity whatever the load: a peak (a sale, " +
				"a launch, a retry storm) saturates it and latency climbs until requests fail, and off-peak capacity " +
				"is paid for but idle. Scheduled actions alone do not follow real load.",
			Remediation: "Attach an aws_autoscaling_policy — target tracking on CPU or on requests per target is " +
				"the simplest — and set max_size high enough for the peak you plan for.",
			Example: `resource "aws_autoscaling_policy" "cpu" {
  name                   = "cpu-50"
  autoscaling_group_name = aws_autoscaling_group.web.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 50
  }
}

resource "aws_autoscaling_group" "web" {
  min_size            = 3
  max_size            = 12
  vpc_zone_identifier = var.private_subnet_ids
  target_group_arns   = [var.target_group_arn]
  health_check_type   = "ELB"
  launch_template {
    id      = var.launch_template_id
    version = "$Latest"
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html",
			},
			Types: []string{"aws_autoscaling_group", "aws_autoscaling_policy"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			// A policy whose group is unknown until apply might scale any group.
			for _, p := range managed(g, "aws_autoscaling_policy") {
				if len(g.Refs(p, "autoscaling_group_name", "aws_autoscaling_group")) == 0 {
					if _, ok := p.Get("autoscaling_group_name").Str(); !ok {
						return nil
					}
				}
			}
			var hits []rule.Hit
			for _, asg := range managed(g, "aws_autoscaling_group") {
				if len(g.Referrers(asg, "autoscaling_group_name", "aws_autoscaling_policy")) > 0 {
					continue
				}
				if named(g, asg) {
					continue
				}
				lbs, t := aws.Balancers(g, asg)
				if t != infra.True {
					continue
				}
				behind := "a load balancer"
				if len(lbs) > 0 {
					behind = addrs(lbs)
				}
				hits = append(hits, rule.Hitf(asg, "%s is behind %s but no scaling policy adjusts its size; a peak saturates it",
					asg.Addr, behind))
			}
			return hits
		},
	}
}

// named reports whether a scaling policy names the group by its known name
// rather than by reference.
func named(g *infra.Graph, asg *infra.Resource) bool {
	name, ok := asg.Get("name").Str()
	if !ok {
		return false
	}
	for _, p := range managed(g, "aws_autoscaling_policy") {
		if s, ok := p.Get("autoscaling_group_name").Str(); ok && s == name {
			return true
		}
	}
	return false
}
