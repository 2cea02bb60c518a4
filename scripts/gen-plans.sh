#!/usr/bin/env bash
# gen-plans.sh regenerates the plan JSON fixtures of loader/tfplan from real
# Terraform plans, made offline: Terraform (1.11 was used) takes the AWS
# provider from a local filesystem mirror, and an override file added to a
# temporary copy of each configuration stops the provider from asking AWS for
# anything. Nothing but the plan JSON is written into the repository: no
# .terraform directory, lock file or state.
#
#   scripts/gen-plans.sh                 # every fixture
#   scripts/gen-plans.sh aws-shop basic  # only these
#
# Environment:
#   TF_PROVIDER_MIRROR  directory laid out as a Terraform filesystem mirror
#                       (registry.terraform.io/hashicorp/aws/VERSION/OS_ARCH/...);
#                       default: /opt/tf-plugins
#   TERRAFORM           the terraform binary; default: terraform from PATH
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/loader/tfplan/testdata
mirror=${TF_PROVIDER_MIRROR:-/opt/tf-plugins}
tf=${TERRAFORM:-terraform}

if [ ! -d "$mirror/registry.terraform.io/hashicorp/aws" ]; then
  echo "gen-plans: no AWS provider under $mirror (set TF_PROVIDER_MIRROR)" >&2
  exit 2
fi

# name -> configuration directory (relative to the repository root).
declare -A sources=(
  [aws-shop]=examples/aws-shop
  [single-server]=examples/single-server
)
for d in "$out"/src/*/; do
  [ -d "$d" ] || continue
  n=$(basename "$d")
  sources[$n]=loader/tfplan/testdata/src/$n
done

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  mapfile -t names < <(printf '%s\n' "${!sources[@]}" | sort)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The plugin cache lets every fixture after the first link the provider
# instead of copying several hundred megabytes.
mkdir -p "$work/plugin-cache"
cat >"$work/cli.tfrc" <<TFRC
plugin_cache_dir = "$work/plugin-cache"
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
TFRC

# Terraform writes the plan as one long line; the fixtures are indented so that
# reviews and positions (plan.json:LINE) mean something. json.Indent keeps
# every number exactly as Terraform wrote it, which jq 1.6 would not. Two
# things change on every run of an unchanged configuration and are made
# stable: the top-level "timestamp" (when the plan was made) is dropped, and
# "relevant_attributes", which Terraform lists in no fixed order, is sorted.
mkdir -p "$work/indent"
cat >"$work/indent/main.go" <<'GO'
package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"sort"
)

func main() {
	in, err := io.ReadAll(os.Stdin)
	check(err)
	d := json.NewDecoder(bytes.NewReader(in))
	tok, err := d.Token()
	check(err)
	if tok != json.Delim('{') {
		panic("plan JSON is not an object")
	}
	var out bytes.Buffer
	out.WriteByte('{')
	first := true
	for d.More() {
		tok, err := d.Token()
		check(err)
		key := tok.(string)
		var raw json.RawMessage
		check(d.Decode(&raw))
		switch key {
		case "timestamp":
			continue
		case "relevant_attributes":
			var list []json.RawMessage
			check(json.Unmarshal(raw, &list))
			sort.Slice(list, func(i, j int) bool { return bytes.Compare(list[i], list[j]) < 0 })
			raw, err = json.Marshal(list)
			check(err)
		}
		if !first {
			out.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(key)
		out.Write(k)
		out.WriteByte(':')
		out.Write(raw)
	}
	out.WriteByte('}')
	var b bytes.Buffer
	check(json.Indent(&b, out.Bytes(), "", " "))
	b.WriteByte('\n')
	os.Stdout.Write(b.Bytes())
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}
GO
(cd "$work/indent" && go mod init indent >/dev/null 2>&1 && go build -o "$work/indent/indent" .)

export TF_CLI_CONFIG_FILE=$work/cli.tfrc
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
export AWS_ACCESS_KEY_ID=offline AWS_SECRET_ACCESS_KEY=offline AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN

for n in "${names[@]}"; do
  src=${sources[$n]:-}
  if [ -z "$src" ]; then
    echo "gen-plans: unknown fixture $n (have: ${!sources[*]})" >&2
    exit 2
  fi
  dir=$work/$n
  mkdir -p "$dir"
  cp -R "$root/$src/." "$dir/"
  rm -rf "$dir/.terraform" "$dir/.terraform.lock.hcl" "$dir"/terraform.tfstate*

  # Every provider configuration of the root module (the default one and each
  # alias) is told not to reach AWS. Override files merge into the blocks they
  # name, so the configuration itself stays as a user would write it.
  {
    echo "# Added by scripts/gen-plans.sh: plan without reaching AWS."
    for alias in "" $(grep -ho 'alias *= *"[A-Za-z0-9_-]*"' "$dir"/*.tf | sed 's/.*"\(.*\)"/\1/' | sort -u); do
      echo 'provider "aws" {'
      [ -n "$alias" ] && echo "  alias = \"$alias\""
      echo '  skip_credentials_validation = true'
      echo '  skip_requesting_account_id  = true'
      echo '  skip_metadata_api_check     = true'
      echo '  skip_region_validation      = true'
      echo '}'
    done
  } >"$dir/zz_offline_override.tf"

  # A fixture may carry a state to plan against (existing infrastructure).
  if [ -f "$dir/state.tfstate.json" ]; then
    mv "$dir/state.tfstate.json" "$dir/terraform.tfstate"
  fi

  echo "== $n ($src)" >&2
  (
    cd "$dir"
    "$tf" init -input=false -no-color >"$work/$n.init.log" 2>&1 || { cat "$work/$n.init.log" >&2; exit 1; }
    "$tf" plan -input=false -no-color -refresh=false -lock=false -out=plan.out >"$work/$n.plan.log" 2>&1 || { cat "$work/$n.plan.log" >&2; exit 1; }
    "$tf" show -json plan.out | "$work/indent/indent" >"$out/$n.plan.json"
  )
  echo "   wrote loader/tfplan/testdata/$n.plan.json ($(wc -c <"$out/$n.plan.json") bytes)" >&2
done
