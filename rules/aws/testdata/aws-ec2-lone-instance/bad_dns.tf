resource "aws_instance" "api" { # want aws-ec2-lone-instance
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  subnet_id     = "subnet-0123456789abcdef0"
}

resource "aws_route53_record" "api" {
  zone_id = "Z123"
  name    = "api.example.com"
  type    = "A"
  ttl     = 60
  records = [aws_instance.api.private_ip]
}
