resource "aws_db_instance" "main" { # want aws-rds-unencrypted
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
}

resource "aws_rds_cluster" "orders" { # want aws-rds-unencrypted
  engine            = "aurora-mysql"
  storage_encrypted = false
}
