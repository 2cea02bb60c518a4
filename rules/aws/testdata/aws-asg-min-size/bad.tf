resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-123"
}

resource "aws_autoscaling_group" "web" { # want aws-asg-min-size
  min_size            = 1
  max_size            = 4
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  target_group_arns   = [aws_lb_target_group.web.arn]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_autoscaling_group" "api" { # want aws-asg-min-size
  min_size            = 0
  max_size            = 4
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_autoscaling_attachment" "api" {
  autoscaling_group_name = aws_autoscaling_group.api.id
  lb_target_group_arn    = aws_lb_target_group.web.arn
}
