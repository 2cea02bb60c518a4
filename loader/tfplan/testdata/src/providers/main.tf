# Provider configurations: a literal access key (suppressed inline), a
# secret key from a sensitive variable, an alias, a block that sets nothing
# but its alias, and a module with a provider block of its own.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "secret_key" {
  type      = string
  sensitive = true
  default   = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
}

# plimsoll:ignore aws-hardcoded-credentials sandbox account, key revoked
provider "aws" {
  region     = var.region
  access_key = "AKIA2OGYBAH6QWERTYU7"
  secret_key = var.secret_key

  default_tags {
    tags = { Team = "platform" }
  }
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

provider "aws" {
  alias = "bare"
}

resource "aws_s3_bucket" "main" {
  bucket = "plimsoll-providers-main"
}

resource "aws_s3_bucket" "west" {
  provider = aws.west
  bucket   = "plimsoll-providers-west"
}

module "child" {
  source = "./child"
}
