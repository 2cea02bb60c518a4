variable "logs" {
  type = bool
}

variable "log_configs" {
  type = list(object({ bucket = string }))
}

resource "aws_lb" "web" {
  subnets = ["subnet-a", "subnet-b"]
  access_logs {
    bucket  = "logs"
    enabled = var.logs
  }
}

resource "aws_lb" "dynamic" {
  subnets = ["subnet-a", "subnet-b"]
  dynamic "access_logs" {
    for_each = var.log_configs
    content {
      bucket  = access_logs.value.bucket
      enabled = true
    }
  }
}
