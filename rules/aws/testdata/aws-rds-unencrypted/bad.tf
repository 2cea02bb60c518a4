resource "aws_db_instance" "main" { # want aws-rds-unencrypted
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
}

resource "aws_rds_cluster" "orders" { # want aws-rds-unencrypted
  engine            = "aurora-mysql"
  storage_encrypted = false
}

# Express edition cannot encrypt: the finding says so.
resource "aws_db_instance" "express" { # want aws-rds-unencrypted
  engine            = "sqlserver-ex"
  instance_class    = "db.t3.large"
  allocated_storage = 20
  storage_encrypted = false
}
