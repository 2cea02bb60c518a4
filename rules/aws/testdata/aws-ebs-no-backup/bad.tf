resource "aws_instance" "db" {
  ami               = "ami-0123456789abcdef0"
  instance_type     = "r6i.large"
  availability_zone = "eu-west-1a"
}

resource "aws_ebs_volume" "data" { # want aws-ebs-no-backup
  availability_zone = "eu-west-1a"
  size              = 500
  encrypted         = true
}

resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data.id
  instance_id = aws_instance.db.id
}

resource "aws_instance" "queue" { # want aws-ebs-no-backup
  ami           = "ami-0123456789abcdef0"
  instance_type = "m6i.large"
  tags          = { Backup = "weekly" }
  ebs_block_device {
    device_name = "/dev/sdg"
    volume_size = 200
    encrypted   = true
  }
}

# This policy snapshots volumes tagged Backup = daily, which the queue's is not.
resource "aws_dlm_lifecycle_policy" "daily" {
  description        = "daily"
  execution_role_arn = "arn:aws:iam::123456789012:role/dlm"
  policy_details {
    resource_types = ["INSTANCE"]
    target_tags    = { Backup = "daily" }
    schedule {
      name = "daily"
      create_rule {
        interval = 24
      }
      retain_rule {
        count = 7
      }
    }
  }
}

# Its database lives on the root volume.
resource "aws_instance" "all_in_one" { # want aws-ebs-no-backup
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.medium"
  user_data     = <<-EOT
    #!/bin/bash
    apt-get update && apt-get install -y nginx mysql-server
  EOT
}
