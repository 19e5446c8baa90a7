#!/usr/bin/env bash
# Builds precheck, makes a throw-away demo repository from fixtures/demo/ and runs the gate on it, the way a
# merge-request pipeline would: `precheck check --base main` on the feature branch; then the release-train matrix
# of the two open branches (`precheck conflicts --matrix`), which git merges cleanly but which clash semantically.
# Usage: scripts/demo.sh [DIR]   (default DIR: target/demo-repo; it is deleted and re-created)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
demo=${1:-$root/target/demo-repo}

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=${CARGO_TARGET_DIR:-$root/target}/release/precheck

rm -rf "$demo"
mkdir -p "$demo"
g() { git -C "$demo" -c user.name=Demo -c user.email=demo@example.com -c commit.gpgsign=false "$@"; }
g init -q -b main
cp -R "$root/fixtures/zdal/sample-app/." "$demo/"
cp -R "$root/fixtures/demo/main/." "$demo/"
g add -A
g commit -q -m "release 2026.11"
g checkout -q -b feature/coupons
cp -R "$root/fixtures/demo/coupons/." "$demo/"
g add -A
g commit -q -m "coupons"
g checkout -q -b feature/retry-budget main
cp -R "$root/fixtures/demo/feature/." "$demo/"
g add -A
g commit -q -m "retry budget"

echo "demo repository: $demo (branch feature/retry-budget, one commit ahead of main; feature/coupons beside it)"
echo "\$ precheck check --base main"
set +e
"$bin" -C "$demo" check --base main --format human
code=$?
set -e
echo "precheck exited with $code (0: nothing at or above fail-on; 1: findings that block the merge; 2: usage or git error)"
[ "$code" -le 1 ]
echo
echo "\$ precheck conflicts --into main --matrix feature/retry-budget feature/coupons"
set +e
"$bin" -C "$demo" conflicts --into main --matrix feature/retry-budget feature/coupons
code=$?
set -e
echo "precheck conflicts exited with $code (0: every branch merges into main, also semantically)"
[ "$code" -le 1 ]
