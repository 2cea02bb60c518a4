locals {
  zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

resource "aws_subnet" "app" {
  for_each          = toset(local.zones)
  vpc_id            = "vpc-123"
  availability_zone = each.key
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, index(local.zones, each.key))
}

resource "aws_autoscaling_group" "web" {
  min_size            = 3
  max_size            = 9
  vpc_zone_identifier = [for s in aws_subnet.app : s.id]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
