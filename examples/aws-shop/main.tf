# A three-zone web shop: an application load balancer in public subnets, an
# autoscaling group of application servers in private subnets, and a
# Multi-AZ PostgreSQL database in isolated database subnets. Alarms notify the
# on-call topic; backups are copied to a second region.

module "network" {
  source = "./modules/network"

  name = var.name
  cidr = var.vpc_cidr
  azs  = var.azs
}
