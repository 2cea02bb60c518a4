variable "failover" {
  type = bool
}

variable "engine" {
  type = string
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = var.failover
}

resource "aws_elasticache_cluster" "cache" {
  cluster_id      = "cache"
  engine          = var.engine
  node_type       = "cache.t4g.small"
  num_cache_nodes = 1
}
