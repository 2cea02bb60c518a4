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

# The database admits the whole VPC range, which holds a web server the
# internet can SSH into.
resource "aws_db_subnet_group" "private" {
  subnet_ids = [for s in aws_subnet.private : s.id]
}

resource "aws_db_instance" "main" { # want aws-db-world-reachable
  engine                 = "postgres"
  instance_class         = "db.m6g.large"
  allocated_storage      = 100
  db_subnet_group_name   = aws_db_subnet_group.private.name
  vpc_security_group_ids = [aws_security_group.db.id]
}

resource "aws_security_group" "db" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "web" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.public["b"].id
  vpc_security_group_ids = [aws_security_group.web.id]
}

# Admitting a range that holds no such host is no path.
resource "aws_db_instance" "other" {
  engine                 = "postgres"
  instance_class         = "db.m6g.large"
  allocated_storage      = 100
  db_subnet_group_name   = aws_db_subnet_group.private.name
  vpc_security_group_ids = [aws_security_group.db_narrow.id]
}

resource "aws_security_group" "db_narrow" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.10.0/24"]
  }
}
