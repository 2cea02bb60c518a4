package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func asgMinSize() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-asg-min-size",
			Title:    "Autoscaling group behind a load balancer may shrink below two instances",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "With min_size below 2 the group may scale in to one instance (or none), and then a single " +
				"instance failure, replacement or deployment leaves the load balancer with no healthy target until " +
				"a new instance boots and passes its health checks — minutes of errors. Groups not behind a load " +
				"balancer (workers, batch) are not checked: running one of those, or none, can be a fine choice.",
			Remediation: "Set min_size to at least 2 — and to at least one instance per zone the group spans — so " +
				"the service survives the loss of any one instance.",
			Example: `resource "aws_autoscaling_group" "web" {
  min_size            = 3 # one per zone
  max_size            = 9
  vpc_zone_identifier = var.private_subnet_ids
  target_group_arns   = [var.target_group_arn]
  health_check_type   = "ELB"
  launch_template {
    id      = var.launch_template_id
    version = "$Latest"
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-capacity-limits.html",
			},
			Types: []string{"aws_autoscaling_group"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, asg := range managed(g, "aws_autoscaling_group") {
				n, ok := asg.Get("min_size").Int()
				if !ok || n >= 2 {
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
				hits = append(hits, rule.Hitf(asg, "%s is behind %s with min_size = %d; at its minimum one instance failure leaves no healthy target",
					asg.Addr, behind, n))
			}
			return hits
		},
	}
}
