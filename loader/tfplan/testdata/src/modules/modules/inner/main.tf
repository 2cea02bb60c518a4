variable "vpc_id" { type = string }

resource "aws_security_group" "this" {
  name   = "inner"
  vpc_id = var.vpc_id

  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.peer.id]
  }
}

resource "aws_security_group" "peer" {
  name   = "peer"
  vpc_id = var.vpc_id
}

output "sg_id" {
  value = aws_security_group.this.id
}
