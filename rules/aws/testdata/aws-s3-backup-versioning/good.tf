resource "aws_s3_bucket" "db_backups" {
  bucket = "shop-db-backups"
}

resource "aws_s3_bucket_versioning" "db_backups" {
  bucket = aws_s3_bucket.db_backups.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Older providers' inline block.
resource "aws_s3_bucket" "legacy_backups" {
  bucket = "legacy-backups"
  versioning {
    enabled = true
  }
}

# Not a backup bucket: versioning is a choice here.
resource "aws_s3_bucket" "logs" {
  bucket = "shop-access-logs"
}
