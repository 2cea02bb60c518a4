resource "aws_autoscaling_group" "web" { # want aws-compute-cpu-alarm
  name                = "web"
  min_size            = 3
  max_size            = 9
  vpc_zone_identifier = ["subnet-a", "subnet-b", "subnet-c"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

# An alarm on the group's CPU that only scales it tells nobody.
resource "aws_autoscaling_group" "api" { # want aws-compute-cpu-alarm
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

resource "aws_autoscaling_policy" "api_up" {
  name                   = "up"
  autoscaling_group_name = aws_autoscaling_group.api.name
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = 1
}

resource "aws_cloudwatch_metric_alarm" "api_cpu" {
  alarm_name          = "api-cpu"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { AutoScalingGroupName = aws_autoscaling_group.api.name }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 3
  threshold           = 70
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_autoscaling_policy.api_up.arn]
}

# An alarm named "cpu" on another metric does not count: alarms are found by
# what they measure.
resource "aws_instance" "bastion" { # want aws-compute-cpu-alarm
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_cloudwatch_metric_alarm" "bastion_cpu" {
  alarm_name          = "bastion-cpu"
  namespace           = "AWS/EC2"
  metric_name         = "StatusCheckFailed"
  dimensions          = { InstanceId = aws_instance.bastion.id }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.oncall.arn]
}

resource "aws_sns_topic" "oncall" {
  name = "oncall"
}
