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

# The database is private, but it admits a bastion the internet can SSH into.
resource "aws_db_subnet_group" "private" {
  subnet_ids = [for s in aws_subnet.private : s.id]
}

resource "aws_db_instance" "main" { # want aws-db-world-reachable
  engine                 = "mysql"
  instance_class         = "db.m6g.large"
  allocated_storage      = 100
  db_subnet_group_name   = aws_db_subnet_group.private.name
  vpc_security_group_ids = [aws_security_group.db.id]
}

resource "aws_security_group" "db" {
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_admin" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = aws_security_group.admin.id
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
}

# admin hosts are reachable over SSH from the bastion...
resource "aws_security_group" "admin" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }
}

resource "aws_instance" "admin" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.private["a"].id
  vpc_security_group_ids = [aws_security_group.admin.id]
}

# ...and the bastion from the whole internet.
resource "aws_security_group" "bastion" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "bastion" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.public["a"].id
  vpc_security_group_ids = [aws_security_group.bastion.id]
}

resource "aws_elasticache_replication_group" "cache" { # want aws-db-world-reachable
  replication_group_id = "cache"
  description          = "cache"
  node_type            = "cache.t4g.small"
  security_group_ids   = [aws_security_group.cache.id]
}

resource "aws_security_group" "cache" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port       = 6379
    to_port         = 6379
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }
}
