variable "region" {
  type = string
}

variable "dr_region" {
  type = string
}

variable "plan_resources" {
  type = list(string)
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "dr"
  region = var.dr_region
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
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = [aws_db_instance.main.arn]
}

# The regions are variables without values: maybe the same, maybe not.
resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
}

# Which resources this selection covers is unknown until apply.
resource "aws_backup_selection" "other" {
  name         = "other"
  plan_id      = aws_backup_plan.db.id
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = var.plan_resources
}

resource "aws_rds_cluster" "orders" {
  engine = "aurora-postgresql"
}
