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

variable "db_security_group_ids" {
  type = list(string)
}

variable "public" {
  type = bool
}

resource "aws_db_subnet_group" "public" {
  subnet_ids = [for s in aws_subnet.public : s.id]
}

# Its groups come from a variable.
resource "aws_db_instance" "groups" {
  engine                 = "postgres"
  instance_class         = "db.m6g.large"
  allocated_storage      = 100
  publicly_accessible    = true
  db_subnet_group_name   = aws_db_subnet_group.public.name
  vpc_security_group_ids = var.db_security_group_ids
}

resource "aws_security_group" "open" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Whether it has a public address is decided by a variable.
resource "aws_db_instance" "address" {
  engine                 = "postgres"
  instance_class         = "db.m6g.large"
  allocated_storage      = 100
  publicly_accessible    = var.public
  db_subnet_group_name   = aws_db_subnet_group.public.name
  vpc_security_group_ids = [aws_security_group.open.id]
}
