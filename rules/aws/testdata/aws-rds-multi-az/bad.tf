resource "aws_db_instance" "main" { # want aws-rds-multi-az
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
}

resource "aws_db_instance" "explicit" { # want aws-rds-multi-az
  engine            = "mysql"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  multi_az          = false
}
