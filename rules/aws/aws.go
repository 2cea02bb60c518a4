package aws

import "github.com/plimsoll/plimsoll/rule"

// Rules returns every AWS rule, grouped by concern in documentation order.
// It returns a new slice on each call.
func Rules() []rule.Rule {
	return []rule.Rule{
		// availability
		loneInstance(),
		singleTarget(),
		asgSingleZone(),
		asgMinSize(),
		lbSingleZone(),
		rdsMultiAZ(),
		auroraSingleZone(),
		elasticacheFailover(),
		natSingleZone(),
		asgELBHealthCheck(),
		// scaling
		asgNoScalingPolicy(),
		// observability
		cpuAlarm(),
		lb5xxAlarm(),
		dbStorageAlarm(),
		alarmNoActions(),
		lbAccessLogs(),
		vpcFlowLogs(),
		// recovery
		dbBackupsOff(),
		dbDeletionProtection(),
		backupBucketVersioning(),
		backupCrossRegion(),
		volumeNoBackup(),
		// security
		sgAdminOpen(),
		sgDBPortOpen(),
		dbWorldReachable(),
		dbPubliclyAccessible(),
		dbPublicSubnet(),
		rdsUnencrypted(),
		ebsUnencrypted(),
		efsUnencrypted(),
		elasticacheUnencrypted(),
		lbPlainHTTP(),
		hardcodedCredentials(),
		iamAdminPolicy(),
	}
}
