package loadgen

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Jar is a small cookie jar for one virtual user (RFC 6265 storage and
// matching rules, without the public-suffix list: a load test talks to its
// own servers). Its zero value is empty and ready to use. It is not safe for
// concurrent use; a VU is only ever driven by one goroutine at a time.
//
// net/http/cookiejar would do, but it costs a mutex, maps and a
// public-suffix lookup per VU; a Jar is a slice and costs nothing until a
// server sets a cookie, which matters at 50,000 VUs.
type Jar struct {
	cookies []jarCookie
}

type jarCookie struct {
	name, value  string
	domain, path string
	expires      time.Time // zero for a session cookie
	secure       bool
	hostOnly     bool
}

// Len returns the number of cookies held, expired or not.
func (j *Jar) Len() int { return len(j.cookies) }

// Update stores the cookies set by r (its Set-Cookie fields; the step must
// ask for headers) for a request to u.
func (j *Jar) Update(u *url.URL, r *Response, now time.Time) {
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, "Set-Cookie") {
			j.SetCookie(u, f.Value, now)
		}
	}
}

// SetCookie stores the cookie of one Set-Cookie value received from u.
// Malformed values and cookies for another domain are ignored, as browsers
// do.
func (j *Jar) SetCookie(u *url.URL, line string, now time.Time) {
	c, err := http.ParseSetCookie(line)
	if err != nil {
		return
	}
	host := canonicalHost(u)
	jc := jarCookie{name: c.Name, value: c.Value, secure: c.Secure, path: c.Path}
	if c.Domain == "" {
		jc.domain, jc.hostOnly = host, true
	} else {
		d := strings.ToLower(strings.TrimPrefix(c.Domain, "."))
		if !domainMatch(host, d) {
			return
		}
		jc.domain = d
	}
	if jc.path == "" || jc.path[0] != '/' {
		jc.path = defaultPath(u.EscapedPath())
	}
	switch {
	case c.MaxAge < 0:
		jc.expires = time.Unix(1, 0) // delete
	case c.MaxAge > 0:
		jc.expires = now.Add(time.Duration(c.MaxAge) * time.Second)
	case !c.Expires.IsZero():
		jc.expires = c.Expires
	}
	for i := range j.cookies {
		old := &j.cookies[i]
		if old.name == jc.name && old.domain == jc.domain && old.path == jc.path {
			if !jc.expires.IsZero() && !jc.expires.After(now) {
				j.cookies = append(j.cookies[:i], j.cookies[i+1:]...)
				return
			}
			*old = jc
			return
		}
	}
	if !jc.expires.IsZero() && !jc.expires.After(now) {
		return
	}
	j.cookies = append(j.cookies, jc)
}

// Header returns the value of the Cookie field to send to u, or "" when no
// cookie applies. Expired cookies are dropped on the way.
func (j *Jar) Header(u *url.URL, now time.Time) string {
	if len(j.cookies) == 0 {
		return ""
	}
	host := canonicalHost(u)
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	secure := u.Scheme == "https"
	var b strings.Builder
	kept := j.cookies[:0]
	for _, c := range j.cookies {
		if !c.expires.IsZero() && !c.expires.After(now) {
			continue
		}
		kept = append(kept, c)
		if c.secure && !secure {
			continue
		}
		if c.hostOnly && host != c.domain || !c.hostOnly && !domainMatch(host, c.domain) {
			continue
		}
		if !pathMatch(path, c.path) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.name)
		b.WriteByte('=')
		b.WriteString(c.value)
	}
	clear(j.cookies[len(kept):])
	j.cookies = kept
	return b.String()
}

func canonicalHost(u *url.URL) string { return strings.ToLower(u.Hostname()) }

// domainMatch reports whether host is domain or a subdomain of it. An IP
// address only matches itself.
func domainMatch(host, domain string) bool {
	if host == domain {
		return true
	}
	return strings.HasSuffix(host, "."+domain) && strings.IndexFunc(host, isLetter) >= 0
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' }

// defaultPath is RFC 6265 section 5.1.4.
func defaultPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

// pathMatch is RFC 6265 section 5.1.4.
func pathMatch(reqPath, cookiePath string) bool {
	if reqPath == cookiePath {
		return true
	}
	if !strings.HasPrefix(reqPath, cookiePath) {
		return false
	}
	return strings.HasSuffix(cookiePath, "/") || reqPath[len(cookiePath)] == '/'
}
