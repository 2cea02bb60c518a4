resource "aws_db_instance" "main" { # want aws-hardcoded-credentials
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  username          = "app"
  password          = "Sup3rS3cret!"
}

# A variable's default is written in the code as much as a literal is.
variable "cache_token" {
  type    = string
  default = "0123456789abcdef0123"
}

resource "aws_elasticache_replication_group" "sessions" { # want aws-hardcoded-credentials
  replication_group_id = "sessions"
  description          = "sessions"
  node_type            = "cache.r7g.large"
  auth_token           = var.cache_token
}

resource "aws_instance" "app" { # want aws-hardcoded-credentials
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  user_data     = <<-EOT
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=AKIA2OGYBAH6QWERTYU7
    export DB_PASSWORD=hunter2hunter2
    /opt/app/start
  EOT
}

resource "aws_launch_template" "worker" { # want aws-hardcoded-credentials
  image_id  = "ami-0123456789abcdef0"
  user_data = base64encode("#!/bin/sh\necho 'api_key: 9f8e7d6c5b4a' > /etc/worker.yml\n")
}

resource "aws_lambda_function" "fn" { # want aws-hardcoded-credentials
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  s3_bucket     = "artifacts"
  s3_key        = "fn.zip"
  handler       = "main"
  runtime       = "provided.al2023"
  environment {
    variables = {
      STRIPE_SECRET_KEY = "sk_live_0123456789"
      LOG_LEVEL         = "info"
    }
  }
}

resource "aws_secretsmanager_secret_version" "db" { # want aws-hardcoded-credentials
  secret_id     = "db"
  secret_string = jsonencode({ username = "app", password = "hunter2hunter2" })
}

provider "aws" { # want aws-hardcoded-credentials
  region     = "eu-west-1"
  access_key = "AKIA2OGYBAH6QWERTYU7"
  secret_key = "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"
}

# A default is in the code, and the variable is not marked sensitive.
variable "deploy_token" {
  type    = string
  default = "IQoJb3JpZ2luX2VjEHQaCWV1LXdlc3QtMSJHMEUCIQ"
}

provider "aws" { # want aws-hardcoded-credentials
  alias  = "deploy"
  region = "eu-west-1"
  token  = var.deploy_token
}
