# count, a data source Terraform reads while planning, a policy built from it,
# a database that leaves its defaults to the provider, and a password from a
# sensitive variable.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "correct-horse-battery-staple"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  count = 2

  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = ["eu-west-1a", "eu-west-1b"][count.index]
}

resource "aws_instance" "web" {
  count = 2

  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.a[count.index].id

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 10
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::example/*"]
  }
}

resource "aws_iam_policy" "read" {
  name   = "read"
  policy = data.aws_iam_policy_document.read.json
}

resource "aws_db_subnet_group" "db" {
  name       = "db"
  subnet_ids = aws_subnet.a[*].id
}

resource "aws_db_instance" "db" {
  identifier           = "db"
  engine               = "postgres"
  instance_class       = "db.t4g.micro"
  allocated_storage    = 20
  username             = "app"
  password             = var.db_password
  db_subnet_group_name = aws_db_subnet_group.db.name
  skip_final_snapshot  = true
}

# A password written into the code, one passed into a module from a
# sensitive variable, and one read from another resource's secret.
resource "aws_db_instance" "literal" {
  identifier          = "literal"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "app"
  password            = "hunter2hunter2"
  skip_final_snapshot = true
}

module "db" {
  source   = "./modules/db"
  password = var.db_password
}

resource "aws_secretsmanager_secret" "db" {
  name = "db"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = "generated-elsewhere"
}

resource "aws_db_instance" "from_secret" {
  identifier          = "from-secret"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "app"
  password            = aws_secretsmanager_secret_version.db.secret_string
  skip_final_snapshot = true
}
