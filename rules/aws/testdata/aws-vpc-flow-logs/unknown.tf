variable "vpc_id" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# This flow log's VPC is known only at apply: it may be aws_vpc.main.
resource "aws_flow_log" "somewhere" {
  vpc_id          = var.vpc_id
  traffic_type    = "ALL"
  log_destination = "arn:aws:s3:::flow-logs"
}
