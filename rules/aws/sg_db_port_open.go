package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func sgDBPortOpen() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-sg-db-port-open",
			Title:    "Security group opens a database port to the internet",
			Severity: rule.Critical,
			Concern:  rule.Security,
			Rationale: "Database and cache ports — MySQL 3306, PostgreSQL 5432, SQL Server 1433, MongoDB 27017, " +
				"Redis 6379, Elasticsearch 9200 — open to 0.0.0.0/0 or ::/0 are found by internet-wide scanners " +
				"within hours; exposed Redis, MongoDB and Elasticsearch instances are routinely wiped or held to " +
				"ransom. Nothing on the internet needs to reach a database directly. The rule is reported on the " +
				"group or rule resource, whatever is attached to it; aws-db-world-reachable follows the paths " +
				"to actual databases.",
			Remediation: "Admit database ports only from the security groups of the application tier " +
				"(security_groups / referenced_security_group_id), never from a world CIDR.",
			Example: `resource "aws_security_group" "db" {
  vpc_id = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = var.app_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}`,
			Links: []string{
				"https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.RDSSecurityGroups.html",
			},
			Types: []string{"aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			order, found := worldOpen(g, dbPorts)
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
