variable "protect" {
  type = bool
}

resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.m6g.large"
  allocated_storage   = 100
  deletion_protection = var.protect
}

resource "aws_rds_cluster" "main" {
  engine              = "aurora-postgresql"
  deletion_protection = var.protect
}
