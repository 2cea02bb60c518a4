variable "engine" {
  type = string
}

variable "encrypted" {
  type = bool
}

resource "aws_elasticache_replication_group" "a" {
  replication_group_id = "a"
  description          = "a"
  engine               = var.engine
  node_type            = "cache.r7g.large"
}

resource "aws_elasticache_replication_group" "b" {
  replication_group_id       = "b"
  description                = "b"
  node_type                  = "cache.r7g.large"
  at_rest_encryption_enabled = var.encrypted
}
