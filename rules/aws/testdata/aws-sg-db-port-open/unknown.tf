variable "cidr" {
  type = string
}

variable "protocol" {
  type = string
}

resource "aws_security_group" "db" {
  vpc_id = "vpc-123"
}

resource "aws_vpc_security_group_ingress_rule" "pg" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = var.cidr
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
}

resource "aws_vpc_security_group_ingress_rule" "mysql" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = var.protocol
  from_port         = 3306
  to_port           = 3306
}
