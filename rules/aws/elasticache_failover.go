package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func elasticacheFailover() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-elasticache-failover",
			Title:    "ElastiCache (Redis/Valkey) without automatic failover",
			Severity: rule.Medium,
			Concern:  rule.Availability,
			Rationale: "Without automatic failover, the loss of the primary node (a host failure, a zone outage, " +
				"some maintenance) leaves the cache read-only or gone until an operator promotes a replica or the " +
				"node is rebuilt; applications that keep sessions, queues or locks in Redis stop with it. " +
				"automatic_failover_enabled defaults to false, and needs at least one replica. A standalone " +
				"aws_elasticache_cluster running Redis or Valkey has no replica at all. Memcached has no failover " +
				"by design and is not checked.",
			Remediation: "Use an aws_elasticache_replication_group with num_cache_clusters >= 2, " +
				"automatic_failover_enabled = true and multi_az_enabled = true.",
			Example: `resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "user sessions"
  engine                     = "valkey"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html",
			},
			Types: []string{"aws_elasticache_replication_group", "aws_elasticache_cluster"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, rg := range managed(g, "aws_elasticache_replication_group") {
				// The provider itself rejects automatic failover with fewer
				// than two cache clusters, so only the setting is checked.
				v := rg.Get("automatic_failover_enabled")
				if v.BoolOr(false) != infra.False {
					continue
				}
				hits = append(hits, rule.Hitf(rg, "%s does not fail over by itself: %s; losing the primary stops writes until someone promotes a replica", rg.Addr, notTrue("automatic_failover_enabled", "false")))
			}
			for _, c := range managed(g, "aws_elasticache_cluster") {
				engine, ok := engineOf(c, "")
				if !ok || !oneOf(engine, "redis", "valkey") || !c.Get("replication_group_id").IsAbsent() {
					continue
				}
				hits = append(hits, rule.Hitf(c, "%s is a single %s node with no replica; losing it loses the data and stops everything that uses it", c.Addr, engine))
			}
			return hits
		},
	}
}
