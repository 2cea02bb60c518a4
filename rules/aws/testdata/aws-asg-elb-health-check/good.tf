resource "aws_autoscaling_group" "web" {
  min_size                  = 2
  max_size                  = 4
  vpc_zone_identifier       = ["subnet-a", "subnet-b"]
  target_group_arns         = [aws_lb_target_group.web.arn]
  health_check_type         = "ELB"
  health_check_grace_period = 120
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

# Not behind a load balancer: EC2 checks are all there is.
resource "aws_autoscaling_group" "workers" {
  min_size            = 1
  max_size            = 10
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
