# The classic first deployment: one web server in the default VPC, SSH and
# HTTP open to the world, an unencrypted disk, no alarms and no backups.
# It works until the day it doesn't: `plimsoll audit` says why.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "ami_id" {
  description = "Ubuntu 24.04 LTS."
  type        = string
  default     = "ami-0e2c8caa4b6378d8c"
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Web server"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "web" {
  ami                         = var.ami_id
  instance_type               = "t3.medium"
  vpc_security_group_ids      = [aws_security_group.web.id]
  associate_public_ip_address = true
  key_name                    = "deploy"

  root_block_device {
    volume_size = 50
    encrypted   = false
  }

  user_data = <<-EOT
    #!/bin/bash
    apt-get update && apt-get install -y nginx postgresql
    systemctl enable --now nginx postgresql
  EOT

  tags = {
    Name = "web"
  }
}

resource "aws_eip" "web" {
  instance = aws_instance.web.id
  domain   = "vpc"
}

output "public_ip" {
  value = aws_eip.web.public_ip
}
