package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func rdsMultiAZ() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-rds-multi-az",
			Title:    "RDS database without Multi-AZ",
			Severity: rule.High,
			Concern:  rule.Availability,
			Rationale: "A single-AZ RDS instance lives on one host in one zone. A host failure, a zone outage or even " +
				"some maintenance stops the database until RDS replaces the host or you restore from backup — tens " +
				"of minutes to hours, and restores lose the writes since the last backup. Multi-AZ keeps a " +
				"synchronous standby in another zone and fails over automatically in one to two minutes. multi_az " +
				"defaults to false. Read replicas are not checked: their source's setting decides.",
			Remediation: "Set multi_az = true (it doubles the instance cost; the usual price of a database that " +
				"survives a zone).",
			Example: `resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  username                    = "app"
  manage_master_user_password = true
  multi_az                    = true
  storage_encrypted           = true
  backup_retention_period     = 7
  deletion_protection         = true
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html",
			},
			Types: []string{"aws_db_instance"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, db := range managed(g, "aws_db_instance") {
				engine, ok := engineOf(db, "")
				if !ok || strings.HasPrefix(engine, "aurora") || isReplica(db) != infra.False {
					continue
				}
				v := db.Get("multi_az")
				if v.BoolOr(false) != infra.False {
					continue
				}
				how := notTrue("multi_az", "false")
				if engine == "sqlserver-ex" {
					how += " (SQL Server Express cannot run Multi-AZ: production needs Standard or Enterprise edition)"
				}
				hits = append(hits, rule.Hitf(db, "%s runs in a single zone: %s; a host failure or zone outage stops the database until it is replaced or restored",
					db.Addr, how))
			}
			return hits
		},
	}
}
