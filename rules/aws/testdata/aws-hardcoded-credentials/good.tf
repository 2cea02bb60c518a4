variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  username          = "app"
  password          = var.db_password
}

resource "random_password" "cache" {
  length  = 32
  special = false
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
  node_type            = "cache.r7g.large"
  auth_token           = random_password.cache.result
}

resource "aws_db_instance" "managed" {
  engine                      = "postgres"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  username                    = "app"
  manage_master_user_password = true
}

data "aws_secretsmanager_secret_version" "api" {
  secret_id = "api"
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  s3_bucket     = "artifacts"
  s3_key        = "fn.zip"
  handler       = "main"
  runtime       = "provided.al2023"
  environment {
    variables = {
      API_TOKEN        = data.aws_secretsmanager_secret_version.api.secret_string
      DB_PASSWORD_ARN  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"
      DB_PASSWORD_PATH = "/shop/db/password"
    }
  }
}

# Boot scripts that fetch their secrets at boot, and AWS's documented
# example key id.
resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  user_data     = <<-EOT
    #!/bin/bash
    export DB_PASSWORD=$(aws ssm get-parameter --with-decryption --name /shop/db --query Parameter.Value --output text)
    echo "example: AKIAIOSFODNN7EXAMPLE"
  EOT
}

resource "aws_iam_user_login_profile" "ops" {
  user                    = "ops"
  password_length         = 20
  password_reset_required = true
}

# Credentials from the environment, a profile or the instance role.
provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deploy"
  }
}

variable "provider_secret_key" {
  type      = string
  sensitive = true
}

variable "provider_access_key" {
  type      = string
  sensitive = true
}

provider "aws" {
  alias      = "keys"
  region     = "eu-west-1"
  access_key = var.provider_access_key
  secret_key = var.provider_secret_key
}

data "aws_secretsmanager_secret_version" "deploy" {
  secret_id = "deploy"
}

provider "aws" {
  alias      = "from_secret"
  region     = "eu-west-1"
  access_key = jsondecode(data.aws_secretsmanager_secret_version.deploy.secret_string)["id"]
  secret_key = jsondecode(data.aws_secretsmanager_secret_version.deploy.secret_string)["key"]
}

# A local emulator takes any key.
provider "aws" {
  alias                       = "localstack"
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  endpoints {
    s3 = "http://localhost:4566"
  }
}

provider "aws" {
  alias      = "docs"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

# plimsoll:ignore aws-hardcoded-credentials sandbox account, key revoked
provider "aws" {
  alias      = "sandbox"
  access_key = "AKIA2OGYBAH6QWERTYU8"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQWERTYKEZ"
}
