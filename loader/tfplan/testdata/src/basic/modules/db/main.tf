# The variable is not declared sensitive here; its caller's value is.
variable "password" {
  type = string
}

resource "aws_db_instance" "this" {
  identifier          = "module-db"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "app"
  password            = var.password
  skip_final_snapshot = true
}
