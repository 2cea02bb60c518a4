variable "status" {
  type = string
}

variable "bucket" {
  type = string
}

resource "aws_s3_bucket" "a" {
  bucket = "shop-db-backups"
}

resource "aws_s3_bucket_versioning" "a" {
  bucket = aws_s3_bucket.a.id
  versioning_configuration {
    status = var.status
  }
}

resource "aws_s3_bucket" "b" {
  bucket = "other-backups"
}

# Versioning for a bucket known only at apply: it may be "other-backups".
resource "aws_s3_bucket_versioning" "somewhere" {
  bucket = var.bucket
  versioning_configuration {
    status = "Enabled"
  }
}
