package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/rule"
)

// datastores are the resource types plimsoll treats as holding data that
// must never face the internet.
var datastores = []string{
	"aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster",
	"aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_memorydb_cluster",
	"aws_opensearch_domain", "aws_elasticsearch_domain",
}

// defaultPort returns the port a datastore listens on: its port argument,
// else its engine's default. ok is false when that is not known.
func defaultPort(r *infra.Resource) (int, bool) {
	if n, ok := r.Get("port").Int(); ok {
		return int(n), true
	}
	if !r.Get("port").IsAbsent() {
		return 0, false
	}
	switch r.Addr.Type {
	case "aws_docdb_cluster":
		return 27017, true
	case "aws_neptune_cluster":
		return 8182, true
	case "aws_redshift_cluster":
		return 5439, true
	case "aws_opensearch_domain", "aws_elasticsearch_domain":
		return 443, true
	case "aws_memorydb_cluster":
		return 6379, true
	case "aws_elasticache_replication_group":
		return 6379, true
	}
	def := ""
	if r.Addr.Type == "aws_elasticache_cluster" {
		def = "redis"
	}
	engine, ok := engineOf(r, def)
	if !ok {
		return 0, false
	}
	switch {
	case strings.Contains(engine, "postgres"):
		return 5432, true
	case strings.Contains(engine, "mysql"), engine == "mariadb":
		return 3306, true
	case strings.HasPrefix(engine, "sqlserver"):
		return 1433, true
	case strings.HasPrefix(engine, "oracle"):
		return 1521, true
	case strings.HasPrefix(engine, "db2"):
		return 50000, true
	case engine == "redis" || engine == "valkey":
		return 6379, true
	case engine == "memcached":
		return 11211, true
	}
	return 0, false
}

func dbWorldReachable() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-db-world-reachable",
			Title:    "Database reachable from the internet",
			Severity: rule.Critical,
			Concern:  rule.Security,
			Rationale: "A database the internet can connect to is one leaked password, default credential or " +
				"unpatched vulnerability away from a breach. The rule follows every path: the database's own " +
				"security groups (inline ingress blocks and standalone rule resources alike) admitting 0.0.0.0/0 " +
				"or ::/0 on its port while it has a public address; and chains through instances the internet can " +
				"get a shell on (a group admitting the world on SSH, RDP or all traffic, with a publicly " +
				"addressable member), followed transitively through security-group references and through " +
				"address ranges (a rule admitting 10.0.0.0/16 admits every host in the subnets inside it). Paths through load balancers are not " +
				"followed: a load balancer forwards only to its targets.",
			Remediation: "Keep databases in private subnets with publicly_accessible = false, and admit their port " +
				"only from the application tier's security group; reach them for administration through Session " +
				"Manager or a VPN, not through a bastion open to the world.",
			Example: `resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  username                    = "app"
  manage_master_user_password = true
  publicly_accessible         = false
  vpc_security_group_ids      = [aws_security_group.db.id]
}

resource "aws_security_group" "db" {
  vpc_id = var.vpc_id
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [var.app_security_group_id]
  }
}`,
			Links: []string{
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.Scenarios.html",
				"https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
			},
			Types: append([]string{"aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"}, datastores...),
		},
		Check: func(g *infra.Graph) []rule.Hit {
			x := aws.NewExposure(g)
			var hits []rule.Hit
			for _, db := range managed(g, datastores...) {
				if db.CountUnknown {
					continue
				}
				if db.Addr.Type == "aws_elasticache_cluster" && !db.Get("replication_group_id").IsAbsent() {
					continue // a member: its replication group is checked
				}
				port, ok := defaultPort(db)
				if !ok {
					continue
				}
				paths, t := x.WorldPaths(db, port)
				if t != infra.True {
					continue
				}
				best := paths[0]
				for _, p := range paths[1:] {
					if len(p) < len(best) {
						best = p
					}
				}
				how := "directly"
				if len(best) > 1 {
					how = "through hosts it can get a shell on"
				}
				hits = append(hits, rule.Hitf(db, "the internet can reach %s on port %d %s: %s", db.Addr, port, how, best))
			}
			return hits
		},
	}
}
