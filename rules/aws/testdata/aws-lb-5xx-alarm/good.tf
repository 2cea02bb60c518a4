resource "aws_lb" "web" {
  load_balancer_type = "application"
  subnets            = ["subnet-a", "subnet-b"]
}

resource "aws_cloudwatch_metric_alarm" "web_error_rate" {
  alarm_name          = "web-error-rate"
  evaluation_periods  = 5
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.oncall.arn]
  metric_query {
    id          = "rate"
    expression  = "100 * errors / requests"
    return_data = true
  }
  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = { LoadBalancer = aws_lb.web.arn_suffix }
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = { LoadBalancer = aws_lb.web.arn_suffix }
      period      = 60
      stat        = "Sum"
    }
  }
}

resource "aws_sns_topic" "oncall" {
  name = "oncall"
}

# Network load balancers have no HTTP status codes.
resource "aws_lb" "tcp" {
  load_balancer_type = "network"
  subnets            = ["subnet-a", "subnet-b"]
}
