resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.r7g.large"
  at_rest_encryption_enabled = true
}

# Valkey encrypts at rest by default.
resource "aws_elasticache_replication_group" "valkey" {
  replication_group_id = "queue"
  description          = "queue"
  engine               = "valkey"
  node_type            = "cache.r7g.large"
}
