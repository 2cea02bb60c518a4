package aws

import (
	"slices"

	"github.com/plimsoll/plimsoll/infra"
)

// sgTypes are the security group resource types.
var sgTypes = []string{"aws_security_group", "aws_default_security_group"}

// memberAttrs lists, per resource type, the attributes that make the
// resource a member of security groups.
var memberAttrs = map[string][]string{
	"aws_instance":                      {"vpc_security_group_ids", "security_groups"},
	"aws_spot_instance_request":         {"vpc_security_group_ids", "security_groups"},
	"aws_network_interface":             {"security_groups"},
	"aws_launch_template":               {"vpc_security_group_ids", "security_group_names", "network_interfaces.*.security_groups"},
	"aws_launch_configuration":          {"security_groups"},
	"aws_lb":                            {"security_groups"},
	"aws_alb":                           {"security_groups"},
	"aws_elb":                           {"security_groups"},
	"aws_db_instance":                   {"vpc_security_group_ids"},
	"aws_rds_cluster":                   {"vpc_security_group_ids"},
	"aws_docdb_cluster":                 {"vpc_security_group_ids"},
	"aws_neptune_cluster":               {"vpc_security_group_ids"},
	"aws_redshift_cluster":              {"vpc_security_group_ids"},
	"aws_elasticache_cluster":           {"security_group_ids"},
	"aws_elasticache_replication_group": {"security_group_ids"},
	"aws_elasticache_serverless_cache":  {"security_group_ids"},
	"aws_memorydb_cluster":              {"security_group_ids"},
	"aws_efs_mount_target":              {"security_groups"},
	"aws_ecs_service":                   {"network_configuration.*.security_groups"},
	"aws_lambda_function":               {"vpc_config.*.security_group_ids"},
	"aws_opensearch_domain":             {"vpc_options.*.security_group_ids"},
	"aws_elasticsearch_domain":          {"vpc_options.*.security_group_ids"},
	"aws_mq_broker":                     {"security_groups"},
	"aws_msk_cluster":                   {"broker_node_group_info.*.security_groups"},
	"aws_vpc_endpoint":                  {"security_group_ids"},
	"aws_eks_cluster":                   {"vpc_config.*.security_group_ids"},
}

// delegates lists resource types whose network placement is that of another
// resource: an autoscaling group's instances use its launch template, an
// Aurora instance its cluster's groups.
var delegates = map[string][]struct {
	attr  string
	types []string
}{
	"aws_autoscaling_group": {
		{"launch_template.*.id", []string{"aws_launch_template"}},
		{"launch_template.*.name", []string{"aws_launch_template"}},
		{"mixed_instances_policy.*.launch_template.*.launch_template_specification.*.launch_template_id", []string{"aws_launch_template"}},
		{"mixed_instances_policy.*.launch_template.*.launch_template_specification.*.launch_template_name", []string{"aws_launch_template"}},
		{"launch_configuration", []string{"aws_launch_configuration"}},
	},
	"aws_rds_cluster_instance":   {{"cluster_identifier", []string{"aws_rds_cluster"}}},
	"aws_docdb_cluster_instance": {{"cluster_identifier", []string{"aws_docdb_cluster"}}},
	"aws_instance":               {{"network_interface.*.network_interface_id", []string{"aws_network_interface"}}},
}

// SecurityGroups returns the security groups r is a member of, and whether
// that list is complete (false when an attribute holds ids from outside the
// configuration or values unknown until apply). A resource that names no
// group gets its VPC's default group, which admits only its own members
// unless the configuration manages it (aws_default_security_group), in which
// case that group is returned.
func SecurityGroups(g *infra.Graph, r *infra.Resource) (groups []*infra.Resource, complete bool) {
	return securityGroups(g, r, map[*infra.Resource]bool{})
}

func securityGroups(g *infra.Graph, r *infra.Resource, seen map[*infra.Resource]bool) ([]*infra.Resource, bool) {
	if seen[r] {
		return nil, true
	}
	seen[r] = true
	complete, set := true, false
	var out []*infra.Resource
	add := func(rs ...*infra.Resource) {
		for _, s := range rs {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	for _, a := range memberAttrs[r.Addr.Type] {
		rl := idRefs(g, r, a, sgTypes...)
		if !rl.Set {
			continue
		}
		set = true
		complete = complete && rl.Complete
		add(rl.Refs...)
	}
	for _, d := range delegates[r.Addr.Type] {
		rl := idRefs(g, r, d.attr, d.types...)
		if !rl.Set {
			continue
		}
		set = true
		complete = complete && rl.Complete
		for _, t := range rl.Refs {
			gs, ok := securityGroups(g, t, seen)
			complete = complete && ok
			add(gs...)
		}
	}
	if !set {
		if _, member := memberAttrs[r.Addr.Type]; member || delegates[r.Addr.Type] != nil {
			add(g.OfType("aws_default_security_group")...)
		}
	}
	slices.SortFunc(out, byAddr)
	return out, complete
}

// Members returns the resources that are members of security group sg
// directly (instances, load balancers, databases, launch templates...).
func Members(g *infra.Graph, sg *infra.Resource) []*infra.Resource {
	var out []*infra.Resource
	for _, e := range g.In(sg) {
		f := g.Resource(e.From)
		if f == nil || slices.Contains(out, f) {
			continue
		}
		if slices.ContainsFunc(memberAttrs[f.Addr.Type], func(p string) bool { return attrMatch(e.Attr, p) }) {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, byAddr)
	return out
}
