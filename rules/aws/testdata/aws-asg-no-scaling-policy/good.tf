resource "aws_autoscaling_group" "web" {
  name                = "web"
  min_size            = 3
  max_size            = 12
  vpc_zone_identifier = ["subnet-a", "subnet-b", "subnet-c"]
  target_group_arns   = [aws_lb_target_group.web.arn]
  health_check_type   = "ELB"
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-123"
}

resource "aws_autoscaling_policy" "web" {
  name                   = "requests"
  autoscaling_group_name = aws_autoscaling_group.web.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "app/web/123/targetgroup/web/456"
    }
    target_value = 1000
  }
}

# Named by its literal name rather than by reference.
resource "aws_autoscaling_group" "api" {
  name                = "api"
  min_size            = 2
  max_size            = 8
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  target_group_arns   = [aws_lb_target_group.web.arn]
  health_check_type   = "ELB"
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_autoscaling_policy" "api" {
  name                   = "cpu"
  autoscaling_group_name = "api"
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 50
  }
}
