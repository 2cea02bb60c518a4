package requirements

import (
	"math"
	"strings"
	"time"

	"github.com/plimsoll/plimsoll/diag"
)

// Version is the only version of the plimsoll.yaml schema so far. A file
// must say which version it was written for, so that a later schema can
// change meaning without silently misreading an old file.
const Version = 1

// File is a parsed plimsoll.yaml: what the system must carry and survive.
// Services, journeys and tiers keep the order of the file.
type File struct {
	// Name is the file name used in positions; Dir is its directory, against
	// which relative paths in the file (capacity results files) resolve.
	Name, Dir string
	Services  []*Service
	Tiers     []*Tier
	// Assumptions override assumed figures by ID (see docs/assumptions.md).
	Assumptions []Override
}

// Service is a system users see as one: a shop, an API. Its journeys make
// its load; its tiers, in series, serve every request.
type Service struct {
	Name string
	Pos  diag.Pos
	// Availability is the target, as a fraction (0.9995); zero when unset.
	Availability float64
	// RPO and RTO are the recovery targets; zero when unset.
	RPO, RTO time.Duration
	// RegionRPO and RegionRTO are the targets after losing the whole
	// region, usually looser (a disaster, not an incident); they default to
	// RPO and RTO.
	RegionRPO, RegionRTO time.Duration
	// Growth is the yearly growth factor (1.3 for 30 % a year); Horizon the
	// planning period in years; Buffer the spare fraction on top (0.25).
	Growth, Horizon, Buffer float64
	Journeys                []*Journey
	// Path names the tiers a request passes through, in order.
	Path []Ref
}

// Journey is one thing users do (browse, check out), with its own peak and
// latency objectives.
type Journey struct {
	Name string
	Pos  diag.Pos
	// Users and Think describe a closed population: Users people each
	// wait Think between actions. Rate is an open arrival rate instead
	// (requests per second). Exactly one of Users or Rate is set.
	Users    float64
	Think    time.Duration
	Response time.Duration // expected response time, for Little's law; zero to ignore
	Rate     float64
	// Requests is how many requests one user action makes (default 1).
	Requests float64
	SLOs     []SLOAt
	// Path, when set, replaces the service's path for this journey.
	Path []Ref
	// Calls says how many requests one journey request makes to a tier
	// (default 1 for every tier on the path).
	Calls []Calls

	peakKey bool // users or rate was written, even if unreadable
}

// SLOAt is a latency objective and where it was written.
type SLOAt struct {
	SLO
	Pos diag.Pos
}

// Calls is a fan-out: Per requests to Tier for each request of the journey.
type Calls struct {
	Tier string
	Per  float64
	Pos  diag.Pos
}

// Ref is a name or address written in the file, with its position.
type Ref struct {
	Name string
	Pos  diag.Pos
}

// Tier is a set of interchangeable instances that serve one step of a
// request: a web autoscaling group, a database.
type Tier struct {
	Name string
	Pos  diag.Pos
	// Kind says what the tier is when no infrastructure graph tells: one
	// of Kinds. Empty means compute.
	Kind string
	// Resources are the addresses (or path.Match patterns) of the
	// resources the tier is made of, as the infrastructure graph names them;
	// '*' in a pattern matches any run of characters.
	Resources []Ref
	// Capacity is what one instance carries at most.
	Capacity Capacity
	// Zones is how many availability zones the tier spans; zero when unset.
	Zones int
	// Instances is a fixed instance count for a tier that is not planned
	// (a database primary); zero when unset.
	Instances int
	// MultiAZ says a database keeps a synchronous standby in another zone.
	MultiAZ   bool
	MultiAZAt diag.Pos // zero when unset
	// Pools are the connections each instance of this tier opens to
	// another tier (its database pool).
	Pools []Pool
	// MaxConnections is the most connections the tier accepts in total
	// (a database's max_connections); zero when unset.
	MaxConnections int
	// Availability overrides the assumed availability of one member.
	Availability float64
	// TargetUtilisation overrides the computed autoscaling target.
	TargetUtilisation float64
}

// Kinds lists the tier kinds a file may name.
var Kinds = []string{"compute", "database", "cache", "load-balancer", "queue", "bucket"}

// Capacity is a per-instance capacity: a rate written in the file, or the
// path of a `plimsoll load --find-max` results file to read it from.
type Capacity struct {
	Rate float64 // requests per second; zero when unset or from a file
	File string  // resolved against File.Dir; empty when a rate was given
	Pos  diag.Pos
}

// IsSet reports whether a capacity was given at all.
func (c Capacity) IsSet() bool { return c.Rate > 0 || c.File != "" }

// Pool is a connection pool: Size connections from each instance to Tier.
type Pool struct {
	Tier string
	Size int
	Pos  diag.Pos
}

// Override replaces the assumed figure ID by Value, written as in the file
// ("90s", "99.9%"); the planner checks the ID and the unit.
type Override struct {
	ID    string
	Value string
	Pos   diag.Pos // of the value
	IDPos diag.Pos // of the ID
}

// Service returns the service named name, or nil.
func (f *File) Service(name string) *Service {
	for _, s := range f.Services {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Tier returns the tier named name, or nil.
func (f *File) Tier(name string) *Tier {
	for _, t := range f.Tiers {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Matches reports whether the tier names the resource address addr: equal
// to a pattern, an instance of it (aws_instance.web matches
// aws_instance.web[0]), or matching it as a glob pattern.
func (t *Tier) Matches(addr string) bool {
	for _, r := range t.Resources {
		if MatchAddress(r.Name, addr) {
			return true
		}
	}
	return false
}

// MatchAddress reports whether the address pattern p names addr: equal,
// addr is an instance of p (p followed by an index key), or p as a glob
// ('*' any run of characters, '?' one) matches addr.
func MatchAddress(p, addr string) bool {
	if p == addr {
		return true
	}
	if rest, ok := strings.CutPrefix(addr, p); ok && strings.HasPrefix(rest, "[") && strings.HasSuffix(rest, "]") && !strings.Contains(rest[1:], "[") {
		return true
	}
	return strings.ContainsAny(p, "*?") && glob(p, addr)
}

// glob matches s against p, where '*' stands for any run of characters
// (dots and brackets included, so module.*.aws_instance.web matches across
// module keys) and '?' for one character. Brackets are literal, unlike in
// path.Match, because addresses are full of them.
func glob(p, s string) bool {
	// Iterative matching with one backtrack point: linear in practice and
	// never exponential, whatever the pattern.
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// JourneyPath returns the tiers a journey's requests pass through.
func (s *Service) JourneyPath(j *Journey) []Ref {
	if len(j.Path) > 0 {
		return j.Path
	}
	return s.Path
}

// CallsTo returns how many requests one journey request makes to tier.
func (j *Journey) CallsTo(tier string) float64 {
	for _, c := range j.Calls {
		if c.Tier == tier {
			return c.Per
		}
	}
	return 1
}

// PeakRate is the journey's peak request rate in requests per second, by
// Little's law for a closed population: each of Users users makes Requests
// requests every Think + Response, so the rate is
// Users × Requests / (Think + Response).
func (j *Journey) PeakRate() float64 {
	if j.Rate > 0 {
		return j.Rate
	}
	cycle := (j.Think + j.Response).Seconds()
	if cycle <= 0 {
		return math.Inf(1)
	}
	return j.Users * j.Requests / cycle
}
