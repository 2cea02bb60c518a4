resource "aws_subnet" "public" {
  for_each          = { a = "eu-west-1a", b = "eu-west-1b" }
  vpc_id            = "vpc-123"
  availability_zone = each.value
  cidr_block        = each.key == "a" ? "10.0.0.0/24" : "10.0.1.0/24"
}

resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = values(aws_subnet.public)[*].id
}

resource "aws_lb" "nlb" {
  load_balancer_type = "network"
  dynamic "subnet_mapping" {
    for_each = aws_subnet.public
    content {
      subnet_id = subnet_mapping.value.id
    }
  }
}
