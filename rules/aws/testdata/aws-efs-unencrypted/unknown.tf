variable "encrypted" {
  type = bool
}

resource "aws_efs_file_system" "shared" {
  encrypted = var.encrypted
}
