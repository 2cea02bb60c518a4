variable "instances" {
  type = number
}

resource "aws_instance" "web" {
  count         = var.instances
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
}

resource "aws_eip" "web" {
  count    = var.instances
  instance = aws_instance.web[count.index].id
}
