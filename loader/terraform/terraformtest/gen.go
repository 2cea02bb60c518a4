// Package terraformtest holds test helpers for the Terraform loader: a
// generator of large, realistic configurations for benchmarks (used by
// BenchmarkLoadLarge and by bench/audit/gen).
//
// It imports nothing of this module.
package terraformtest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"text/template"
)

// The tree is a root module of many files, each a small service (security
// groups with dynamic and nested blocks, a launch template, an autoscaling
// group behind a target group, a scaling policy, alarms, a database), all
// wired together with references, locals, count and for_each, plus local
// modules for the network and for some services.

// Fixed files: the root's shared files and the two local modules.
var fixed = map[string]string{
	"versions.tf": `terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}
`,
	"providers.tf": `provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
`,
	"variables.tf": `variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "dr_region" {
  type    = string
  default = "eu-central-1"
}

variable "env" {
  type    = string
  default = "prod"
}

variable "vpc_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "ami" {
  type    = string
  default = "ami-0123456789abcdef0"
}

variable "db_password" {
  type      = string
  sensitive = true
}
`,
	"main.tf": `locals {
  azs = ["${var.region}a", "${var.region}b", "${var.region}c"]
  common_tags = {
    Environment = var.env
    ManagedBy   = "terraform"
  }
}

module "vpc" {
  source   = "./modules/vpc"
  name     = "main-${var.env}"
  cidr     = var.vpc_cidr
  azs      = local.azs
  tags     = local.common_tags
}

resource "aws_sns_topic" "alerts" {
  name = "alerts-${var.env}"
  tags = local.common_tags
}

resource "aws_backup_vault" "main" {
  name = "main-${var.env}"
}

resource "aws_backup_vault" "dr" {
  provider = aws.dr
  name     = "dr-${var.env}"
}

resource "aws_backup_plan" "main" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 * * ? *)"
    copy_action {
      destination_vault_arn = aws_backup_vault.dr.arn
    }
  }
}
`,
	"modules/vpc/variables.tf": `variable "name" {
  type = string
}

variable "cidr" {
  type = string
}

variable "azs" {
  type = list(string)
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
	"modules/vpc/main.tf": `resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_hostnames = true
  tags                 = merge(var.tags, { Name = var.name })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "public" {
  count                   = length(var.azs)
  vpc_id                  = aws_vpc.this.id
  availability_zone       = var.azs[count.index]
  cidr_block              = cidrsubnet(var.cidr, 8, count.index)
  map_public_ip_on_launch = true
}

resource "aws_subnet" "private" {
  for_each          = { for i, az in var.azs : az => i }
  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.cidr, 8, each.value + 10)
}

resource "aws_eip" "nat" {
  count  = length(var.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  count         = length(var.azs)
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
}

resource "aws_route_table" "private" {
  count  = length(var.azs)
  vpc_id = aws_vpc.this.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this[count.index].id
  }
}

resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private[index(var.azs, each.key)].id
}

resource "aws_flow_log" "this" {
  vpc_id       = aws_vpc.this.id
  traffic_type = "ALL"
}
`,
	"modules/vpc/outputs.tf": `output "vpc_id" {
  value = aws_vpc.this.id
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  value = [for s in aws_subnet.private : s.id]
}
`,
	"modules/service/main.tf": `variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "alarm_topic" {
  type = string
}

resource "aws_security_group" "this" {
  name   = var.name
  vpc_id = var.vpc_id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_lb" "this" {
  name               = var.name
  load_balancer_type = "application"
  subnets            = var.subnet_ids
  security_groups    = [aws_security_group.this.id]
  access_logs {
    bucket  = "logs-${var.name}"
    enabled = true
  }
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${var.name}-5xx"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_ELB_5XX_Count"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 10
  evaluation_periods  = 5
  period              = 60
  statistic           = "Sum"
  dimensions          = { LoadBalancer = aws_lb.this.arn_suffix }
  alarm_actions       = [var.alarm_topic]
}

output "lb_arn" {
  value = aws_lb.this.arn
}
`,
}

// service is one root-module file: ten resource blocks.
var service = template.Must(template.New("svc").Parse(`locals {
  {{.N}}_name  = "{{.N}}-${var.env}"
  {{.N}}_ports = [80, 443]
}

resource "aws_security_group" "{{.N}}" {
  name        = "${local.{{.N}}_name}-app"
  description = "app tier of {{.N}}"
  vpc_id      = module.vpc.vpc_id

  dynamic "ingress" {
    for_each = local.{{.N}}_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [var.vpc_cidr]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(local.common_tags, { Name = local.{{.N}}_name })
}

resource "aws_security_group" "{{.N}}_db" {
  name   = "${local.{{.N}}_name}-db"
  vpc_id = module.vpc.vpc_id

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.{{.N}}.id]
  }
}

resource "aws_launch_template" "{{.N}}" {
  name_prefix            = "${local.{{.N}}_name}-"
  image_id               = var.ami
  instance_type          = "{{.Type}}"
  vpc_security_group_ids = [aws_security_group.{{.N}}.id]
  user_data              = base64encode("#!/bin/sh\necho ${local.{{.N}}_name}\n")

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 20
      encrypted   = true
    }
  }
}

resource "aws_lb_target_group" "{{.N}}" {
  name     = "{{.N}}"
  port     = 80
  protocol = "HTTP"
  vpc_id   = module.vpc.vpc_id

  health_check {
    path    = "/healthz"
    matcher = "200"
  }
}

resource "aws_autoscaling_group" "{{.N}}" {
  name                = local.{{.N}}_name
  min_size            = {{.Min}}
  max_size            = 6
  vpc_zone_identifier = module.vpc.private_subnet_ids
  target_group_arns   = [aws_lb_target_group.{{.N}}.arn]
  health_check_type   = "ELB"

  launch_template {
    id      = aws_launch_template.{{.N}}.id
    version = "$Latest"
  }
}

resource "aws_autoscaling_policy" "{{.N}}" {
  name                   = "cpu"
  autoscaling_group_name = aws_autoscaling_group.{{.N}}.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 60
  }
}

resource "aws_cloudwatch_metric_alarm" "{{.N}}_cpu" {
  alarm_name          = "${local.{{.N}}_name}-cpu"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  evaluation_periods  = 5
  period              = 60
  statistic           = "Average"
  dimensions          = { AutoScalingGroupName = aws_autoscaling_group.{{.N}}.name }
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_db_subnet_group" "{{.N}}" {
  name       = "{{.N}}"
  subnet_ids = module.vpc.private_subnet_ids
}

resource "aws_db_instance" "{{.N}}" {
  identifier              = "{{.N}}"
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  allocated_storage       = 20
  multi_az                = {{.MultiAZ}}
  storage_encrypted       = true
  backup_retention_period = 7
  deletion_protection     = true
  username                = "app"
  password                = var.db_password
  db_subnet_group_name    = aws_db_subnet_group.{{.N}}.name
  vpc_security_group_ids  = [aws_security_group.{{.N}}_db.id]
}

resource "aws_cloudwatch_metric_alarm" "{{.N}}_db_storage" {
  alarm_name          = "${local.{{.N}}_name}-db-storage"
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  comparison_operator = "LessThanThreshold"
  threshold           = 2000000000
  evaluation_periods  = 1
  period              = 300
  statistic           = "Minimum"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.{{.N}}.identifier }
  alarm_actions       = [aws_sns_topic.alerts.arn]
}
{{if .Workers}}
resource "aws_instance" "{{.N}}_worker" {
  count                  = 2
  ami                    = var.ami
  instance_type          = "t3.small"
  subnet_id              = module.vpc.private_subnet_ids[count.index]
  vpc_security_group_ids = [aws_security_group.{{.N}}.id]
}
{{end}}{{if .Module}}
module "{{.N}}_edge" {
  source      = "./modules/service"
  name        = "{{.N}}-edge"
  vpc_id      = module.vpc.vpc_id
  subnet_ids  = module.vpc.public_subnet_ids
  alarm_topic = aws_sns_topic.alerts.arn
}
{{end}}`))

// perService is the number of resource blocks a service file always has.
const perService = 10

// Generate writes the tree into dir: at least files .tf files and at least
// resources resource blocks. It returns how many of each it wrote. The
// output is the same for the same arguments.
func Generate(dir string, files, resources int) (nfiles, nres int, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, 0, err
	}
	for name, src := range fixed {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, 0, err
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			return 0, 0, err
		}
		nfiles++
	}
	nres = 4 // the root's main.tf
	services := max(files-nfiles, (resources-nres+perService-1)/perService)
	types := []string{"t3.medium", "m6i.large", "c6i.xlarge"}
	var b bytes.Buffer
	for i := range services {
		b.Reset()
		data := map[string]any{
			"N":       fmt.Sprintf("svc%05d", i),
			"Type":    types[i%len(types)],
			"Min":     2 + i%2,
			"MultiAZ": i%7 != 0,
			"Workers": i%10 == 3,
			"Module":  i%50 == 7,
		}
		if err := service.Execute(&b, data); err != nil {
			return 0, 0, err
		}
		name := filepath.Join(dir, fmt.Sprintf("svc%05d.tf", i))
		if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
			return 0, 0, err
		}
		nfiles++
		nres += perService
		if data["Workers"].(bool) {
			nres++
		}
	}
	return nfiles, nres, nil
}
