resource "aws_efs_file_system" "shared" { # want aws-efs-unencrypted
  creation_token = "shared"
}
