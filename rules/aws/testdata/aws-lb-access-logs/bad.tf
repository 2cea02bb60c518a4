resource "aws_lb" "none" { # want aws-lb-access-logs
  load_balancer_type = "application"
  subnets            = ["subnet-a", "subnet-b"]
}

# A bucket alone does not turn access logs on for aws_lb.
resource "aws_lb" "bucket_only" { # want aws-lb-access-logs
  subnets = ["subnet-a", "subnet-b"]
  access_logs {
    bucket = "logs"
  }
}

resource "aws_elb" "off" { # want aws-lb-access-logs
  subnets = ["subnet-a", "subnet-b"]
  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 443
    lb_protocol       = "https"
  }
  access_logs {
    bucket  = "logs"
    enabled = false
  }
}
