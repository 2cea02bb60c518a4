resource "aws_db_instance" "main" { # want aws-rds-backups-off
  engine                  = "postgres"
  instance_class          = "db.m6g.large"
  allocated_storage       = 100
  backup_retention_period = 0
}
