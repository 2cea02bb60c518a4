resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { AutoScalingGroupName = "web" }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.oncall.arn]
}

resource "aws_sns_topic" "oncall" {
  name = "oncall"
}

# Scaling is an action too.
resource "aws_cloudwatch_metric_alarm" "scale" {
  alarm_name          = "scale-up"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = "jobs" }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 2
  threshold           = 1000
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = ["arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:1:autoScalingGroupName/workers:policyName/up"]
}
