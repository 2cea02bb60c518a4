resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-123"
}

resource "aws_lb_target_group_attachment" "web" {
  for_each         = aws_instance.web
  target_group_arn = aws_lb_target_group.web.arn
  target_id        = each.value.id
}

resource "aws_instance" "web" {
  for_each      = toset(["a", "b"])
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  subnet_id     = "subnet-${each.key}"
}

resource "aws_lb_target_group" "api" {
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-123"
}

resource "aws_autoscaling_group" "api" {
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  target_group_arns   = [aws_lb_target_group.api.arn]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_lb_target_group" "fn" {
  target_type = "lambda"
}

resource "aws_lb_target_group_attachment" "fn" {
  target_group_arn = aws_lb_target_group.fn.arn
  target_id        = "arn:aws:lambda:eu-west-1:123456789012:function:f"
}
