# Instances behind a load balancer are judged by aws-lb-single-target; a
# private instance with SSH only from the VPN serves no one directly.
resource "aws_instance" "worker" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.private.id
  vpc_security_group_ids = [aws_security_group.worker.id]
}

resource "aws_subnet" "private" {
  vpc_id            = "vpc-123"
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.10.0/24"
}

resource "aws_security_group" "worker" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.8.0.0/16"]
  }
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  subnet_id     = aws_subnet.private.id
}

resource "aws_lb_target_group_attachment" "web" {
  target_group_arn = aws_lb_target_group.web.arn
  target_id        = aws_instance.web.id
}

resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-123"
}
