resource "aws_elasticache_replication_group" "sessions" { # want aws-elasticache-unencrypted
  replication_group_id = "sessions"
  description          = "sessions"
  node_type            = "cache.r7g.large"
}

resource "aws_elasticache_replication_group" "valkey_off" { # want aws-elasticache-unencrypted
  replication_group_id       = "queue"
  description                = "queue"
  engine                     = "valkey"
  node_type                  = "cache.r7g.large"
  at_rest_encryption_enabled = false
}
