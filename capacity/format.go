package capacity

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// percent renders a fraction as a percentage with as many decimals as it
// takes to tell 99.95 % from 99.9 % (at most four), without trailing zeros.
func percent(f float64) string {
	v := f * 100
	s := strconv.FormatFloat(math.Floor(v*1e4+0.5)/1e4, 'f', 4, 64)
	if v < 100 && v > 99.99995 {
		// Never round an imperfect availability up to 100%.
		s = "99.9999"
	}
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}

// fmtRate renders requests per second with thousands separators.
func fmtRate(r float64) string { return group(r) + "/s" }

// group renders a number rounded to a whole (or to one decimal below 10)
// with thousands separators.
func group(v float64) string {
	if v < 10 && v != math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// fmtDuration renders a duration the way people say it: 90s, 2m, 4h22m,
// 3d.
func fmtDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Second:
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	case d < 2*time.Minute:
		return strconv.Itoa(int(d.Round(time.Second).Seconds())) + "s"
	case d < time.Hour:
		d = d.Round(time.Second)
		m, s := int(d.Minutes()), int(d.Seconds())%60
		if s == 0 {
			return strconv.Itoa(m) + "m"
		}
		return strconv.Itoa(m) + "m" + strconv.Itoa(s) + "s"
	case d < 48*time.Hour:
		d = d.Round(time.Minute)
		h, m := int(d.Hours()), int(d.Minutes())%60
		if m == 0 {
			return strconv.Itoa(h) + "h"
		}
		return strconv.Itoa(h) + "h" + strconv.Itoa(m) + "m"
	}
	return strconv.Itoa(int(math.Round(d.Hours()/24))) + "d"
}
