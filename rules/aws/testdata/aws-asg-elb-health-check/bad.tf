resource "aws_autoscaling_group" "web" { # want aws-asg-elb-health-check
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  target_group_arns   = [aws_lb_target_group.web.arn]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_autoscaling_group" "api" { # want aws-asg-elb-health-check
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  health_check_type   = "EC2"
  load_balancers      = [aws_elb.api.name]
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

resource "aws_elb" "api" {
  subnets = ["subnet-a", "subnet-b"]
  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 443
    lb_protocol       = "https"
  }
}
