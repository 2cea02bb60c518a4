variable "region" {
  type    = string
  default = "us-east-1"
}

variable "dr_region" {
  type    = string
  default = "us-west-2"
}

# Listed rather than looked up, so the example plans offline.
variable "azs" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

# The web tier's size: `plimsoll plan ../plimsoll.yaml --format tfvars`
# writes these into capacity.auto.tfvars.
variable "web_min_size" {
  type = number
}

variable "web_desired_capacity" {
  type = number
}

variable "web_max_size" {
  type = number
}

variable "web_target_utilization" {
  type        = number
  description = "Average CPU percentage the web group's target tracking policy holds."
}

# Give it at plan time (TF_VAR_db_password); plimsoll treats it as unknown.
variable "db_password" {
  type      = string
  sensitive = true
  default   = null
}
