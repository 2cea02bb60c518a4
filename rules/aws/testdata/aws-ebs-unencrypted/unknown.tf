variable "encrypted" {
  type = bool
}

variable "root" {
  type = list(object({ encrypted = bool }))
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = var.encrypted
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  dynamic "root_block_device" {
    for_each = var.root
    content {
      encrypted = root_block_device.value.encrypted
    }
  }
}
