resource "aws_lb" "web" {
  subnets = ["subnet-a", "subnet-b"]
  access_logs {
    bucket  = "logs"
    prefix  = "web"
    enabled = true
  }
}

resource "aws_elb" "classic" {
  subnets = ["subnet-a", "subnet-b"]
  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 443
    lb_protocol       = "https"
  }
  access_logs {
    bucket = "logs"
  }
}

resource "aws_lb" "gateway" {
  load_balancer_type = "gateway"
  subnets            = ["subnet-a", "subnet-b"]
}
