resource "aws_autoscaling_group" "web" {
  name                = "web"
  min_size            = 3
  max_size            = 9
  vpc_zone_identifier = ["subnet-a", "subnet-b", "subnet-c"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_sns_topic" "oncall" {
  name = "oncall"
}

resource "aws_cloudwatch_metric_alarm" "web_cpu" {
  alarm_name          = "whatever-the-name"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { AutoScalingGroupName = aws_autoscaling_group.web.name }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.oncall.arn]
}

# Named by its literal id rather than by reference, through a metric-math
# alarm, notifying a topic by ARN.
resource "aws_instance" "db" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.large"
}

resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  alarm_name          = "db-cpu"
  evaluation_periods  = 5
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
  metric_query {
    id          = "cpu"
    return_data = true
    metric {
      namespace   = "AWS/EC2"
      metric_name = "CPUUtilization"
      dimensions  = { InstanceId = aws_instance.db.id }
      period      = 60
      stat        = "Average"
    }
  }
}
