package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func dbBackupsOff() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-rds-backups-off",
			Title:    "RDS automated backups turned off",
			Severity: rule.High,
			Concern:  rule.Recovery,
			Rationale: "backup_retention_period = 0 turns off automated backups and with them point-in-time " +
				"recovery: a bad migration, a deleted table or a corrupted volume can then be undone only from a " +
				"manual snapshot, if one exists, losing everything written since. When the argument is absent the " +
				"provider leaves it to the RDS API, whose default is 1 day (the console proposes 7), so absent is " +
				"not reported; Aurora clusters cannot turn backups off (minimum 1 day). Read replicas are not " +
				"checked.",
			Remediation: "Set backup_retention_period to the number of days you must be able to go back — 7 or more " +
				"is common for production — and a backup_window outside peak hours.",
			Example: `resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  username                    = "app"
  manage_master_user_password = true
  multi_az                    = true
  backup_retention_period     = 14
  backup_window               = "02:00-03:00"
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
				"https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
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
				if n, ok := db.Get("backup_retention_period").Int(); ok && n == 0 {
					hits = append(hits, rule.Hitf(db, "%s has backup_retention_period = 0: no automated backups and no point-in-time recovery", db.Addr))
				}
			}
			return hits
		},
	}
}
