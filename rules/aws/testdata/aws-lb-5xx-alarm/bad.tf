resource "aws_lb" "web" { # want aws-lb-5xx-alarm
  load_balancer_type = "application"
  subnets            = ["subnet-a", "subnet-b"]
}

# Watching latency is good, but it is not an error alarm.
resource "aws_cloudwatch_metric_alarm" "latency" {
  alarm_name          = "web-5xx"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  dimensions          = { LoadBalancer = aws_lb.web.arn_suffix }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 1
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
}

resource "aws_elb" "legacy" { # want aws-lb-5xx-alarm
  subnets = ["subnet-a", "subnet-b"]
  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 443
    lb_protocol       = "https"
  }
}
