package aws

import (
	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func elasticacheUnencrypted() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-elasticache-unencrypted",
			Title:    "ElastiCache replication group not encrypted at rest",
			Severity: rule.Medium,
			Concern:  rule.Security,
			Rationale: "Caches hold sessions, tokens and copies of database rows; without encryption at rest " +
				"they are readable in backups and on disk when data is swapped or snapshotted. It can only be " +
				"chosen when the group is created. at_rest_encryption_enabled defaults to false for Redis and to " +
				"true for Valkey.",
			Remediation: "Set at_rest_encryption_enabled = true (and transit_encryption_enabled = true) when " +
				"creating the replication group.",
			Example: `resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "user sessions"
  engine                     = "redis"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
			},
			Types: []string{"aws_elasticache_replication_group"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			var hits []rule.Hit
			for _, rg := range managed(g, "aws_elasticache_replication_group") {
				engine, ok := engineOf(rg, "redis")
				if !ok {
					continue
				}
				if encrypted(rg.Attrs, "at_rest_encryption_enabled", engine == "valkey") == infra.False {
					def := "false"
					if engine == "valkey" {
						def = "true"
					}
					hits = append(hits, rule.Hitf(rg, "%s is not encrypted at rest: %s", rg.Addr, notTrue("at_rest_encryption_enabled", def+" for "+engine)))
				}
			}
			return hits
		},
	}
}
