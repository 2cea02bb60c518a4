# A module with no resources of its own: it only passes a value down and an
# output up.
variable "vpc_id" { type = string }

module "inner" {
  source = "../inner"
  vpc_id = var.vpc_id
}

output "sg_id" {
  value = module.inner.sg_id
}
