resource "aws_elasticache_replication_group" "sessions" { # want aws-elasticache-failover
  replication_group_id = "sessions"
  description          = "sessions"
  node_type            = "cache.r7g.large"
  num_cache_clusters   = 2
}

resource "aws_elasticache_replication_group" "explicit" { # want aws-elasticache-failover
  replication_group_id       = "queue"
  description                = "queue"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = false
}

resource "aws_elasticache_cluster" "single" { # want aws-elasticache-failover
  cluster_id      = "single"
  engine          = "redis"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 1
}
