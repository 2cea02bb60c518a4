resource "aws_ebs_volume" "data" { # want aws-ebs-unencrypted
  availability_zone = "eu-west-1a"
  size              = 100
}

resource "aws_instance" "web" { # want aws-ebs-unencrypted
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  root_block_device {
    encrypted = false
  }
}

resource "aws_instance" "default_root" { # want aws-ebs-unencrypted
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
}

resource "aws_launch_template" "web" { # want aws-ebs-unencrypted
  image_id = "ami-0123456789abcdef0"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 20
      encrypted   = false
    }
  }
}
