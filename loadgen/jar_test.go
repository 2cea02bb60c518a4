package loadgen

import (
	"net/url"
	"testing"
	"time"
)

func TestJar(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	mustURL := func(s string) *url.URL {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	type set struct {
		from, line string
	}
	tests := []struct {
		name  string
		sets  []set
		after time.Duration
		to    string
		want  string
	}{
		{"host only", []set{{"http://shop.test/login", "sid=1"}}, 0, "http://shop.test/cart", "sid=1"},
		{"host only not sub", []set{{"http://shop.test/", "sid=1"}}, 0, "http://a.shop.test/", ""},
		{"domain cookie to sub", []set{{"http://shop.test/", "sid=1; Domain=.shop.test"}}, 0, "http://a.shop.test/", "sid=1"},
		{"foreign domain ignored", []set{{"http://shop.test/", "sid=1; Domain=evil.test"}}, 0, "http://evil.test/", ""},
		{"path", []set{{"http://h/", "a=1; Path=/api"}}, 0, "http://h/apix", ""},
		{"path sub", []set{{"http://h/", "a=1; Path=/api"}}, 0, "http://h/api/x", "a=1"},
		{"default path", []set{{"http://h/a/login", "a=1"}}, 0, "http://h/b", ""},
		{"replace", []set{{"http://h/", "a=1"}, {"http://h/", "a=2"}}, 0, "http://h/", "a=2"},
		{"two", []set{{"http://h/", "a=1"}, {"http://h/", "b=2"}}, 0, "http://h/", "a=1; b=2"},
		{"delete by max-age", []set{{"http://h/", "a=1"}, {"http://h/", "a=1; Max-Age=-1"}}, 0, "http://h/", ""},
		{"expires later", []set{{"http://h/", "a=1; Max-Age=10"}}, 11 * time.Second, "http://h/", ""},
		{"not yet expired", []set{{"http://h/", "a=1; Max-Age=10"}}, 9 * time.Second, "http://h/", "a=1"},
		{"secure over http", []set{{"https://h/", "a=1; Secure"}}, 0, "http://h/", ""},
		{"secure over https", []set{{"https://h/", "a=1; Secure"}}, 0, "https://h/", "a=1"},
		{"malformed", []set{{"http://h/", "=;;"}}, 0, "http://h/", ""},
		{"ip host", []set{{"http://127.0.0.1:8080/", "a=1"}}, 0, "http://127.0.0.1:9090/x", "a=1"},
	}
	for _, tt := range tests {
		var j Jar
		for _, s := range tt.sets {
			j.SetCookie(mustURL(s.from), s.line, now)
		}
		if got := j.Header(mustURL(tt.to), now.Add(tt.after)); got != tt.want {
			t.Errorf("%s: Header() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestJarUpdate(t *testing.T) {
	var j Jar
	u, _ := url.Parse("http://h/")
	now := time.Now()
	j.Update(u, &Response{Header: []Field{{"set-cookie", "a=1"}, {"Content-Type", "x"}, {"Set-Cookie", "b=2"}}}, now)
	if got := j.Header(u, now); got != "a=1; b=2" {
		t.Errorf("Header() = %q, want a=1; b=2", got)
	}
}
