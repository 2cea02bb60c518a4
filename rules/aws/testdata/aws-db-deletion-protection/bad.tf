resource "aws_db_instance" "main" { # want aws-db-deletion-protection
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
}

resource "aws_rds_cluster" "main" { # want aws-db-deletion-protection
  engine              = "aurora-postgresql"
  deletion_protection = false
}
