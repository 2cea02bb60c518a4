resource "aws_db_instance" "main" { # want aws-db-publicly-accessible
  engine              = "postgres"
  instance_class      = "db.m6g.large"
  allocated_storage   = 100
  publicly_accessible = true
}

resource "aws_rds_cluster_instance" "reader" { # want aws-db-publicly-accessible
  cluster_identifier  = "orders"
  engine              = "aurora-postgresql"
  instance_class      = "db.r6g.large"
  publicly_accessible = true
}
