variable "admin_cidrs" {
  type = list(string)
}

variable "port" {
  type = number
}

variable "rules" {
  type = number
}

resource "aws_security_group" "web" {
  vpc_id = "vpc-123"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }
  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Perhaps no such rule exists at all.
resource "aws_security_group_rule" "maybe" {
  count             = var.rules
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
