variable "name" { type = string }
variable "subnet_ids" { type = list(string) }
variable "subnet_id" { type = string }
variable "sg_id" { type = string }
variable "instance_zone" { type = string }

resource "aws_launch_template" "this" {
  name_prefix            = var.name
  image_id               = "ami-12345678"
  instance_type          = "t3.small"
  vpc_security_group_ids = [var.sg_id]
}

resource "aws_autoscaling_group" "this" {
  name                = var.name
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = var.subnet_ids

  launch_template {
    id      = aws_launch_template.this.id
    version = "$Latest"
  }
}

# One standalone instance per module instance, in the subnet of its zone.
resource "aws_instance" "bastion" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = var.subnet_id
}
