# The internet route is a standalone aws_route, and the subnet uses the VPC's
# main route table (no association of its own).
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_default_route_table" "main" {
  default_route_table_id = aws_vpc.main.default_route_table_id
}

resource "aws_route" "internet" {
  route_table_id         = aws_default_route_table.main.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}

resource "aws_subnet" "db" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  availability_zone = count.index == 0 ? "eu-west-1a" : "eu-west-1b"
  cidr_block        = "10.0.${count.index}.0/24"
}

resource "aws_db_subnet_group" "db" {
  subnet_ids = aws_subnet.db[*].id
}

resource "aws_rds_cluster" "orders" { # want aws-db-public-subnet
  engine               = "aurora-postgresql"
  db_subnet_group_name = aws_db_subnet_group.db.name
}
