variable "db_password" {
  type = string
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  username          = "app"
  password          = var.db_password
}

variable "script" {
  type = string
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  user_data     = var.script
}

# Keys given at plan time (-var, TF_VAR_...): unknown here, and nothing says
# they are written anywhere.
variable "access_key" {
  type = string
}

variable "secret_key" {
  type = string
}

provider "aws" {
  region     = "eu-west-1"
  access_key = var.access_key
  secret_key = var.secret_key
}
