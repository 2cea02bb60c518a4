package aws

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/plimsoll/plimsoll/infra"
	"github.com/plimsoll/plimsoll/rule"
)

func hardcodedCredentials() rule.Rule {
	return rule.Rule{
		Meta: rule.Meta{
			ID:       "aws-hardcoded-credentials",
			Title:    "Credentials written in the configuration",
			Severity: rule.Critical,
			Concern:  rule.Security,
			Rationale: "A password, token or access key written in Terraform code — as a literal, a non-sensitive " +
				"variable's default, or inside user_data — is readable by everyone with the repository, its " +
				"history, its CI logs and the state file, and it is never rotated because rotating it means a " +
				"commit. The rule looks at arguments named like secrets (password, master_password, auth_token, " +
				"secret_string, private_key, ...), at map keys such as DB_PASSWORD in environment variables, " +
				"at AWS access key ids (AKIA.../ASIA...) anywhere, and at assignments of passwords, secrets and " +
				"tokens inside user_data, and at provider blocks whose access_key, secret_key or token is written " +
				"in the code (stand-ins for a local emulator such as \"test\" or \"mock_access_key\", and AWS's " +
				"documentation EXAMPLE keys, are not). Values from sensitive variables, from random_password, from Secrets Manager or SSM " +
				"data sources, and anything unknown until apply are not reported.",
			Remediation: "Let the service manage the secret (manage_master_user_password = true for RDS), or read it " +
				"at apply time from Secrets Manager or SSM Parameter Store (data sources), from random_password, or " +
				"from a variable marked sensitive = true with no default; have instances fetch secrets at boot with " +
				"their IAM role instead of baking them into user_data. Give the AWS provider no keys at all: it " +
				"finds credentials in the environment, a shared profile or the instance's role (assume_role for " +
				"another account). Rotate any secret that was committed.",
			Example: `resource "random_password" "db" {
  length  = 32
  special = false
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  username          = "app"
  password          = random_password.db.result
}`,
			Links: []string{
				"https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html",
				"https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output",
				"https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
			},
			Types: []string{"*", "provider"},
		},
		Check: func(g *infra.Graph) []rule.Hit {
			hits := providerCredentials(g)
			for _, r := range g.Resources() {
				if r.Addr.Mode != infra.Managed {
					continue
				}
				var found []string
				walkStrings(r.Attrs, "", func(path, key string, v infra.Value, s string) {
					if v.Sensitive() || s == "" || derived(g, r, path) {
						return
					}
					switch {
					case secretName(key) && looksLiteralSecret(s):
						found = append(found, path+" is written in the code (a literal or a variable default)")
					case strings.HasPrefix(path, "user_data"):
						if what := secretsInScript(decodeUserData(path, s)); what != "" {
							found = append(found, path+" contains "+what)
						}
					default:
						if !strings.Contains(s, "AKIA") && !strings.Contains(s, "ASIA") {
							return
						}
						if k := accessKey.FindString(s); k != "" && !strings.HasSuffix(k, "EXAMPLE") {
							found = append(found, fmt.Sprintf("%s contains an AWS access key id (%s)", path, redact(k)))
						}
					}
				})
				if len(found) > 0 {
					hits = append(hits, rule.Hitf(r, "%s has credentials in the configuration: %s; anyone with the repository or the state has them",
						r.Addr, strings.Join(found, "; ")))
				}
			}
			return hits
		},
	}
}

// providerKeys are the arguments of a provider block that hold
// credentials: the AWS provider's, and the same names in any other
// provider.
var providerKeys = []string{"access_key", "secret_key", "token"}

// providerCredentials reports provider configurations with credentials
// written in the code: a literal, or a variable's default that is not
// marked sensitive. A key from a sensitive variable, from a data source or
// resource (an edge says so even when the value is known), or unknown until
// apply is not reported.
func providerCredentials(g *infra.Graph) []rule.Hit {
	var hits []rule.Hit
	for _, p := range g.Providers() {
		var found []string
		for _, k := range providerKeys {
			v := p.Get(k)
			s, ok := v.Str()
			if !ok || s == "" || v.Sensitive() || derived(g, p, k) || !looksLiteralSecret(s) || placeholder(s) {
				continue
			}
			what := k
			if m := accessKey.FindString(s); m != "" && m == s {
				what += " (" + redact(m) + ")"
			}
			found = append(found, what)
		}
		if len(found) > 0 {
			hits = append(hits, rule.Hitf(p, "%s has credentials written in the configuration: %s; anyone with the repository or the state has them",
				p.Addr, strings.Join(found, ", ")))
		}
	}
	return hits
}

// placeholderWords make up the stand-in keys given to providers that talk
// to a local emulator or plan offline ("test", "mock_access_key"), which
// are no one's credentials.
var placeholderWords = map[string]bool{
	"test": true, "mock": true, "fake": true, "dummy": true, "placeholder": true, "localstack": true,
	"offline": true, "access": true, "secret": true, "key": true, "token": true, "session": true, "foo": true, "bar": true,
}

// placeholder reports whether a provider key is a stand-in: made only of
// placeholder words, or one of the EXAMPLE keys of AWS's documentation.
func placeholder(s string) bool {
	if strings.Contains(s, "EXAMPLE") {
		return true
	}
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	for _, w := range words {
		if !placeholderWords[w] {
			return false
		}
	}
	return len(words) > 0
}

var (
	accessKey    = regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`)
	secretAssign = regexp.MustCompile(`(?i)\b([A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY)[A-Z0-9_]*)\s*[:=]\s*["']?([^\s"'$]{4,})`)
	secretKey    = regexp.MustCompile(`(?i)aws_secret_access_key\s*[:=]\s*["']?[A-Za-z0-9/+]{40}`)
)

// secretNouns end the names of arguments and map keys that hold secrets.
var secretNouns = []string{
	"password", "passwd", "secret", "secret_string", "secret_key", "secret_access_key", "auth_token",
	"token", "api_key", "apikey", "client_secret", "private_key", "access_token",
}

// secretName reports whether an argument or map key names a secret: its
// name ends with a secret noun (DB_PASSWORD, master_password,
// STRIPE_SECRET_KEY), not merely contains one (auth_token_update_strategy,
// password_reset_required).
func secretName(key string) bool {
	k := strings.ReplaceAll(strings.ToLower(key), "-", "_")
	for _, n := range secretNouns {
		if rest, ok := strings.CutSuffix(k, n); ok && (rest == "" || strings.HasSuffix(rest, "_")) {
			return true
		}
	}
	return false
}

// looksLiteralSecret rules out values that point at a secret rather than
// being one: ARNs of Secrets Manager or SSM, dynamic references.
func looksLiteralSecret(s string) bool {
	return !strings.HasPrefix(s, "arn:") && !strings.HasPrefix(s, "{{resolve:") && !strings.HasPrefix(s, "/")
}

// derived reports whether the value at path came from another resource or
// data source (random_password, a Secrets Manager data source...), which the
// edges record even when the value is known.
func derived(g *infra.Graph, r *infra.Resource, path string) bool {
	for _, e := range g.Out(r) {
		if infra.AttrUnder(path, e.Attr) || infra.AttrUnder(e.Attr, path) {
			return true
		}
	}
	return false
}

func decodeUserData(path, s string) string {
	if strings.HasSuffix(path, "base64") || !strings.ContainsAny(s, " \n=") {
		if b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s)); err == nil {
			return string(b)
		}
	}
	return s
}

// secretsInScript describes the secrets found in a boot script, without
// repeating them.
func secretsInScript(s string) string {
	var what []string
	for _, m := range secretAssign.FindAllStringSubmatch(s, -1) {
		what = append(what, "an assignment to "+m[1])
	}
	if secretKey.MatchString(s) {
		what = append(what, "an AWS secret access key")
	}
	if k := accessKey.FindString(s); k != "" && !strings.HasSuffix(k, "EXAMPLE") {
		what = append(what, "an AWS access key id ("+redact(k)+")")
	}
	return strings.Join(what, ", ")
}

func redact(k string) string { return k[:4] + "…" + k[len(k)-4:] }

// walkStrings calls fn for every known string inside v, with its
// dotted path and the name of the attribute or map key holding it.
func walkStrings(v infra.Value, path string, fn func(path, key string, v infra.Value, s string)) {
	walk(v, path, "", fn)
}

func walk(v infra.Value, path, key string, fn func(path, key string, v infra.Value, s string)) {
	if !v.IsKnown() {
		return
	}
	switch ty := v.Type(); {
	case ty == cty.String:
		fn(path, key, v, v.Cty().AsString())
		return
	case ty.IsPrimitiveType():
		return
	}
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	if keys, _ := v.Keys(); len(keys) > 0 {
		for _, k := range keys {
			walk(v.Get(k), join(k), k, fn)
		}
		return
	}
	elems, _ := v.Elems()
	for i, e := range elems {
		walk(e, join(fmt.Sprint(i)), key, fn)
	}
}
