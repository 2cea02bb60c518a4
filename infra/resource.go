package infra

import (
	"sort"
	"strings"

	"github.com/plimsoll/plimsoll/diag"
)

// Role is what a resource does, whatever the provider calls it. Cross-cutting
// rules and capacity planning reason about roles, not resource types.
type Role string

// The roles a resource can have. A resource that fits none is Other.
const (
	Other        Role = ""
	Compute      Role = "compute"       // a machine that serves: an EC2 instance
	Group        Role = "group"         // a set of interchangeable machines: an autoscaling group
	LoadBalancer Role = "load-balancer" // spreads traffic over members
	TargetGroup  Role = "target-group"  // the members a load balancer sends to
	Database     Role = "database"      // a relational or document store
	Cache        Role = "cache"         // an in-memory store
	Bucket       Role = "bucket"        // object storage
	Volume       Role = "volume"        // block or file storage
	Network      Role = "network"       // a VPC, subnet, route table, gateway
	Firewall     Role = "firewall"      // a security group or network policy
	Alarm        Role = "alarm"         // watches a metric and notifies
	Notifier     Role = "notifier"      // where alarms send: a topic
	Backup       Role = "backup"        // backup plans, vaults and selections
	Policy       Role = "policy"        // identity and access policy
	Workload     Role = "workload"      // a Kubernetes workload
	Autoscaler   Role = "autoscaler"    // a scaling policy or horizontal autoscaler
)

// Ignore is an inline suppression found on or above a resource:
// "# plimsoll:ignore RULE-ID reason".
type Ignore struct {
	Rule   string
	Reason string
	Pos    diag.Pos
}

// Resource is one resource instance in the model.
type Resource struct {
	Addr Address
	Role Role
	// Attrs is an object of the resource's attributes and nested blocks.
	Attrs Value
	// Zones are the availability zones the resource lives in, resolved by a
	// provider adapter from what the configuration says (a subnet's zone, the
	// subnets of a group), never guessed from names.
	Zones Zones
	// Pos is where the resource is declared.
	Pos diag.Pos
	// Provider is the provider configuration the resource uses, e.g. "aws" or
	// "aws.replica".
	Provider string
	// Region is the region of that provider configuration; absent when the
	// configuration does not say, unknown when it comes from a value only
	// known later.
	Region Value
	// CountUnknown is set when count or for_each could not be known before
	// apply: this one resource stands for an unknown number of instances
	// (perhaps none).
	CountUnknown bool
	// Ignores are the inline suppressions attached to the resource.
	Ignores []Ignore
}

// Type returns the resource type, e.g. "aws_db_instance".
func (r *Resource) Type() string { return r.Addr.Type }

// Get returns the attribute at a dotted path (see Value.Path).
func (r *Resource) Get(path string) Value { return r.Attrs.Path(path) }

// Zones is the set of zones a resource spans. Unknown is set when some of
// them are only known after apply, so Known may be incomplete.
type Zones struct {
	Known   []string
	Unknown bool
}

// ZonesOf returns a known set of zones, sorted and without duplicates.
func ZonesOf(zones ...string) Zones {
	var z Zones
	return z.Add(zones...)
}

// Add returns the set with zones added.
func (z Zones) Add(zones ...string) Zones {
	set := make(map[string]bool, len(z.Known)+len(zones))
	for _, s := range z.Known {
		set[s] = true
	}
	for _, s := range zones {
		if s != "" {
			set[s] = true
		}
	}
	out := Zones{Unknown: z.Unknown}
	for s := range set {
		out.Known = append(out.Known, s)
	}
	sort.Strings(out.Known)
	return out
}

// Union returns the zones in either set.
func (z Zones) Union(o Zones) Zones {
	u := z.Add(o.Known...)
	u.Unknown = z.Unknown || o.Unknown
	return u
}

// AtLeast answers whether the resource spans at least n zones: True when
// enough are known, False when all are known and there are too few, Unknown
// otherwise.
func (z Zones) AtLeast(n int) Tri {
	switch {
	case len(z.Known) >= n:
		return True
	case z.Unknown:
		return Unknown
	}
	return False
}

// IsEmpty reports whether no zone is known and none is pending.
func (z Zones) IsEmpty() bool { return len(z.Known) == 0 && !z.Unknown }

// Contains answers whether zone is one of the set.
func (z Zones) Contains(zone string) Tri {
	for _, s := range z.Known {
		if s == zone {
			return True
		}
	}
	if z.Unknown {
		return Unknown
	}
	return False
}

func (z Zones) String() string {
	s := strings.Join(z.Known, ",")
	if z.Unknown {
		if s != "" {
			s += ","
		}
		s += "(unknown)"
	}
	return s
}
