resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  storage_encrypted = true
}

resource "aws_db_instance" "kms" {
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/abcd"
}

resource "aws_rds_cluster" "orders" {
  engine            = "aurora-mysql"
  storage_encrypted = true
}

# Serverless v1 clusters are always encrypted; restores inherit the snapshot.
resource "aws_rds_cluster" "serverless" {
  engine      = "aurora-mysql"
  engine_mode = "serverless"
}

resource "aws_db_instance" "restored" {
  snapshot_identifier = "shop-2024-01-01"
  instance_class      = "db.m6g.large"
}
