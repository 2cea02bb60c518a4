resource "aws_security_group" "db" { # want aws-sg-db-port-open
  vpc_id = "vpc-123"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "cache" {
  vpc_id = "vpc-123"
}

resource "aws_vpc_security_group_ingress_rule" "redis" { # want aws-sg-db-port-open
  security_group_id = aws_security_group.cache.id
  cidr_ipv6         = "::/0"
  ip_protocol       = "tcp"
  from_port         = 6379
  to_port           = 6379
}

resource "aws_security_group_rule" "search" { # want aws-sg-db-port-open
  type              = "ingress"
  security_group_id = aws_security_group.cache.id
  from_port         = 9000
  to_port           = 9300
  protocol          = "6"
  cidr_blocks       = ["0.0.0.0/0"]
}
