variable "vpc_id" { type = string }
variable "zone" { type = string }
variable "cidr" { type = string }

resource "aws_subnet" "this" {
  vpc_id            = var.vpc_id
  availability_zone = var.zone
  cidr_block        = var.cidr
}

output "id" {
  value = aws_subnet.this.id
}
