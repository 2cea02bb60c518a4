package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func singleTarget() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-lb-single-target",
			Title:    "A load balancer sends all its traffic to one target",
			Severity: rule.High,
			Concern:  rule.Availability,
			Rationale: "A load balancer in front of a single instance adds a health check but no redundancy: when " +
				"that instance fails, is replaced or is patched, the target group has no healthy target and every " +
				"request fails. The load balancer is only as available as what stands behind it.",
			Remediation: "Register an autoscaling group (or at least two instances in different zones) with the target " +
				"group instead of a single instance.",
			Example: `resource "aws_autoscaling_group" "web" {
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = var.private_subnet_ids
  target_group_arns   = [aws_lb_target_group.web.arn]
  health_check_type   = "ELB"
  launch_template {
    id      = var.launch_template_id
    version = "$Latest"
  }
}

resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}`,
			Links: []string{
				"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html",
				"https://docs.aws.amazon.com/autoscaling/ec2/userguide/attach-load-balancer-asg.html",
			},
			Types: []string{"aws_lb_target_group", "aws_lb_target_group_attachment", "aws_elb"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, tg := range managed(g, "aws_lb_target_group", "aws_alb_target_group", "aws_elb") {
				if typ, _ := tg.Get("target_type").StrOr("instance"); typ == "lambda" || typ == "alb" {
					continue // Lambda and ALB targets are redundant by themselves
				}
				t := aws.TargetsOf(g, tg)
				if n, ok := t.Count(); !ok || n != 1 || tg.CountUnknown {
					continue
				}
				what := "one target registered from outside this configuration"
				if len(t.Instances) == 1 {
					what = "one instance, " + t.Instances[0].Addr.String()
				}
				hits = append(hits, rule.Hitf(tg, "%s sends all its traffic to %s; when it fails or is replaced, every request fails", tg.Addr, what))
			}
			return hits
		},
	}
}
