#!/usr/bin/env bash
# Validates precheck's SARIF output against the SARIF 2.1.0 schema, on a throw-away repository with a
# leftover conflict block, a suppression that suppresses nothing and a cloud access key:
#   1. `sarif-multitool validate` from the @microsoft/sarif-multitool npm package (Microsoft's validator), with
#      the SARIF rules and GitHub code scanning's profile (the GH rules and the stricter SARIF rules of the
#      sarif-sdk's policies/github.config.xml, enabled by a policy file written below): no error, no warning;
#   2. a JSON-schema check of the same file against the sarif-2.1.0 schema that package ships (the multitool
#      does not reject every schema violation on its own), with Python's jsonschema in a throw-away venv;
#   3. what GitHub reads beyond the schema: a helpUri per rule, automationDetails.id, and security-severity
#      with the `security` tag on the secret rule.
# Usage: tests/sarif_validate.sh [PRECHECK_BINARY]   (default: target/debug/precheck, built if missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/target/debug/precheck}
[ -x "$bin" ] || cargo build --quiet --manifest-path "$root/Cargo.toml" --bin precheck

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
mkdir -p "$repo/src main"
git -C "$repo" init -q -b main
printf 'a=1\n<<<<<<< HEAD\nb=2\n=======\nb=3\n>>>>>>> topic\n' > "$repo/src main/app.properties"
printf '# precheck:allow(CF001) nothing to hide\nclean\n' > "$repo/notes.txt"
printf 'aws.accessKeyId=AKIA%s\n' ARJHNGXMJIBKFYL3 > "$repo/cloud.properties"
git -C "$repo" add -A
git -C "$repo" -c user.name=t -c user.email=t@example.com commit -q -m init
set +e
"$bin" -C "$repo" check --format sarif --output "$work/out.sarif"
code=$?
set -e
[ "$code" -eq 1 ] || { echo "expected exit 1 from precheck, got $code"; exit 1; }

tool=$work/tool
mkdir -p "$tool"
npm install --silent --prefix "$tool" @microsoft/sarif-multitool >/dev/null 2>&1
# GitHub code scanning's profile: the GH rules are off unless a policy turns them on.
cat > "$work/github.config.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key='SARIF2007.ExpressPathsRelativeToRepoRoot.Options'><Property Key='RuleEnabled' Value='Error' /></Properties>
  <Properties Key='SARIF2012.ProvideHelpUris.Options'><Property Key='RuleEnabled' Value='Warning' /></Properties>
  <Properties Key='GH1001.ProvideRequiredLocationProperties.Options'><Property Key='RuleEnabled' Value='Error' /></Properties>
  <Properties Key='GH1002.InlineThreadFlowLocations.Options'><Property Key='RuleEnabled' Value='Error' /></Properties>
  <Properties Key='GH1003.ProvideRequiredRegionProperties.Options'><Property Key='RuleEnabled' Value='Error' /></Properties>
  <Properties Key='GH1004.ReviewArraysThatExceedConfigurableDefaults.Options'><Property Key='RuleEnabled' Value='Error' /></Properties>
  <Properties Key='GH1005.LocationsMustBeRelativeUrisOrFilePaths.Options'><Property Key='RuleEnabled' Value='Error' /></Properties>
  <Properties Key='GH1006.ProvideCheckoutPath.Options'><Property Key='RuleEnabled' Value='Error' /></Properties>
</Properties>
XML
# The platform binary itself: the npm wrapper runs it through a shell, which would split "Sarif;Ghas".
multitool=$(node -e 'console.log(require(process.argv[1]))' "$tool/node_modules/@microsoft/sarif-multitool")
"$multitool" validate "$work/out.sarif" --config "$work/github.config.xml" --rule-kind "Sarif;Ghas" \
    --output "$work/validation.sarif" --quiet
python3 - "$work/validation.sarif" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
bad = [r for run in runs for r in run.get("results", []) if r.get("level", "warning") in ("error", "warning")]
for r in bad:
    print("sarif-multitool:", r.get("ruleId"), r["message"].get("text") or r["message"].get("id"), r["message"].get("arguments"))
sys.exit(1 if bad else 0)
PY
python3 - "$work/out.sarif" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
rules = run["tool"]["driver"]["rules"]
assert run["automationDetails"]["id"] == "precheck/", run.get("automationDetails")
for rule in rules:
    assert rule["helpUri"].startswith("https://") and rule["helpUri"].endswith("/docs/rules/%s.md" % rule["id"]), rule
secret = [r for r in rules if r["id"] == "TXT103"]
assert secret and secret[0]["properties"]["security-severity"] == "9.0", secret
assert "security" in secret[0]["properties"]["tags"], secret
PY
schema=$(find "$tool/node_modules" -name 'sarif-2.1.0.json' | head -1)
[ -n "$schema" ] || { echo "the multitool package ships no sarif-2.1.0 schema"; exit 1; }
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet jsonschema
"$work/venv/bin/python" - "$schema" "$work/out.sarif" <<'PY'
import json, sys, jsonschema
schema, doc = (json.load(open(p, encoding="utf-8-sig")) for p in sys.argv[1:3])
jsonschema.validators.validator_for(schema)(schema).validate(doc)
print("SARIF valid: sarif-multitool validate and the SARIF 2.1.0 JSON schema (%d results)" % len(doc["runs"][0]["results"]))
PY
