package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

func backupCrossRegion() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-backup-cross-region",
			Title:    "Backups are not copied to another region",
			Severity: rule.Medium,
			Concern:  rule.Recovery,
			Rationale: "Backups kept only in the database's own region are lost or unreachable together with it: a " +
				"regional outage, an account compromise that deletes the region's snapshots, or a mistake in a " +
				"region-wide automation. A copy in another region is what makes a regional disaster recoverable. " +
				"Any of these counts: an AWS Backup plan covering the database with a copy_action to a vault whose " +
				"provider region differs, RDS cross-region automated backups " +
				"(aws_db_instance_automated_backups_replication), a cross-region read replica, an Aurora global " +
				"database, or, for backup buckets, S3 replication to a bucket in another region.",
			Remediation: "Add a copy_action to the backup plan covering the database, with destination_vault_arn a " +
				"vault created through a provider alias in another region; or replicate automated backups.",
			Example: `provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}

resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_backup_vault" "dr" {
  provider = aws.dr
  name     = "dr"
}

resource "aws_backup_plan" "db" {
  name = "db"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 * * ? *)"
    copy_action {
      destination_vault_arn = aws_backup_vault.dr.arn
    }
  }
}

resource "aws_backup_selection" "db" {
  name         = "db"
  plan_id      = aws_backup_plan.db.id
  iam_role_arn = var.backup_role_arn
  resources    = [aws_db_instance.main.arn]
}

resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  username                    = "app"
  manage_master_user_password = true
}`,
			Links: []string{
				"https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html",
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html",
			},
			Types: []string{"aws_db_instance", "aws_rds_cluster", "aws_s3_bucket", "aws_backup_plan", "aws_backup_selection"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, r := range managed(g, "aws_db_instance", "aws_rds_cluster", "aws_s3_bucket") {
				if r.CountUnknown {
					continue
				}
				switch r.Addr.Type {
				case "aws_db_instance":
					engine, ok := engineOf(r, "")
					if !ok || strings.HasPrefix(engine, "aurora") || isReplica(r) != infra.False {
						continue
					}
				case "aws_rds_cluster":
					if !r.Get("replication_source_identifier").IsAbsent() {
						continue
					}
				case "aws_s3_bucket":
					if backupBucket(g, r) == "" {
						continue
					}
				}
				if t, _ := aws.CrossRegionBackup(g, r); t != infra.False {
					continue
				}
				where := "its region"
				if reg, ok := r.Region.Str(); ok {
					where = reg
				}
				if r.Addr.Type == "aws_s3_bucket" {
					hits = append(hits, rule.Hitf(r, "backup bucket %s is not replicated out of %s; a regional disaster or a compromised account loses it", r.Addr, where))
					continue
				}
				hits = append(hits, rule.Hitf(r, "the backups of %s never leave %s: no AWS Backup copy to another region, no cross-region automated backups, replica or global database; a regional disaster or a compromised account loses them with the database",
					r.Addr, where))
			}
			return hits
		},
	}
}
