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

// setting renders how an attribute is set, for messages: "encrypted = false"
// or "encrypted is not set (default false)".
func setting(v infra.Value, attr, def string) string {
	if v.Get(attr).IsAbsent() {
		return attr + " is not set (default " + def + ")"
	}
	s, _ := v.Get(attr).Str()
	return attr + " = " + s
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
