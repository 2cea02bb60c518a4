# Planned against a state of existing infrastructure: the VPC, subnet and
# security group already exist, so their ids are known, and the new instance
# reaches its subnet through a local, which plan JSON's configuration does
# not describe; only the known subnet id ties them together.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

locals {
  subnet_id = aws_subnet.a.id
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id
}

resource "aws_instance" "web" {
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  subnet_id              = local.subnet_id
  vpc_security_group_ids = [aws_security_group.web.id]
}
