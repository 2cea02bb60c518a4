package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func natSingleZone() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-nat-shared-across-zones",
			Title:    "One NAT gateway serves private subnets in several zones",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "A NAT gateway lives in one zone. When private subnets in other zones send their outbound " +
				"traffic through it, an outage of its zone cuts all of them off from the internet and from AWS " +
				"APIs without a VPC endpoint — so instances in healthy zones fail too, which defeats spreading them. " +
				"Cross-zone NAT traffic also costs data transfer.",
			Remediation: "Create one NAT gateway per zone, in a public subnet of that zone, and give each zone's " +
				"private subnets their own route table pointing at their zone's NAT gateway.",
			Example: `resource "aws_nat_gateway" "zone" {
  for_each      = aws_subnet.public
  subnet_id     = each.value.id
  allocation_id = aws_eip.nat[each.key].id
}

resource "aws_route_table" "private" {
  for_each = aws_nat_gateway.zone
  vpc_id   = var.vpc_id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = each.value.id
  }
}

resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private[each.key].id
}

resource "aws_eip" "nat" {
  for_each = aws_subnet.public
  domain   = "vpc"
}

resource "aws_subnet" "public" {
  for_each          = { a = "eu-west-1a", b = "eu-west-1b" }
  vpc_id            = var.vpc_id
  availability_zone = each.value
  cidr_block        = each.key == "a" ? "10.0.0.0/24" : "10.0.1.0/24"
}

resource "aws_subnet" "private" {
  for_each          = { a = "eu-west-1a", b = "eu-west-1b" }
  vpc_id            = var.vpc_id
  availability_zone = each.value
  cidr_block        = each.key == "a" ? "10.0.10.0/24" : "10.0.11.0/24"
}`,
			Links: []string{
				"https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
			},
			Types: []string{"aws_nat_gateway", "aws_route_table", "aws_route", "aws_route_table_association"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, nat := range managed(g, "aws_nat_gateway") {
				if nat.CountUnknown {
					continue
				}
				subnets, _ := aws.NATSubnets(g, nat)
				var zones infra.Zones
				for _, s := range subnets {
					zones = zones.Add(s.Zones.Known...)
				}
				if len(zones.Known) < 2 {
					continue
				}
				where := "one zone"
				if len(nat.Zones.Known) == 1 && !nat.Zones.Unknown {
					where = nat.Zones.Known[0]
				}
				hits = append(hits, rule.Hitf(nat, "%s (in %s) carries the outbound traffic of subnets in %s (%s); losing its zone cuts all of them off",
					nat.Addr, where, plural(len(zones.Known), "zone"), zoneList(zones)))
			}
			return hits
		},
	}
}
