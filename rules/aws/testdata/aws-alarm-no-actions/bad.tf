resource "aws_cloudwatch_metric_alarm" "cpu" { # want aws-alarm-no-actions
  alarm_name          = "cpu"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { AutoScalingGroupName = "web" }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
}

resource "aws_cloudwatch_metric_alarm" "muted" { # want aws-alarm-no-actions
  alarm_name          = "muted"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { AutoScalingGroupName = "web" }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.oncall.arn]
  actions_enabled     = false
}

resource "aws_cloudwatch_metric_alarm" "empty" { # want aws-alarm-no-actions
  alarm_name          = "empty"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { AutoScalingGroupName = "web" }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = []
}

resource "aws_sns_topic" "oncall" {
  name = "oncall"
}
