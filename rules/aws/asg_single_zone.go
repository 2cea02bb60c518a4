package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func asgSingleZone() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-asg-single-zone",
			Title:    "Autoscaling group in one availability zone",
			Severity: rule.High,
			Concern:  rule.Availability,
			Rationale: "An autoscaling group replaces failed instances, but only in the zones its subnets are in. " +
				"When all of them resolve to one zone, a zone outage (power, network, a bad deployment of AWS " +
				"itself) stops every instance at once and the group cannot launch replacements elsewhere. Zones " +
				"are resolved from the subnets' availability_zone, not guessed from names.",
			Remediation: "Give the group subnets in at least two zones (three is the usual choice), so it keeps serving " +
				"and rebalances when a zone fails.",
			Example: `resource "aws_subnet" "private" {
  for_each          = toset(["eu-west-1a", "eu-west-1b", "eu-west-1c"])
  vpc_id            = var.vpc_id
  availability_zone = each.key
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, index(["eu-west-1a", "eu-west-1b", "eu-west-1c"], each.key))
}

resource "aws_autoscaling_group" "web" {
  min_size            = 3
  max_size            = 9
  vpc_zone_identifier = [for s in aws_subnet.private : s.id]
  launch_template {
    id      = var.launch_template_id
    version = "$Latest"
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-availability-zone-balanced.html",
				"https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/use-fault-isolation-to-protect-your-workload.html",
			},
			Types: []string{"aws_autoscaling_group", "aws_subnet"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, asg := range managed(g, "aws_autoscaling_group") {
				if asg.Zones.AtLeast(2) == infra.False && len(asg.Zones.Known) == 1 {
					hits = append(hits, rule.Hitf(asg, "%s spans 1 zone (%s); losing that zone stops every instance and the group cannot replace them elsewhere",
						asg.Addr, zoneList(asg.Zones)))
				}
			}
			return hits
		},
	}
}
