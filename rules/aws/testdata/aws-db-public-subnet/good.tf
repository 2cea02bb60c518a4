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

# Private subnets route through a NAT gateway, not an internet gateway.
resource "aws_nat_gateway" "a" {
  subnet_id = aws_subnet.public["a"].id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.a.id
  }
}

resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}

resource "aws_db_subnet_group" "private" {
  subnet_ids = [for s in aws_subnet.private : s.id]
}

resource "aws_db_instance" "main" {
  engine               = "postgres"
  instance_class       = "db.m6g.large"
  allocated_storage    = 100
  db_subnet_group_name = aws_db_subnet_group.private.name
}

# map_public_ip_on_launch alone does not make a subnet public.
resource "aws_subnet" "mapped" {
  vpc_id                  = aws_vpc.main.id
  availability_zone       = "eu-west-1c"
  cidr_block              = "10.0.30.0/24"
  map_public_ip_on_launch = true
}

resource "aws_db_subnet_group" "mapped" {
  subnet_ids = [aws_subnet.mapped.id]
}

resource "aws_db_instance" "mapped" {
  engine               = "postgres"
  instance_class       = "db.m6g.large"
  allocated_storage    = 100
  db_subnet_group_name = aws_db_subnet_group.mapped.name
}
