variable "min_size" {
  type = number
}

variable "target_group_arns" {
  type = list(string)
}

resource "aws_autoscaling_group" "web" {
  min_size            = var.min_size
  max_size            = 4
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  target_group_arns   = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

# Whether this one is behind a load balancer is unknown until apply.
resource "aws_autoscaling_group" "maybe" {
  min_size            = 1
  max_size            = 4
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  target_group_arns   = var.target_group_arns
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
