variable "multi_az" {
  type = bool
}

variable "engine" {
  type = string
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  multi_az          = var.multi_az
}

# An engine unknown until apply might be Aurora.
resource "aws_db_instance" "engine" {
  engine            = var.engine
  instance_class    = "db.m6g.large"
  allocated_storage = 100
}
