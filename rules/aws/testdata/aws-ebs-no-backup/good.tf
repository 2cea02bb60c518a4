resource "aws_instance" "db" {
  ami               = "ami-0123456789abcdef0"
  instance_type     = "r6i.large"
  availability_zone = "eu-west-1a"
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 500
  encrypted         = true
}

resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data.id
  instance_id = aws_instance.db.id
}

# Backing up the instance covers its volumes.
resource "aws_backup_selection" "db" {
  name         = "db"
  plan_id      = "plan-123"
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = [aws_instance.db.arn]
}

resource "aws_instance" "queue" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m6i.large"
  tags          = { Backup = "daily" }
  ebs_block_device {
    device_name = "/dev/sdg"
    volume_size = 200
    encrypted   = true
  }
}

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

# Stateless: no data volume, nothing to back up.
resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
}

# A client of a database keeps no state.
resource "aws_instance" "client" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  user_data     = <<-EOT
    #!/bin/bash
    apt-get install -y nginx
    echo "DATABASE_URL=postgresql://db.internal:5432/shop" >> /etc/environment
  EOT
}
