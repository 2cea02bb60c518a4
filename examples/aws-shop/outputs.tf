output "url" {
  description = "Where the shop answers."
  value       = "https://${var.domain_name}"
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "database_endpoint" {
  description = "Endpoint of the database, for the application's configuration."
  value       = aws_db_instance.this.endpoint
}

output "alarm_topic_arn" {
  description = "SNS topic that receives every alarm."
  value       = aws_sns_topic.alarms.arn
}
