resource "aws_autoscaling_group" "web" {
  min_size            = 3
  max_size            = 9
  vpc_zone_identifier = ["subnet-a", "subnet-b", "subnet-c"]
  target_group_arns   = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}

# A queue worker pool that may scale to zero: not behind a load balancer.
resource "aws_autoscaling_group" "workers" {
  min_size            = 0
  max_size            = 20
  vpc_zone_identifier = ["subnet-a", "subnet-b"]
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
