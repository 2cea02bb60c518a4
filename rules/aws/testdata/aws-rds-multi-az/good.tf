resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  multi_az          = true
}

# A read replica takes its availability from its source.
resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.main.identifier
  instance_class      = "db.m6g.large"
}
