resource "aws_db_instance" "main" {
  identifier        = "shop"
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  multi_az          = true
}

variable "db" {
  type = string
}

resource "aws_cloudwatch_metric_alarm" "db_storage" {
  alarm_name          = "db-storage"
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  dimensions          = { DBInstanceIdentifier = var.db }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 10737418240
  comparison_operator = "LessThanThreshold"
  alarm_actions       = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
}
