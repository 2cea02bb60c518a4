variable "group_name" {
  type = string
}

resource "aws_autoscaling_group" "web" {
  min_size            = 3
  max_size            = 12
  vpc_zone_identifier = ["subnet-a", "subnet-b", "subnet-c"]
  target_group_arns   = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

# This policy's group is known only at apply: it may be the one above.
resource "aws_autoscaling_policy" "somewhere" {
  name                   = "cpu"
  autoscaling_group_name = var.group_name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 50
  }
}
