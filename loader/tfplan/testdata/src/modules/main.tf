# Module plumbing: for_each and count on module calls, outputs read by the
# root and by other modules, variables passed through a wrapper module, and a
# module given an aliased provider in another region.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "west"
  region = var.west_region
}

variable "west_region" {
  type    = string
  default = "us-west-2"
}

variable "zones" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

module "subnet" {
  source   = "./modules/subnet"
  for_each = toset(var.zones)

  vpc_id = aws_vpc.main.id
  zone   = each.key
  cidr   = cidrsubnet("10.0.0.0/16", 8, index(var.zones, each.key))
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = aws_vpc.main.id
}

module "app" {
  source = "./modules/app"
  count  = 2

  name          = "app-${count.index}"
  subnet_ids    = [for z in var.zones : module.subnet[z].id]
  sg_id         = aws_security_group.app.id
  instance_zone = var.zones[count.index]
  subnet_id     = module.subnet[var.zones[count.index]].id
}

module "replica" {
  source = "./modules/bucket"
  providers = {
    aws = aws.west
  }

  name = "plimsoll-replica"
}

module "wrapper" {
  source = "./modules/wrapper"

  vpc_id = aws_vpc.main.id
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = [module.subnet["eu-west-1a"].id, module.subnet["eu-west-1b"].id]
}

output "replica_arn" {
  value = module.replica.arn
}
