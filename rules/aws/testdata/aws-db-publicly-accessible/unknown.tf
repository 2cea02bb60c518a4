variable "public" {
  type = bool
}

resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.m6g.large"
  allocated_storage   = 100
  publicly_accessible = var.public
}
