package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func sgAdminOpen() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-sg-admin-open",
			Title:    "Security group opens SSH or RDP to the internet",
			Severity: rule.High,
			Concern:  rule.Security,
			Rationale: "SSH (22) and RDP (3389) open to 0.0.0.0/0 or ::/0 are scanned within minutes of creation " +
				"and brute-forced continuously; one weak or leaked key or password, or one unpatched server, gives " +
				"an attacker a shell inside the network. Inline ingress blocks, aws_security_group_rule and " +
				"aws_vpc_security_group_ingress_rule resources are all checked, including all-traffic rules and " +
				"port ranges that cover these ports.",
			Remediation: "Remove the rule and reach instances through AWS Systems Manager Session Manager, or allow " +
				"only a VPN or office CIDR (or a bastion's security group).",
			Example: `resource "aws_security_group" "app" {
  vpc_id = var.vpc_id
  ingress {
    description = "SSH from the VPN only"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.8.0.0/16"]
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
				"https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
			},
			Types: []string{"aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			order, found := worldOpen(g, []port{{22, "SSH"}, {3389, "RDP"}})
			var hits []rule.Hit
			for _, r := range order {
				sep := ": "
				if r.Addr.Type != "aws_security_group" && r.Addr.Type != "aws_default_security_group" {
					sep = " "
				}
				hits = append(hits, rule.Hitf(r, "%s%s%s", r.Addr, sep, strings.Join(found[r], "; ")))
			}
			return hits
		},
	}
}
