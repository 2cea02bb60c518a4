resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = ["subnet-a", "subnet-b"]
}

resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-123"
}

variable "protocol" {
  type = string
}

variable "internal" {
  type = bool
}

resource "aws_lb_listener" "configurable" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = var.protocol
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb" "maybe_internal" {
  internal = var.internal
  subnets  = ["subnet-a", "subnet-b"]
}

resource "aws_lb_listener" "maybe" {
  load_balancer_arn = aws_lb.maybe_internal.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
