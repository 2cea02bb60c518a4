resource "aws_subnet" "app" {
  count             = 2
  vpc_id            = "vpc-123"
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.${count.index}.0/24"
}

resource "aws_autoscaling_group" "web" { # want aws-asg-single-zone
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = aws_subnet.app[*].id
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_autoscaling_group" "legacy" { # want aws-asg-single-zone
  min_size           = 2
  max_size           = 4
  availability_zones = ["eu-west-1b"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
