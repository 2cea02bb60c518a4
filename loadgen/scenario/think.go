package scenario

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"
)

// think is the pause a virtual user takes after a step, as a person reads
// the page before the next click.
type think struct {
	kind thinkKind
	a, b time.Duration // constant: a; uniform: [a, b]; exponential: mean a
}

type thinkKind uint8

const (
	thinkNone thinkKind = iota
	thinkConstant
	thinkUniform
	thinkExponential
)

// expCap bounds an exponential think time at this many means, so that one
// unlucky draw cannot park a virtual user for the rest of a short run
// (P(X > 10·mean) = e^-10 ≈ 0.005 %).
const expCap = 10

// sample draws one think time.
func (t think) sample(rng *rand.PCG) time.Duration {
	switch t.kind {
	case thinkConstant:
		return t.a
	case thinkUniform:
		span := uint64(t.b - t.a)
		if span == 0 {
			return t.a
		}
		return t.a + time.Duration(rng.Uint64()%(span+1))
	case thinkExponential:
		u := float64(rng.Uint64()>>11) * 0x1p-53 // [0, 1)
		x := -math.Log1p(-u)
		return time.Duration(math.Min(x, expCap) * float64(t.a))
	}
	return 0
}

// String renders the think time as the file writes it.
func (t think) String() string {
	switch t.kind {
	case thinkConstant:
		return t.a.String()
	case thinkUniform:
		return fmt.Sprintf("uniform(%s, %s)", t.a, t.b)
	case thinkExponential:
		return fmt.Sprintf("exponential(%s)", t.a)
	}
	return "0s"
}

// maxThink bounds a think time; a longer pause is a mistake in the file.
const maxThink = time.Hour

const thinkExpect = "a think time such as 1s, uniform(1s, 3s) or exponential(2s)"

func (c *compiler) readThink(n *yaml.Node) (think, bool) {
	n = deref(n)
	t, err := parseThink(n)
	if err != nil {
		c.errorf(n, "think: expected %s, found %s: %v", thinkExpect, kindName(n), err)
		return think{}, false
	}
	return t, true
}

func parseThink(n *yaml.Node) (think, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return think{}, fmt.Errorf("not a think time")
	}
	s := strings.TrimSpace(n.Value)
	fn, args, ok := strings.Cut(s, "(")
	if !ok {
		d, err := parseDuration(n)
		if err != nil {
			return think{}, err
		}
		if d > maxThink {
			return think{}, fmt.Errorf("above %s", maxThink)
		}
		if d == 0 {
			return think{}, nil
		}
		return think{kind: thinkConstant, a: d}, nil
	}
	args, ok = strings.CutSuffix(args, ")")
	if !ok {
		return think{}, fmt.Errorf("missing )")
	}
	var ds []time.Duration
	for _, a := range strings.Split(args, ",") {
		d, err := parseDuration(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: strings.TrimSpace(a)})
		if err != nil {
			return think{}, fmt.Errorf("%q: %v", strings.TrimSpace(a), err)
		}
		if d > maxThink {
			return think{}, fmt.Errorf("%q is above %s", strings.TrimSpace(a), maxThink)
		}
		ds = append(ds, d)
	}
	switch strings.TrimSpace(fn) {
	case "uniform":
		if len(ds) != 2 {
			return think{}, fmt.Errorf("uniform takes two durations, the least and the most")
		}
		if ds[0] > ds[1] {
			return think{}, fmt.Errorf("uniform(%s, %s): the least is above the most", ds[0], ds[1])
		}
		return think{kind: thinkUniform, a: ds[0], b: ds[1]}, nil
	case "exponential":
		if len(ds) != 1 {
			return think{}, fmt.Errorf("exponential takes one duration, the mean")
		}
		if ds[0] == 0 {
			return think{}, nil
		}
		return think{kind: thinkExponential, a: ds[0]}, nil
	}
	return think{}, fmt.Errorf("unknown distribution %q; expected uniform or exponential", strings.TrimSpace(fn))
}
