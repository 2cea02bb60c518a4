package aws

import (
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

// Annotate sets Role and Zones on every AWS resource of g. Loaders call
// nothing here; the CLI calls Annotate once after loading and merging, and
// rules and capacity planning read the result.
//
// Zones are resolved from what the configuration says, never guessed from
// names: a subnet's availability_zone (or availability_zone_id), the subnets
// a group, load balancer, NAT gateway or instance refers to, a database's
// subnet group. When a decisive value is unknown before apply the zones are
// marked Unknown. Regional services (S3, a regional EFS file system) have no
// zones.
func Annotate(g *infra.Graph) {
	z := &zoner{g: g, memo: make(map[infra.Address]infra.Zones, g.Len()), busy: map[infra.Address]bool{}}
	for _, r := range g.Resources() {
		if !IsAWS(r) {
			continue
		}
		r.Role = RoleOf(r.Addr.Type)
	}
	for _, r := range g.Resources() {
		if IsAWS(r) {
			r.Zones = z.zones(r)
		}
	}
}

var (
	subnetTypes      = []string{"aws_subnet", "aws_default_subnet"}
	dbSubnetGroups   = []string{"aws_db_subnet_group"}
	cacheSubnetGroup = []string{"aws_elasticache_subnet_group"}
)

// subnetAttrs lists, per resource type, the attributes naming the subnets
// the resource is placed in.
var subnetAttrs = map[string][]string{
	"aws_instance":                      {"subnet_id"},
	"aws_spot_instance_request":         {"subnet_id"},
	"aws_network_interface":             {"subnet_id"},
	"aws_nat_gateway":                   {"subnet_id"},
	"aws_efs_mount_target":              {"subnet_id"},
	"aws_autoscaling_group":             {"vpc_zone_identifier"},
	"aws_lb":                            {"subnets", "subnet_mapping.*.subnet_id"},
	"aws_alb":                           {"subnets", "subnet_mapping.*.subnet_id"},
	"aws_elb":                           {"subnets"},
	"aws_db_subnet_group":               {"subnet_ids"},
	"aws_elasticache_subnet_group":      {"subnet_ids"},
	"aws_redshift_subnet_group":         {"subnet_ids"},
	"aws_docdb_subnet_group":            {"subnet_ids"},
	"aws_neptune_subnet_group":          {"subnet_ids"},
	"aws_eks_node_group":                {"subnet_ids"},
	"aws_eks_cluster":                   {"vpc_config.*.subnet_ids"},
	"aws_ecs_service":                   {"network_configuration.*.subnets"},
	"aws_msk_cluster":                   {"broker_node_group_info.*.client_subnets"},
	"aws_opensearch_domain":             {"vpc_options.*.subnet_ids"},
	"aws_elasticsearch_domain":          {"vpc_options.*.subnet_ids"},
	"aws_mq_broker":                     {"subnet_ids"},
	"aws_lambda_function":               {"vpc_config.*.subnet_ids"},
	"aws_vpc_endpoint":                  {"subnet_ids"},
	"aws_elasticache_serverless_cache":  {"subnet_ids"},
	"aws_memorydb_subnet_group":         {"subnet_ids"},
	"aws_fsx_ontap_file_system":         {"subnet_ids"},
	"aws_fsx_lustre_file_system":        {"subnet_ids"},
	"aws_fsx_windows_file_system":       {"subnet_ids"},
	"aws_fsx_openzfs_file_system":       {"subnet_ids"},
	"aws_elasticache_replication_group": nil, // placed through its subnet group, below
}

type zoner struct {
	g    *infra.Graph
	memo map[infra.Address]infra.Zones
	busy map[infra.Address]bool
}

var unknownZones = infra.Zones{Unknown: true}

func (z *zoner) zones(r *infra.Resource) infra.Zones {
	if zs, ok := z.memo[r.Addr]; ok {
		return zs
	}
	if z.busy[r.Addr] {
		return unknownZones // a reference cycle: say nothing definite
	}
	z.busy[r.Addr] = true
	zs := z.resolve(r)
	if r.CountUnknown && len(zs.Known) > 0 {
		// An unknown number of instances, perhaps none: the zones named are
		// where they would go, but there may be nothing there.
		zs.Unknown = true
	}
	delete(z.busy, r.Addr)
	z.memo[r.Addr] = zs
	return zs
}

func (z *zoner) resolve(r *infra.Resource) infra.Zones {
	switch r.Addr.Type {
	case "aws_subnet", "aws_default_subnet":
		if zs, ok := zoneAttr(r, "availability_zone"); ok {
			return zs
		}
		if zs, ok := zoneAttr(r, "availability_zone_id"); ok {
			return zs
		}
		return unknownZones // absent: AWS picks one at apply
	case "aws_ebs_volume", "aws_elasticache_cluster", "aws_rds_cluster_instance", "aws_docdb_cluster_instance":
		if zs, ok := zoneAttr(r, "availability_zone"); ok {
			return zs
		}
		if zs, ok := zoneList(r, "preferred_availability_zones"); ok {
			return zs
		}
		return unknownZones
	case "aws_efs_file_system":
		if zs, ok := zoneAttr(r, "availability_zone_name"); ok {
			return zs
		}
		return infra.Zones{} // regional: stored in every zone of the region
	case "aws_instance", "aws_spot_instance_request":
		if r.Get("subnet_id").IsAbsent() {
			if nis := refs(z.g, r, "network_interface", "aws_network_interface"); len(nis) > 0 {
				return z.union(nis, true)
			}
			if zs, ok := zoneAttr(r, "availability_zone"); ok {
				return zs
			}
			return unknownZones // default subnet chosen by AWS
		}
	case "aws_autoscaling_group":
		if r.Get("vpc_zone_identifier").IsAbsent() {
			if zs, ok := zoneList(r, "availability_zones"); ok {
				return zs
			}
			return unknownZones
		}
	case "aws_elb":
		if r.Get("subnets").IsAbsent() {
			if zs, ok := zoneList(r, "availability_zones"); ok {
				return zs
			}
			return unknownZones
		}
	case "aws_db_instance":
		return z.dbInstance(r)
	case "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster":
		return z.cluster(r)
	case "aws_elasticache_replication_group":
		if zs, ok := zoneList(r, "preferred_cache_cluster_azs"); ok {
			return zs
		}
		return unknownZones
	}
	attrs, ok := subnetAttrs[r.Addr.Type]
	if !ok || len(attrs) == 0 {
		return infra.Zones{}
	}
	var zs infra.Zones
	set := false
	for _, a := range attrs {
		rl := idRefs(z.g, r, a, subnetTypes...)
		if !rl.Set {
			continue
		}
		set = true
		zs = zs.Union(z.union(rl.Refs, rl.Complete))
	}
	if !set {
		return unknownZones
	}
	return zs
}

// union returns the zones of every resource in rs; complete false marks the
// result Unknown (some members could not be resolved).
func (z *zoner) union(rs []*infra.Resource, complete bool) infra.Zones {
	zs := infra.Zones{Unknown: !complete}
	for _, s := range rs {
		zs = zs.Union(z.zones(s))
	}
	return zs
}

// dbInstance resolves an RDS instance: where it runs (availability_zone) when
// single-AZ, or the zones of its subnet group, any two of which hold the
// primary and its standby, when Multi-AZ.
func (z *zoner) dbInstance(r *infra.Resource) infra.Zones {
	if r.Get("multi_az").Bool() != infra.True {
		if zs, ok := zoneAttr(r, "availability_zone"); ok {
			return zs
		}
		return unknownZones
	}
	return z.subnetGroup(r, "db_subnet_group_name", dbSubnetGroups)
}

// cluster resolves an Aurora (or DocumentDB, Neptune) cluster to the zones of
// its instances; a Multi-AZ DB cluster of another engine to its subnet group.
func (z *zoner) cluster(r *infra.Resource) infra.Zones {
	engine, _ := r.Get("engine").Str()
	members := referrers(z.g, r, "cluster_identifier", "aws_rds_cluster_instance", "aws_docdb_cluster_instance", "aws_neptune_cluster_instance")
	if r.Addr.Type == "aws_rds_cluster" && !strings.HasPrefix(engine, "aurora") && !r.Get("engine").IsUnknown() {
		return z.subnetGroup(r, "db_subnet_group_name", dbSubnetGroups)
	}
	if len(members) == 0 {
		return unknownZones
	}
	return z.union(members, true)
}

func (z *zoner) subnetGroup(r *infra.Resource, attr string, types []string) infra.Zones {
	rl := idRefs(z.g, r, attr, types...)
	if !rl.Set || len(rl.Refs) == 0 {
		return unknownZones
	}
	return z.union(rl.Refs, rl.Complete)
}

// zoneAttr reads a single zone attribute. ok is false when it is absent.
func zoneAttr(r *infra.Resource, attr string) (infra.Zones, bool) {
	v := r.Get(attr)
	if v.IsAbsent() {
		return infra.Zones{}, false
	}
	if s, ok := v.Str(); ok && s != "" {
		return infra.ZonesOf(s), true
	}
	return unknownZones, true
}

// zoneList reads a list of zone names. ok is false when it is absent.
func zoneList(r *infra.Resource, attr string) (infra.Zones, bool) {
	v := r.Get(attr)
	if v.IsAbsent() {
		return infra.Zones{}, false
	}
	ss, known := v.Strings()
	zs := infra.ZonesOf(ss...)
	zs.Unknown = !known
	return zs, true
}
