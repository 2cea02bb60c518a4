provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

# Backups are copied to a vault in a second region, so losing the primary
# region loses neither the service's data nor its restore points.
provider "aws" {
  alias  = "dr"
  region = var.dr_region

  default_tags {
    tags = local.tags
  }
}
