resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
}

resource "aws_efs_file_system" "kms" {
  kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/abcd"
}
