provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}

resource "aws_s3_bucket" "db_backups" { # want aws-s3-backup-versioning
  bucket = "shop-db-backups"
}

resource "aws_s3_bucket" "tagged" { # want aws-s3-backup-versioning
  bucket = "shop-dumps"
  tags   = { Purpose = "Backup" }
}

resource "aws_s3_bucket_versioning" "tagged" {
  bucket = aws_s3_bucket.tagged.id
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket" "source" {
  bucket = "shop-uploads"
}

resource "aws_s3_bucket" "replica" { # want aws-s3-backup-versioning
  provider = aws.dr
  bucket   = "shop-uploads-dr"
}

resource "aws_s3_bucket_replication_configuration" "uploads" {
  bucket = aws_s3_bucket.source.id
  role   = "arn:aws:iam::123456789012:role/replication"
  rule {
    status = "Enabled"
    destination {
      bucket = aws_s3_bucket.replica.arn
    }
  }
}
