package aws

import (
	"github.com/plimsoll/plimsoll/infra"
)

// encrypted answers whether a resource's (or a block's) storage is
// encrypted by its attribute attr, where def is the provider default; a
// kms_key_id implies encryption.
func encrypted(v infra.Value, attr string, def bool) infra.Tri {
	if k := v.Get("kms_key_id"); !k.IsAbsent() {
		return infra.True
	}
	return v.Get(attr).BoolOr(def)
}

// notTrue renders a boolean setting that is off, for messages. It does not
// tell an explicit false from an absent value that defaults to false: plan
// JSON fills in the provider's defaults, and findings must read the same
// from HCL and from a plan.
func notTrue(attr, def string) string {
	return attr + " is not true (the default is " + def + ")"
}

// rootSetting renders the encryption setting of an instance's block device,
// whose default comes from the AMI's snapshot.
func rootSetting(v infra.Value) string {
	if v.Get("encrypted").IsAbsent() {
		return "encrypted is not set: encrypted only if the AMI's snapshot is"
	}
	return "encrypted = false"
}

// ebsDefaultEncryption answers whether the configuration turns on EBS
// encryption by default for the account and region.
func ebsDefaultEncryption(g *infra.Graph) infra.Tri {
	t := infra.False
	for _, r := range managed(g, "aws_ebs_encryption_by_default") {
		t = t.Or(r.Get("enabled").BoolOr(true))
	}
	return t
}
