provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}

resource "aws_db_instance" "main" { # want aws-backup-cross-region
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
}

# Copied, but to a vault in the same region.
resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_backup_vault" "second" {
  name = "second"
}

resource "aws_backup_plan" "db" {
  name = "db"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 * * ? *)"
    copy_action {
      destination_vault_arn = aws_backup_vault.second.arn
    }
  }
}

resource "aws_backup_selection" "db" {
  name         = "db"
  plan_id      = aws_backup_plan.db.id
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = [aws_db_instance.main.arn]
}

resource "aws_rds_cluster" "orders" { # want aws-backup-cross-region
  engine              = "aurora-postgresql"
  deletion_protection = true
}

resource "aws_s3_bucket" "backups" { # want aws-backup-cross-region
  bucket = "shop-backups"
}
