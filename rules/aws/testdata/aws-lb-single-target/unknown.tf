variable "instances" {
  type = set(string)
}

resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-123"
}

resource "aws_lb_target_group_attachment" "web" {
  for_each         = var.instances
  target_group_arn = aws_lb_target_group.web.arn
  target_id        = each.value
}
