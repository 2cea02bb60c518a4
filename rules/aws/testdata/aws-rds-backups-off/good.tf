resource "aws_db_instance" "main" {
  engine                  = "postgres"
  instance_class          = "db.m6g.large"
  allocated_storage       = 100
  backup_retention_period = 14
}

# Absent: the RDS API's default of 1 day applies, so backups are on.
resource "aws_db_instance" "default" {
  engine            = "mysql"
  instance_class    = "db.t4g.small"
  allocated_storage = 20
}

# Read replicas take no automated backups of their own by default.
resource "aws_db_instance" "replica" {
  replicate_source_db     = aws_db_instance.main.identifier
  instance_class          = "db.m6g.large"
  backup_retention_period = 0
}
