resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_subnet" "public" {
  for_each                = { a = "eu-west-1a", b = "eu-west-1b" }
  vpc_id                  = aws_vpc.main.id
  availability_zone       = each.value
  cidr_block              = each.key == "a" ? "10.0.0.0/24" : "10.0.1.0/24"
  map_public_ip_on_launch = true
}

resource "aws_route_table_association" "public" {
  for_each       = aws_subnet.public
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_subnet" "private" {
  for_each          = { a = "eu-west-1a", b = "eu-west-1b" }
  vpc_id            = aws_vpc.main.id
  availability_zone = each.value
  cidr_block        = each.key == "a" ? "10.0.10.0/24" : "10.0.11.0/24"
}

resource "aws_db_subnet_group" "public" {
  subnet_ids = [for s in aws_subnet.public : s.id]
}

resource "aws_db_instance" "main" { # want aws-db-world-reachable
  engine                 = "postgres"
  instance_class         = "db.m6g.large"
  allocated_storage      = 100
  publicly_accessible    = true
  db_subnet_group_name   = aws_db_subnet_group.public.name
  vpc_security_group_ids = [aws_security_group.db.id, aws_security_group.shared.id]
}

resource "aws_security_group" "db" {
  vpc_id = aws_vpc.main.id
}

# The database's second group is opened by a standalone rule elsewhere.
resource "aws_security_group" "shared" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "shared_all" {
  type              = "ingress"
  security_group_id = aws_security_group.shared.id
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
