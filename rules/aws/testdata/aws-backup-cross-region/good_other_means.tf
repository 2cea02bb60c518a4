provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}

resource "aws_db_instance" "main" {
  identifier        = "shop"
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
}

resource "aws_db_instance_automated_backups_replication" "main" {
  provider               = aws.dr
  source_db_instance_arn = aws_db_instance.main.arn
  retention_period       = 14
}

resource "aws_db_instance" "reports" {
  identifier        = "reports"
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
}

resource "aws_db_instance" "reports_dr" {
  provider            = aws.dr
  replicate_source_db = aws_db_instance.reports.arn
  instance_class      = "db.m6g.large"
}

resource "aws_s3_bucket" "backups" {
  bucket = "shop-backups"
}

resource "aws_s3_bucket" "backups_dr" {
  provider = aws.dr
  bucket   = "shop-backups-dr"
}

resource "aws_s3_bucket_replication_configuration" "backups" {
  bucket = aws_s3_bucket.backups.id
  role   = "arn:aws:iam::123456789012:role/replication"
  rule {
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.backups_dr.arn
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "backups_dr" {
  provider = aws.dr
  bucket   = aws_s3_bucket.backups_dr.id
  role     = "arn:aws:iam::123456789012:role/replication"
  rule {
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.backups.arn
    }
  }
}
