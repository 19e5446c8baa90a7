#!/usr/bin/env bash
# The secret rules alone, on a real-size tree: CPU seconds (best of 3, warm cache) and, when `detect-secrets`
# is installed (`pip install detect-secrets`), wall time against it on a 1,000-file sample of the tree (both
# use every core; detect-secrets' workers escape the shell's CPU accounting).
#
#   benches/secrets_bench.sh [TREE]                  (default: the cargo registry sources)
#   PRECHECK_BIN=path/to/precheck SECRETS=TXT101,… benches/secrets_bench.sh   (another binary, another selection)
#
# Bar (issue 18): every secret rule on a 10,000-file tree in at most 1.5 s CPU.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tree="${1:-$(ls -d "$HOME"/.cargo/registry/src/*/ | head -n 1)}"
bin="${PRECHECK_BIN:-$root/target/release/precheck}"
secrets="${SECRETS:-TXT1}"
[ -x "$bin" ] || { echo "no binary at $bin: cargo build --release, or set PRECHECK_BIN" >&2; exit 2; }

cpu() { # CPU seconds (user + sys) of a command, output discarded; exit status 1 (findings) is fine
  local t
  t=$( { /usr/bin/env TIMEFORMAT='%U %S' bash -c 'time "$@" >/dev/null 2>&1 || [ $? -eq 1 ]' _ "$@"; } 2>&1 | tail -n 1)
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.3f", a[1] + a[2] }'
}
best() { local b=999999 x; for _ in 1 2 3; do x=$("$@"); b=$(awk -v a="$b" -v x="$x" 'BEGIN { print (x < a) ? x : a }'); done; echo "$b"; }
wall() {
  local start end
  start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

files=$(find "$tree" -type f | wc -l)
echo "tree: $tree ($files files), selection $secrets, binary $bin"
echo "secrets, CPU: $(best cpu "$bin" -C "$tree" check --only code --select "$secrets" --format json) s (bar: <= 1.5 s)"

if command -v detect-secrets >/dev/null; then
  sample=$(mktemp -d)
  trap 'rm -rf "$sample"' EXIT
  (cd "$tree" && find . -type f -size -256k | sort | awk 'NR % 12 == 0 && n < 1000 { print; n++ }') | while read -r f; do
    mkdir -p "$sample/$(dirname "$f")"; cp "$tree/$f" "$sample/$f"; done
  ds=$(cd "$sample" && wall detect-secrets scan --all-files .)
  pre=$(best wall "$bin" -C "$sample" check --only code --select "$secrets" --format json)
  echo "on a $(find "$sample" -type f | wc -l)-file sample, wall: precheck $pre s, detect-secrets $ds s: \
$(awk -v a="$ds" -v b="$pre" 'BEGIN { printf "%.0f", a / b }')x"
fi
