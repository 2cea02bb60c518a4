resource "aws_vpc" "main" { # want aws-vpc-flow-logs
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "other" { # want aws-vpc-flow-logs
  cidr_block = "10.1.0.0/16"
}

# A flow log for a subnet covers only that subnet.
resource "aws_flow_log" "subnet" {
  subnet_id       = "subnet-123"
  traffic_type    = "ALL"
  log_destination = "arn:aws:s3:::flow-logs"
}
