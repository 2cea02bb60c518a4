variable "health_check_type" {
  type = string
}

variable "target_group_arns" {
  type = list(string)
}

resource "aws_autoscaling_group" "web" {
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  target_group_arns   = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef"]
  health_check_type   = var.health_check_type
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_autoscaling_group" "maybe_behind" {
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  target_group_arns   = var.target_group_arns
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
