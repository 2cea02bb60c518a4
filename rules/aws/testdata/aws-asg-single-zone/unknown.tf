# One subnet's zone is known, the other comes from a variable, and a third
# subnet id comes from outside the configuration: the group may span more.
variable "zone" {
  type = string
}

variable "extra_subnet_ids" {
  type = list(string)
}

resource "aws_subnet" "a" {
  vpc_id            = "vpc-123"
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.0.0/24"
}

resource "aws_subnet" "b" {
  vpc_id            = "vpc-123"
  availability_zone = var.zone
  cidr_block        = "10.0.1.0/24"
}

resource "aws_subnet" "c" {
  vpc_id     = "vpc-123"
  cidr_block = "10.0.2.0/24"
}

resource "aws_autoscaling_group" "two" {
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_autoscaling_group" "picked_by_aws" {
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.c.id]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_autoscaling_group" "from_variable" {
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = var.extra_subnet_ids
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_autoscaling_group" "literal" {
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = [aws_subnet.a.id, "subnet-0abc"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
