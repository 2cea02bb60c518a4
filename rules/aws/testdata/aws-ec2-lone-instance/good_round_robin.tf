# Two interchangeable instances behind round-robin DNS: no single one
# carries the service.
resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  subnet_id     = "subnet-123"
}

resource "aws_eip" "web" {
  count    = 2
  instance = aws_instance.web[count.index].id
}

resource "aws_route53_record" "www" {
  zone_id = "Z123"
  name    = "www.example.com"
  type    = "A"
  ttl     = 60
  records = aws_eip.web[*].public_ip
}
