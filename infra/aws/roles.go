package aws

import (
	"slices"
	"strings"

	"github.com/plimsoll/plimsoll/infra"
)

// roles maps AWS resource types (managed or data) to their role. Types not
// listed here fall back to prefix rules in RoleOf.
var roles = map[string]infra.Role{
	"aws_instance":                                  infra.Compute,
	"aws_spot_instance_request":                     infra.Compute,
	"aws_autoscaling_group":                         infra.Group,
	"aws_eks_node_group":                            infra.Group,
	"aws_ecs_service":                               infra.Group,
	"aws_lb":                                        infra.LoadBalancer,
	"aws_alb":                                       infra.LoadBalancer,
	"aws_elb":                                       infra.LoadBalancer,
	"aws_lb_target_group":                           infra.TargetGroup,
	"aws_alb_target_group":                          infra.TargetGroup,
	"aws_db_instance":                               infra.Database,
	"aws_rds_cluster":                               infra.Database,
	"aws_rds_cluster_instance":                      infra.Database,
	"aws_dynamodb_table":                            infra.Database,
	"aws_docdb_cluster":                             infra.Database,
	"aws_docdb_cluster_instance":                    infra.Database,
	"aws_neptune_cluster":                           infra.Database,
	"aws_redshift_cluster":                          infra.Database,
	"aws_opensearch_domain":                         infra.Database,
	"aws_elasticsearch_domain":                      infra.Database,
	"aws_elasticache_cluster":                       infra.Cache,
	"aws_elasticache_replication_group":             infra.Cache,
	"aws_elasticache_serverless_cache":              infra.Cache,
	"aws_memorydb_cluster":                          infra.Cache,
	"aws_s3_bucket":                                 infra.Bucket,
	"aws_ebs_volume":                                infra.Volume,
	"aws_efs_file_system":                           infra.Volume,
	"aws_fsx_lustre_file_system":                    infra.Volume,
	"aws_fsx_windows_file_system":                   infra.Volume,
	"aws_fsx_ontap_file_system":                     infra.Volume,
	"aws_fsx_openzfs_file_system":                   infra.Volume,
	"aws_security_group":                            infra.Firewall,
	"aws_default_security_group":                    infra.Firewall,
	"aws_security_group_rule":                       infra.Firewall,
	"aws_vpc_security_group_ingress_rule":           infra.Firewall,
	"aws_vpc_security_group_egress_rule":            infra.Firewall,
	"aws_network_acl":                               infra.Firewall,
	"aws_network_acl_rule":                          infra.Firewall,
	"aws_default_network_acl":                       infra.Firewall,
	"aws_wafv2_web_acl":                             infra.Firewall,
	"aws_cloudwatch_metric_alarm":                   infra.Alarm,
	"aws_cloudwatch_composite_alarm":                infra.Alarm,
	"aws_sns_topic":                                 infra.Notifier,
	"aws_sns_topic_subscription":                    infra.Notifier,
	"aws_backup_plan":                               infra.Backup,
	"aws_backup_vault":                              infra.Backup,
	"aws_backup_selection":                          infra.Backup,
	"aws_db_instance_automated_backups_replication": infra.Backup,
	"aws_dlm_lifecycle_policy":                      infra.Backup,
	"aws_s3_bucket_replication_configuration":       infra.Backup,
	"aws_autoscaling_policy":                        infra.Autoscaler,
	"aws_autoscaling_schedule":                      infra.Autoscaler,
	"aws_appautoscaling_policy":                     infra.Autoscaler,
	"aws_appautoscaling_target":                     infra.Autoscaler,
	"aws_appautoscaling_scheduled_action":           infra.Autoscaler,
	"aws_iam_policy_document":                       infra.Policy,
	"aws_kms_key":                                   infra.Policy,
}

// networkTypes are the types of the VPC plumbing, given role Network.
var networkTypes = []string{
	"aws_vpc", "aws_default_vpc", "aws_subnet", "aws_default_subnet",
	"aws_route_table", "aws_default_route_table", "aws_route",
	"aws_route_table_association", "aws_main_route_table_association",
	"aws_internet_gateway", "aws_egress_only_internet_gateway", "aws_nat_gateway",
	"aws_eip", "aws_eip_association", "aws_network_interface", "aws_vpc_endpoint",
	"aws_db_subnet_group", "aws_elasticache_subnet_group", "aws_redshift_subnet_group",
	"aws_docdb_subnet_group", "aws_neptune_subnet_group", "aws_flow_log",
	"aws_vpc_peering_connection", "aws_ec2_transit_gateway", "aws_route53_record",
	"aws_route53_zone", "aws_cloudfront_distribution", "aws_globalaccelerator_accelerator",
}

// RoleOf returns the role a resource type plays; Other for types plimsoll has
// no opinion on.
func RoleOf(typ string) infra.Role {
	if r, ok := roles[typ]; ok {
		return r
	}
	if slices.Contains(networkTypes, typ) {
		return infra.Network
	}
	if strings.HasPrefix(typ, "aws_iam_") {
		return infra.Policy
	}
	return infra.Other
}

// IsAWS reports whether a resource belongs to the AWS provider.
func IsAWS(r *infra.Resource) bool { return strings.HasPrefix(r.Addr.Type, "aws_") }
