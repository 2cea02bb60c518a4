resource "aws_autoscaling_group" "web" { # want aws-asg-no-scaling-policy
  min_size            = 3
  max_size            = 3
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

# A scheduled action does not follow the load.
resource "aws_autoscaling_schedule" "night" {
  scheduled_action_name  = "night"
  autoscaling_group_name = aws_autoscaling_group.web.name
  min_size               = 3
  max_size               = 3
  desired_capacity       = 3
  recurrence             = "0 22 * * *"
}
