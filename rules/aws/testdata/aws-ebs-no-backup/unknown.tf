variable "tags" {
  type = map(string)
}

variable "selected" {
  type = list(string)
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 500
  encrypted         = true
  tags              = var.tags
}

resource "aws_backup_selection" "tagged" {
  name         = "tagged"
  plan_id      = "plan-123"
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "Backup"
    value = "daily"
  }
}

resource "aws_ebs_volume" "logs" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
}

resource "aws_backup_selection" "listed" {
  name         = "listed"
  plan_id      = "plan-123"
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = var.selected
}
