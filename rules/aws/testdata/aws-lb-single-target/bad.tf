resource "aws_lb_target_group" "web" { # want aws-lb-single-target
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-123"
}

resource "aws_lb_target_group_attachment" "web" {
  target_group_arn = aws_lb_target_group.web.arn
  target_id        = aws_instance.web.id
  port             = 80
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  subnet_id     = "subnet-123"
}

resource "aws_elb" "legacy" { # want aws-lb-single-target
  subnets   = ["subnet-1", "subnet-2"]
  instances = [aws_instance.web.id]
  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 443
    lb_protocol       = "https"
  }
}
