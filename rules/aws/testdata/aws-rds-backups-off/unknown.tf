variable "retention" {
  type = number
}

resource "aws_db_instance" "main" {
  engine                  = "postgres"
  instance_class          = "db.m6g.large"
  allocated_storage       = 100
  backup_retention_period = var.retention
}
