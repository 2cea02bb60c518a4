package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func rdsUnencrypted() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-rds-unencrypted",
			Title:    "RDS storage not encrypted at rest",
			Severity: rule.High,
			Concern:  rule.Security,
			Rationale: "Unencrypted database storage exposes data in snapshots, in backups shared across accounts " +
				"and on retired disks, and fails most compliance regimes. Encryption cannot be turned on later " +
				"without copying a snapshot and restoring a new instance — a migration with downtime. " +
				"storage_encrypted defaults to false for aws_db_instance and for provisioned Aurora clusters. " +
				"Read replicas and restores from snapshots inherit their source's setting and are not checked.",
			Remediation: "Set storage_encrypted = true (with kms_key_id for a customer-managed key) when the " +
				"database is created.",
			Example: `resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
			},
			Types: []string{"aws_db_instance", "aws_rds_cluster"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, db := range managed(g, "aws_db_instance", "aws_rds_cluster") {
				if !db.Get("snapshot_identifier").IsAbsent() {
					continue
				}
				def := false
				if db.Addr.Type == "aws_db_instance" {
					engine, ok := engineOf(db, "")
					if !ok || strings.HasPrefix(engine, "aurora") || isReplica(db) != infra.False {
						continue
					}
				} else {
					if !db.Get("replication_source_identifier").IsAbsent() || !db.Get("global_cluster_identifier").IsAbsent() {
						continue
					}
					mode, ok := db.Get("engine_mode").StrOr("provisioned")
					if !ok {
						continue
					}
					def = mode == "serverless"
				}
				if encrypted(db.Attrs, "storage_encrypted", def) != infra.False {
					continue
				}
				how := notTrue("storage_encrypted", "false")
				if engine, _ := engineOf(db, ""); engine == "sqlserver-ex" {
					how += " (SQL Server Express cannot encrypt its storage: use Standard or Enterprise edition)"
				}
				hits = append(hits, rule.Hitf(db, "%s stores its data unencrypted: %s; turning encryption on later means restoring a copy", db.Addr, how))
			}
			return hits
		},
	}
}
