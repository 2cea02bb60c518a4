variable "name" {
  description = "Name prefix for every resource."
  type        = string
  default     = "shop"
}

variable "environment" {
  description = "Environment name, used in tags."
  type        = string
  default     = "prod"
}

variable "region" {
  description = "Primary region."
  type        = string
  default     = "eu-west-1"
}

variable "dr_region" {
  description = "Region that holds the copies of the backups."
  type        = string
  default     = "eu-central-1"
}

variable "azs" {
  description = "Availability zones to spread over: three, so that losing one leaves two thirds of the capacity."
  type        = list(string)
  default     = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

  validation {
    condition     = length(var.azs) >= 2
    error_message = "Use at least two availability zones."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "domain_name" {
  description = "Public host name of the shop."
  type        = string
  default     = "shop.example.com"
}

variable "zone_id" {
  description = "Route 53 hosted zone that holds domain_name."
  type        = string
  default     = "Z0123456789ABCDEFGHIJ"
}

variable "ami_id" {
  description = "AMI of the application servers (built by the image pipeline)."
  type        = string
  default     = "ami-0abcdef1234567890"
}

variable "instance_type" {
  description = "Instance type of the application servers."
  type        = string
  default     = "m7g.large"
}

variable "app_port" {
  description = "Port the application listens on."
  type        = number
  default     = 8080
}

variable "asg_min_size" {
  description = "Fewest application servers: one per zone at least."
  type        = number
  default     = 3
}

variable "asg_max_size" {
  description = "Most application servers."
  type        = number
  default     = 12
}

variable "db_instance_class" {
  description = "Instance class of the database."
  type        = string
  default     = "db.m7g.large"
}

variable "db_allocated_storage" {
  description = "Database storage in GiB."
  type        = number
  default     = 100
}

variable "alarm_email" {
  description = "Where alarms are sent."
  type        = string
  default     = "oncall@example.com"
}
