resource "aws_subnet" "public" {
  vpc_id            = "vpc-123"
  availability_zone = "eu-west-1a"
  cidr_block        = "10.0.0.0/24"
}

resource "aws_lb" "nlb" { # want aws-lb-single-zone
  load_balancer_type = "network"
  subnets            = [aws_subnet.public.id]
}

resource "aws_elb" "classic" { # want aws-lb-single-zone
  availability_zones = ["eu-west-1a"]
  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
