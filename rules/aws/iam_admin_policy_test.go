package aws

import (
	"strings"
	"testing"
)

func TestAdminStatements(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want string
	}{
		{`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, "statement 0"},
		{`{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"Admin","Effect":"Allow","Action":["*:*"],"Resource":["*"]}]}`, `statement "Admin"`},
		{`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`, ""},
		{`{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Action":"*","Resource":"*"}]}`, ""},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}]}`, ""},
		{`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"kms:*","Resource":"*"}]}`, ""},
		{`not json`, ""},
		{`{"Statement":"*"}`, ""},
	} {
		if got := strings.Join(adminStatements(tc.doc), ","); got != tc.want {
			t.Errorf("adminStatements(%s) = %q, want %q", tc.doc, got, tc.want)
		}
	}
}

// FuzzAdminStatements feeds arbitrary policy documents to the parser: it
// must never panic, and whatever it reports must be a statement it names.
func FuzzAdminStatements(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
		`{"Statement":{"Sid":"x","Effect":"Allow","Action":["*"],"Resource":["*"]}}`,
		`{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}`,
		`{"Statement":null}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		for _, s := range adminStatements(doc) {
			if !strings.HasPrefix(s, "statement ") {
				t.Errorf("adminStatements(%q) reported %q", doc, s)
			}
		}
	})
}
