package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func lbSingleZone() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-lb-single-zone",
			Title:    "Load balancer in one availability zone",
			Severity: rule.High,
			Concern:  rule.Availability,
			Rationale: "A load balancer runs nodes only in the zones of the subnets it is given. In one zone it is a " +
				"single point of failure for everything behind it, whatever the targets' spread, and it cannot " +
				"route to targets in other zones. Application Load Balancers refuse fewer than two zones at apply; " +
				"Network Load Balancers accept one silently.",
			Remediation: "Give the load balancer one subnet in each of at least two zones — the zones its targets run in.",
			Example: `resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = [aws_subnet.public_a.id, aws_subnet.public_b.id]
  security_groups    = [var.lb_security_group_id]
}

resource "aws_subnet" "public_a" {
  vpc_id            = var.vpc_id
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.0.0/24"
}

resource "aws_subnet" "public_b" {
  vpc_id            = var.vpc_id
  availability_zone = "eu-west-1b"
  cidr_block        = "10.0.1.0/24"
}`,
			Links: []string{
				"https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#availability-zones",
			},
			Types: []string{"aws_lb", "aws_elb", "aws_subnet"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, lb := range managed(g, "aws_lb", "aws_alb", "aws_elb") {
				if lb.Zones.AtLeast(2) == infra.False && len(lb.Zones.Known) == 1 {
					hits = append(hits, rule.Hitf(lb, "%s spans 1 zone (%s); losing that zone takes down the entry point of everything behind it",
						lb.Addr, zoneList(lb.Zones)))
				}
			}
			return hits
		},
	}
}
