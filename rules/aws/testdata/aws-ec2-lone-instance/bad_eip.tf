provider "aws" {
  region = "eu-west-1"
}

resource "aws_instance" "web" { # want aws-ec2-lone-instance
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  subnet_id     = aws_subnet.public.id
}

resource "aws_eip" "web" {
  instance = aws_instance.web.id
  domain   = "vpc"
}

resource "aws_subnet" "public" {
  vpc_id            = "vpc-123"
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.0.0/24"
}
