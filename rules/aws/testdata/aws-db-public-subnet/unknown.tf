variable "route_table_id" {
  type = string
}

variable "gateway_id" {
  type = string
}

resource "aws_subnet" "a" {
  vpc_id            = "vpc-123"
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.0.0/24"
}

resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = var.route_table_id
}

resource "aws_subnet" "b" {
  vpc_id            = "vpc-123"
  availability_zone = "eu-west-1b"
  cidr_block        = "10.0.1.0/24"
}

resource "aws_route_table" "b" {
  vpc_id = "vpc-123"
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = var.gateway_id
  }
}

resource "aws_route_table_association" "b" {
  subnet_id      = aws_subnet.b.id
  route_table_id = aws_route_table.b.id
}

resource "aws_db_subnet_group" "db" {
  subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]
}

resource "aws_db_instance" "main" {
  engine               = "postgres"
  instance_class       = "db.m6g.large"
  allocated_storage    = 100
  db_subnet_group_name = aws_db_subnet_group.db.name
}
