package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func dbDeletionProtection() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-db-deletion-protection",
			Title:    "Database without deletion protection",
			Severity: rule.Medium,
			Concern:  rule.Recovery,
			Rationale: "Without deletion protection one mistaken terraform destroy, a renamed resource that " +
				"Terraform replaces, or a console click deletes the database; automated backups are deleted with " +
				"it by default. deletion_protection defaults to false for aws_db_instance and aws_rds_cluster. " +
				"Read replicas and Aurora cluster members are not checked (the cluster carries the setting).",
			Remediation: "Set deletion_protection = true; turning it off then takes a deliberate change before the " +
				"database can be deleted.",
			Example: `resource "aws_rds_cluster" "main" {
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  deletion_protection         = true
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection",
			},
			Types: []string{"aws_db_instance", "aws_rds_cluster"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, db := range managed(g, "aws_db_instance", "aws_rds_cluster") {
				if db.Addr.Type == "aws_db_instance" {
					engine, ok := engineOf(db, "")
					if !ok || strings.HasPrefix(engine, "aurora") || isReplica(db) != infra.False {
						continue
					}
				} else if !db.Get("replication_source_identifier").IsAbsent() {
					continue
				}
				v := db.Get("deletion_protection")
				if v.BoolOr(false) != infra.False {
					continue
				}
				hits = append(hits, rule.Hitf(db, "%s can be deleted by one mistaken apply or click: %s", db.Addr, notTrue("deletion_protection", "false")))
			}
			return hits
		},
	}
}
