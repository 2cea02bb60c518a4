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

variable "group_name" {
  type = string
}

variable "topics" {
  type = list(string)
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.large"
}

# Which group this alarm watches is unknown until apply: it may be "web".
resource "aws_cloudwatch_metric_alarm" "some_cpu" {
  alarm_name          = "cpu"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { AutoScalingGroupName = var.group_name }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
}

# Whom this one notifies is unknown until apply.
resource "aws_cloudwatch_metric_alarm" "app_cpu" {
  alarm_name          = "app-cpu"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { InstanceId = aws_instance.app.id }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = var.topics
}
