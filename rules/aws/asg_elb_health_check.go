package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func asgELBHealthCheck() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-asg-elb-health-check",
			Title:    "Autoscaling group behind a load balancer uses EC2 health checks only",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "With health_check_type = \"EC2\" (the default) the group replaces an instance only when EC2 " +
				"says the machine is broken. An instance whose application hangs, crashes or returns errors stays " +
				"in service forever: the load balancer stops sending it traffic, so capacity quietly shrinks, and " +
				"nothing replaces it.",
			Remediation: "Set health_check_type = \"ELB\" and a health_check_grace_period long enough for an " +
				"instance to boot, so instances the load balancer finds unhealthy are replaced.",
			Example: `resource "aws_autoscaling_group" "web" {
  min_size                  = 3
  max_size                  = 9
  vpc_zone_identifier       = var.private_subnet_ids
  target_group_arns         = [var.target_group_arn]
  health_check_type         = "ELB"
  health_check_grace_period = 120
  launch_template {
    id      = var.launch_template_id
    version = "$Latest"
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html",
			},
			Types: []string{"aws_autoscaling_group"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, asg := range managed(g, "aws_autoscaling_group") {
				typ, ok := asg.Get("health_check_type").StrOr("EC2")
				if !ok || !strings.EqualFold(typ, "EC2") {
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
				hits = append(hits, rule.Hitf(asg, "%s is behind %s but replaces instances only on EC2 health checks (health_check_type = %q); an instance whose application fails stays in service",
					asg.Addr, behind, typ))
			}
			return hits
		},
	}
}
