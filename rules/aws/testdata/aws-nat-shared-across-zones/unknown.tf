variable "zones" {
  type = list(string)
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = "vpc-123"
  availability_zone = var.zones[count.index]
  cidr_block        = "10.0.${count.index}.0/24"
}

resource "aws_nat_gateway" "shared" {
  subnet_id = "subnet-public"
}

resource "aws_route_table" "private" {
  vpc_id = "vpc-123"
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.shared.id
  }
}

resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}
