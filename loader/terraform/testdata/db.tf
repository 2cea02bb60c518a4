variable "password" {
  type      = string
  sensitive = true
}

data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_db_subnet_group" "db" {
  subnet_ids = try(var.subnets, [])
}

resource "aws_db_instance" "db" {
  engine                  = "postgres"
  multi_az                = can(regex("prod", "production")) ? true : false
  password                = var.password
  backup_retention_period = max(7, 1)
  db_subnet_group_name    = aws_db_subnet_group.db.name
  availability_zone       = data.aws_availability_zones.available.names[0]
  tags                    = { for k, v in { a = 1, b = 2 } : k => v if v > 1 }
  splat                   = aws_db_subnet_group.db[*].id
}

module "local" {
  source = "./nothere"
}

moved {
  from = aws_db_instance.old
  to   = aws_db_instance.db
}
