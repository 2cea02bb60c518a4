resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = ["subnet-a", "subnet-b"]
}

variable "lb_suffix" {
  type = string
}

variable "type" {
  type = string
}

resource "aws_cloudwatch_metric_alarm" "somewhere_5xx" {
  alarm_name          = "5xx"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_ELB_5XX_Count"
  dimensions          = { LoadBalancer = var.lb_suffix }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
}

resource "aws_lb" "typed" {
  load_balancer_type = var.type
  subnets            = ["subnet-a", "subnet-b"]
}
