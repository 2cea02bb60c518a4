package requirements

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/plimsoll/plimsoll/diag"
	"github.com/plimsoll/plimsoll/internal/yamlpos"
)

// Defaults of the planning figures a file may leave out. They follow the
// usual advice for a peak plan: 20–30 % buffer, 18–24 months ahead.
const (
	DefaultBuffer  = 0.25
	DefaultHorizon = 2.0 // years
	DefaultGrowth  = 1.0 // no growth unless the file says so
)

// maxCount bounds counts (users, zones, instances, connections) so that
// arithmetic on them stays exact in a float64 and an int.
const maxCount = 1 << 40

// Parse reads a plimsoll.yaml. name is used in positions and to resolve
// relative paths. It reports every problem it finds, each with
// file:line:col; the File it returns holds what could be read.
func Parse(name string, data []byte) (*File, diag.Diagnostics) {
	p := &parser{name: name}
	f := &File{Name: name, Dir: filepath.Dir(name)}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pos, msg := yamlpos.Locate(name, data, 1, err)
		return f, diag.Diagnostics{diag.Errorf(pos, "not valid YAML: %s", msg)}
	}
	if len(doc.Content) == 0 {
		return f, diag.Diagnostics{diag.Errorf(diag.Pos{File: name}, "empty requirements file: want at least version: %d and a service", Version)}
	}
	root := p.deref(doc.Content[0])
	if !p.isMap(root, "the top level: version, defaults, services, tiers and assumptions") {
		return f, p.ds
	}
	var defaults, services, tiers *yaml.Node
	var version *yaml.Node
	p.fields(root, "top level", func(k string, key, v *yaml.Node) {
		switch k {
		case "version":
			version = v
		case "defaults":
			defaults = v
		case "services":
			services = v
		case "tiers":
			tiers = v
		case "assumptions":
			f.Assumptions = p.overrides(v)
		default:
			p.unknown(key, k, "version, defaults, services, tiers or assumptions")
		}
	})
	switch {
	case version == nil:
		p.errorf(root, "missing version: want version: %d as the first line", Version)
	case version.Kind != yaml.ScalarNode || version.Value != strconv.Itoa(Version):
		p.errorf(version, "unsupported version %q: this plimsoll reads version %d", version.Value, Version)
	}
	d := planDefaults{growth: DefaultGrowth, horizon: DefaultHorizon, buffer: DefaultBuffer}
	if defaults != nil {
		p.defaults(defaults, &d)
	}
	if tiers != nil {
		f.Tiers = p.tiers(tiers, d)
	}
	if services == nil {
		p.errorf(root, "missing services: want at least one service with its peak load")
	} else {
		f.Services = p.services(services, d)
	}
	p.crossCheck(f)
	for _, t := range f.Tiers {
		if t.Capacity.File != "" && !filepath.IsAbs(t.Capacity.File) {
			t.Capacity.File = filepath.Join(f.Dir, t.Capacity.File)
		}
	}
	p.ds.Sort()
	return f, p.ds
}

type planDefaults struct {
	growth, horizon, buffer float64
	availability            float64
	rpo, rto                time.Duration
	regionRPO, regionRTO    time.Duration
	zones                   int
}

type parser struct {
	name string
	ds   diag.Diagnostics
	// aliases counts alias dereferences, so a file of nested aliases cannot
	// make the parser walk an exponential tree.
	aliases int
}

func (p *parser) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: p.name, Line: n.Line, Column: n.Column}
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.ds = append(p.ds, diag.Errorf(p.pos(n), format, args...))
}

func (p *parser) unknown(key *yaml.Node, k, want string) {
	p.errorf(key, "unknown key %q (want %s)", k, want)
}

// deref follows an alias to the node it names.
func (p *parser) deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && p.aliases < 10000 {
		p.aliases++
		n = n.Alias
	}
	return n
}

func (p *parser) isMap(n *yaml.Node, what string) bool {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "want a mapping for %s", what)
		return false
	}
	return true
}

// fields calls fn for each key of mapping n, reporting duplicate keys and
// keys that are not plain strings.
func (p *parser) fields(n *yaml.Node, where string, fn func(k string, key, v *yaml.Node)) {
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, v := p.deref(n.Content[i]), p.deref(n.Content[i+1])
		if key.Kind != yaml.ScalarNode {
			p.errorf(key, "want a name as key in %s", where)
			continue
		}
		if key.Value == "<<" {
			p.errorf(key, "merge keys (<<) are not supported in %s; write the keys out", where)
			continue
		}
		if prev, ok := seen[key.Value]; ok {
			p.errorf(key, "duplicate key %q in %s (first at line %d)", key.Value, where, prev.Line)
			continue
		}
		seen[key.Value] = key
		fn(key.Value, key, v)
	}
}

func (p *parser) scalar(n *yaml.Node, field, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "%s: want %s", field, want)
		return "", false
	}
	return n.Value, true
}

// unit parses a scalar with one of the unit parsers, reporting its error at
// the node.
func unit[T any](p *parser, n *yaml.Node, field string, parse func(string) (T, error)) (T, bool) {
	var zero T
	s, ok := p.scalar(n, field, "a value")
	if !ok {
		return zero, false
	}
	v, err := parse(s)
	if err != nil {
		p.errorf(n, "%s: %v", field, err)
		return zero, false
	}
	return v, true
}

func (p *parser) percent(n *yaml.Node, field string, lo, hi float64) (float64, bool) {
	v, ok := unit(p, n, field, ParsePercent)
	if ok && (v < lo || v > hi) {
		p.errorf(n, "%s: want a percentage from %s to %s, got %s", field, pct(lo), pct(hi), n.Value)
		return 0, false
	}
	return v, ok
}

func pct(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) + "%" }

func (p *parser) count(n *yaml.Node, field string, lo int) (int, bool) {
	s, ok := p.scalar(n, field, "a whole number")
	if !ok {
		return 0, false
	}
	t := strings.ReplaceAll(s, "_", "")
	if strings.Contains(t, ",") && thousands(t) {
		t = strings.ReplaceAll(t, ",", "")
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil || v < int64(lo) || v > maxCount {
		p.errorf(n, "%s: want a whole number of at least %d, got %q", field, lo, s)
		return 0, false
	}
	return int(v), true
}

func (p *parser) boolean(n *yaml.Node, field string) (bool, bool) {
	s, ok := p.scalar(n, field, "true or false")
	if !ok {
		return false, false
	}
	switch s {
	case "true", "yes", "on":
		return true, true
	case "false", "no", "off":
		return false, true
	}
	p.errorf(n, "%s: want true or false, got %q", field, s)
	return false, false
}

func (p *parser) ref(n *yaml.Node, field string) (Ref, bool) {
	s, ok := p.scalar(n, field, "a name")
	if !ok || s == "" {
		if ok {
			p.errorf(n, "%s: want a name, got an empty string", field)
		}
		return Ref{}, false
	}
	return Ref{Name: s, Pos: p.pos(n)}, true
}

// names reads a list of names, or a single name standing for a list of one.
func (p *parser) names(n *yaml.Node, field string) []Ref {
	if n.Kind == yaml.ScalarNode {
		r, ok := p.ref(n, field)
		if !ok {
			return nil
		}
		return []Ref{r}
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list of names", field)
		return nil
	}
	var out []Ref
	for _, e := range n.Content {
		if r, ok := p.ref(p.deref(e), field); ok {
			out = append(out, r)
		}
	}
	return out
}

// planning reads the keys that defaults and services share; it returns
// false when k is not one of them.
func (p *parser) planning(k string, v *yaml.Node, d *planDefaults) bool {
	switch k {
	case "growth":
		if g, ok := unit(p, v, k, ParseGrowth); ok {
			d.growth = g
		}
	case "horizon":
		if h, ok := unit(p, v, k, ParsePeriod); ok {
			if h > 10 {
				p.errorf(v, "horizon: want at most 10 years, got %s (capacity plans beyond a few years are guesses)", v.Value)
			} else {
				d.horizon = h
			}
		}
	case "buffer":
		if b, ok := p.percent(v, k, 0, 10); ok {
			d.buffer = b
		}
	case "availability":
		if a, ok := p.percent(v, k, 0, 1); ok {
			if a == 1 {
				p.errorf(v, "availability: 100%% cannot be met by anything; want a target such as 99.95%%")
			} else {
				d.availability = a
			}
		}
	case "rpo":
		if r, ok := unit(p, v, k, ParseDuration); ok {
			d.rpo = r
		}
	case "rto":
		if r, ok := unit(p, v, k, ParseDuration); ok {
			d.rto = r
		}
	case "region_rpo":
		if r, ok := unit(p, v, k, ParseDuration); ok {
			d.regionRPO = r
		}
	case "region_rto":
		if r, ok := unit(p, v, k, ParseDuration); ok {
			d.regionRTO = r
		}
	default:
		return false
	}
	return true
}

const planningKeys = "growth, horizon, buffer, availability, rpo, rto, region_rpo, region_rto"

func (p *parser) defaults(n *yaml.Node, d *planDefaults) {
	if !p.isMap(n, "defaults ("+planningKeys+", zones)") {
		return
	}
	p.fields(n, "defaults", func(k string, key, v *yaml.Node) {
		if p.planning(k, v, d) {
			return
		}
		if k == "zones" {
			if z, ok := p.count(v, k, 1); ok {
				d.zones = z
			}
			return
		}
		p.unknown(key, k, planningKeys+" or zones")
	})
}

func (p *parser) services(n *yaml.Node, d planDefaults) []*Service {
	if !p.isMap(n, "services: each service's name, then its peak and targets") {
		return nil
	}
	var out []*Service
	p.fields(n, "services", func(name string, key, v *yaml.Node) {
		if s := p.service(name, key, v, d); s != nil {
			out = append(out, s)
		}
	})
	if len(out) == 0 && len(n.Content) == 0 {
		p.errorf(n, "services: want at least one service")
	}
	return out
}

const serviceKeys = planningKeys + ", journeys, tiers, users, think, response, rate, requests, slo, calls"

func (p *parser) service(name string, key, n *yaml.Node, d planDefaults) *Service {
	s := &Service{Name: name, Pos: p.pos(key)}
	if !p.isMap(n, "service "+name+" ("+serviceKeys+")") {
		return nil
	}
	// A service may describe its peak directly, as a single journey of the
	// same name, instead of listing journeys.
	direct := &Journey{Name: name, Pos: p.pos(key), Requests: 1}
	var hasDirect bool
	var journeys *yaml.Node
	p.fields(n, "service "+name, func(k string, kn, v *yaml.Node) {
		if p.planning(k, v, &d) {
			return
		}
		switch k {
		case "journeys":
			journeys = v
		case "tiers":
			s.Path = p.names(v, "tiers")
		default:
			if p.journeyKey(direct, k, v) {
				hasDirect = true
				return
			}
			p.unknown(kn, k, serviceKeys)
		}
	})
	s.Growth, s.Horizon, s.Buffer = d.growth, d.horizon, d.buffer
	s.Availability, s.RPO, s.RTO = d.availability, d.rpo, d.rto
	s.RegionRPO, s.RegionRTO = d.regionRPO, d.regionRTO
	if s.RegionRPO == 0 {
		s.RegionRPO = s.RPO
	}
	if s.RegionRTO == 0 {
		s.RegionRTO = s.RTO
	}
	switch {
	case journeys != nil && hasDirect:
		p.errorf(journeys, "service %s: give its peak either directly (users, think, rate...) or under journeys, not both", name)
	case journeys != nil:
		s.Journeys = p.journeys(journeys, name)
	case hasDirect:
		p.finishJourney(direct, key)
		s.Journeys = []*Journey{direct}
	default:
		p.errorf(key, "service %s has no peak: want users and think, or rate, or journeys", name)
	}
	return s
}

func (p *parser) journeys(n *yaml.Node, service string) []*Journey {
	if !p.isMap(n, "journeys: each journey's name, then its peak") {
		return nil
	}
	var out []*Journey
	p.fields(n, "journeys of "+service, func(name string, key, v *yaml.Node) {
		j := &Journey{Name: name, Pos: p.pos(key), Requests: 1}
		if !p.isMap(v, "journey "+name+" (users, think, response, rate, requests, slo, tiers, calls)") {
			return
		}
		p.fields(v, "journey "+name, func(k string, kn, v *yaml.Node) {
			if !p.journeyKey(j, k, v) {
				p.unknown(kn, k, "users, think, response, rate, requests, slo, tiers or calls")
			}
		})
		p.finishJourney(j, key)
		out = append(out, j)
	})
	if len(n.Content) == 0 {
		p.errorf(n, "journeys: want at least one journey")
	}
	return out
}

// journeyKey reads one key of a journey; it returns false when k is not a
// journey key.
func (p *parser) journeyKey(j *Journey, k string, v *yaml.Node) bool {
	switch k {
	case "users", "rate":
		j.peakKey = true
	}
	switch k {
	case "users":
		if u, ok := unit(p, v, k, ParseUsers); ok {
			if u <= 0 || u > maxCount {
				p.errorf(v, "users: want more than 0 users, got %s", v.Value)
			} else {
				j.Users = u
			}
		}
	case "think":
		if t, ok := unit(p, v, k, ParseDuration); ok {
			j.Think = t
		}
	case "response":
		if t, ok := unit(p, v, k, ParseDuration); ok {
			j.Response = t
		}
	case "rate":
		if r, ok := unit(p, v, k, ParseRate); ok {
			if r <= 0 || r > maxCount {
				p.errorf(v, "rate: want more than 0 requests per second, got %s", v.Value)
			} else {
				j.Rate = r
			}
		}
	case "requests":
		s, ok := p.scalar(v, k, "requests per user action, such as 3")
		if !ok {
			break
		}
		r, err := parseNumber(s)
		if err != nil || r <= 0 || r > 1e6 {
			p.errorf(v, "requests: want the requests one user action makes, such as 3, got %q", s)
		} else {
			j.Requests = r
		}
	case "slo":
		items := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			items = v.Content
		}
		for _, e := range items {
			e = p.deref(e)
			if slo, ok := unit(p, e, k, ParseSLO); ok {
				j.SLOs = append(j.SLOs, SLOAt{SLO: slo, Pos: p.pos(e)})
			}
		}
	case "tiers":
		j.Path = p.names(v, "tiers")
	case "calls":
		if !p.isMap(v, "calls: tier name → requests per journey request") {
			break
		}
		p.fields(v, "calls", func(tier string, kn, v *yaml.Node) {
			s, ok := p.scalar(v, "calls."+tier, "a number")
			if !ok {
				return
			}
			c, err := parseNumber(s)
			if err != nil || c > 1e6 {
				p.errorf(v, "calls.%s: want how many requests one journey request makes to tier %s, such as 2, got %q", tier, tier, s)
				return
			}
			j.Calls = append(j.Calls, Calls{Tier: tier, Per: c, Pos: p.pos(kn)})
		})
	default:
		return false
	}
	return true
}

func (p *parser) finishJourney(j *Journey, key *yaml.Node) {
	switch {
	case j.Users > 0 && j.Rate > 0:
		p.errorf(key, "%s: give either users (with think) or rate, not both", j.Name)
	case j.Users > 0 && j.Think+j.Response <= 0:
		p.errorf(key, "%s: %s users need a think time (think: 5s) to become a request rate", j.Name, fmtCount(j.Users))
	case j.Users == 0 && j.Rate == 0 && !j.peakKey:
		p.errorf(key, "%s has no peak: want users and think, or rate", j.Name)
	case j.Rate > 0 && (j.Think > 0 || j.Response > 0 || j.Requests != 1):
		p.errorf(key, "%s: think, response and requests only apply to users, not to a rate", j.Name)
	}
}

func fmtCount(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (p *parser) tiers(n *yaml.Node, d planDefaults) []*Tier {
	if !p.isMap(n, "tiers: each tier's name, then its resources and capacity") {
		return nil
	}
	var out []*Tier
	p.fields(n, "tiers", func(name string, key, v *yaml.Node) {
		if t := p.tier(name, key, v, d); t != nil {
			out = append(out, t)
		}
	})
	return out
}

const tierKeys = "kind, resources, capacity, zones, instances, multi_az, pool, max_connections, availability, target_utilisation"

func (p *parser) tier(name string, key, n *yaml.Node, d planDefaults) *Tier {
	t := &Tier{Name: name, Pos: p.pos(key), Zones: d.zones}
	if !p.isMap(n, "tier "+name+" ("+tierKeys+")") {
		return nil
	}
	p.fields(n, "tier "+name, func(k string, kn, v *yaml.Node) {
		switch k {
		case "kind":
			if s, ok := p.scalar(v, k, "one of "+strings.Join(Kinds, ", ")); ok {
				if !slices.Contains(Kinds, s) {
					p.errorf(v, "kind: want one of %s, got %q", strings.Join(Kinds, ", "), s)
				} else {
					t.Kind = s
				}
			}
		case "resources":
			t.Resources = p.names(v, k)
		case "capacity":
			t.Capacity = p.capacity(v)
		case "zones":
			if z, ok := p.count(v, k, 1); ok {
				t.Zones = z
			}
		case "instances":
			if i, ok := p.count(v, k, 1); ok {
				t.Instances = i
			}
		case "multi_az":
			if b, ok := p.boolean(v, k); ok {
				t.MultiAZ, t.MultiAZAt = b, p.pos(v)
			}
		case "pool":
			if !p.isMap(v, "pool: tier name → connections each instance opens to it") {
				return
			}
			p.fields(v, "pool", func(to string, kn, v *yaml.Node) {
				if c, ok := p.count(v, "pool."+to, 1); ok {
					t.Pools = append(t.Pools, Pool{Tier: to, Size: c, Pos: p.pos(kn)})
				}
			})
		case "max_connections":
			if c, ok := p.count(v, k, 1); ok {
				t.MaxConnections = c
			}
		case "availability":
			if a, ok := p.percent(v, k, 0, 1); ok {
				if a == 0 {
					p.errorf(v, "availability: want more than 0%%")
				} else {
					t.Availability = a
				}
			}
		case "target_utilisation", "target_utilization":
			if u, ok := p.percent(v, k, 0.01, 1); ok {
				t.TargetUtilisation = u
			}
		default:
			p.unknown(kn, k, tierKeys)
		}
	})
	return t
}

// capacity reads a rate ("450/s", 450) or the path of a results file.
func (p *parser) capacity(n *yaml.Node) Capacity {
	c := Capacity{Pos: p.pos(n)}
	s, ok := p.scalar(n, "capacity", "requests per second for one instance (450/s), or the path of a plimsoll load --find-max results file")
	if !ok {
		return c
	}
	if r, err := ParseRate(s); err == nil {
		if r <= 0 {
			p.errorf(n, "capacity: want more than 0 requests per second, got %q", s)
		} else {
			c.Rate = r
		}
		return c
	}
	if !strings.HasSuffix(s, ".json") {
		p.errorf(n, "capacity: want requests per second for one instance such as 450/s, or the path of a plimsoll load --find-max results file (.json), got %q", s)
		return c
	}
	c.File = filepath.FromSlash(s)
	return c
}

func (p *parser) overrides(n *yaml.Node) []Override {
	if !p.isMap(n, "assumptions: assumed figure ID → its value") {
		return nil
	}
	var out []Override
	p.fields(n, "assumptions", func(id string, key, v *yaml.Node) {
		s, ok := p.scalar(v, "assumptions."+id, "a value such as 90s or 99.9%")
		if ok {
			out = append(out, Override{ID: id, Value: s, Pos: p.pos(v), IDPos: p.pos(key)})
		}
	})
	return out
}

// crossCheck reports references to tiers that do not exist and other
// mistakes only visible once the whole file is read.
func (p *parser) crossCheck(f *File) {
	known := func(r Ref, what string) {
		if f.Tier(r.Name) == nil {
			p.ds = append(p.ds, diag.Errorf(r.Pos, "%s names tier %q, which is not defined under tiers%s", what, r.Name, tierList(f)))
		}
	}
	for _, s := range f.Services {
		for _, r := range s.Path {
			known(r, "service "+s.Name)
		}
		for _, j := range s.Journeys {
			for _, r := range j.Path {
				known(r, "journey "+j.Name)
			}
			path := s.JourneyPath(j)
			for _, c := range j.Calls {
				if !slices.ContainsFunc(path, func(r Ref) bool { return r.Name == c.Tier }) {
					p.ds = append(p.ds, diag.Errorf(c.Pos, "calls names tier %q, which is not on journey %s's path", c.Tier, j.Name))
				}
			}
		}
	}
	for _, t := range f.Tiers {
		for _, pl := range t.Pools {
			to := f.Tier(pl.Tier)
			switch {
			case to == nil:
				p.ds = append(p.ds, diag.Errorf(pl.Pos, "pool names tier %q, which is not defined under tiers%s", pl.Tier, tierList(f)))
			case to == t:
				p.ds = append(p.ds, diag.Errorf(pl.Pos, "tier %s cannot pool connections to itself", t.Name))
			}
		}
		if t.TargetUtilisation > 0 && !t.Capacity.IsSet() {
			p.ds = append(p.ds, diag.Errorf(t.Pos, "tier %s: target_utilisation needs a capacity to plan against", t.Name))
		}
	}
}

func tierList(f *File) string {
	if len(f.Tiers) == 0 {
		return ""
	}
	names := make([]string, len(f.Tiers))
	for i, t := range f.Tiers {
		names[i] = t.Name
	}
	return " (tiers: " + strings.Join(names, ", ") + ")"
}
