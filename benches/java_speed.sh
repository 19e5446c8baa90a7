#!/usr/bin/env bash
# Measures the `java` check (issue 21): MB/s of Java per core, and wall time of every Java rule on a
# 1,000-file Java project.
#
#   benches/java_speed.sh [REPO]      (default: /tmp/corp/seata+seata, 1,349 .java files, 12 MB)
#
# Bars: >= 20 MB/s of Java per core (one worker, `-j 1`: the parse plus the walk plus the rules, every JV rule and
# the defaults); every Java check over a 1,000-file project in well under a second (default workers). The MB are
# of every .java file, generated ones included, which the check leaves out (seata's ANTLR parsers: 3.8 of its
# 8.7 MB); the in-process test (crates/java/tests/speed.rs) counts only what the check reads.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
repo="${1:-/tmp/corp/seata+seata}"
bin="${PRECHECK:-${CARGO_TARGET_DIR:-$root/target}/release/precheck}"

[ -x "$bin" ] || (cd "$root" && cargo build --release --quiet)

files=$(cd "$repo" && git ls-files '*.java' 2>/dev/null | wc -l || find "$repo" -name '*.java' | wc -l)
bytes=$(cd "$repo" && git ls-files -z '*.java' | xargs -0 cat | wc -c)

# Seconds (wall, then CPU user+sys) of a command, best of 5, output discarded; exit 1 (findings) is fine.
measure() {
  local best_wall=999999 best_cpu=999999 t
  for _ in 1 2 3 4 5; do
    t=$( { /usr/bin/env TIMEFORMAT='%R %U %S' bash -c 'time "$@" >/dev/null 2>&1 || [ $? -eq 1 ]' _ "$@"; } 2>&1 | tail -n 1)
    read -r wall user sys <<<"$t"
    best_wall=$(awk -v a="$best_wall" -v x="$wall" 'BEGIN { print (x < a) ? x : a }')
    best_cpu=$(awk -v a="$best_cpu" -v x="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" 'BEGIN { print (x < a) ? x : a }')
  done
  echo "$best_wall $best_cpu"
}

echo "repository: $repo ($files .java files, $((bytes / 1024)) KiB of Java)"
read -r wall1 cpu1 <<<"$(measure "$bin" -C "$repo" check --only java --select JV -j 1 --format concise --no-group)"
echo "one worker, every JV rule: ${wall1} s wall, ${cpu1} s CPU -> $(awk -v b="$bytes" -v t="$wall1" 'BEGIN { printf "%.1f", b / 1048576 / t }') MB/s per core"
read -r walld cpud <<<"$(measure "$bin" -C "$repo" check --only java -j 1 --format concise --no-group)"
echo "one worker, default JV rules: ${walld} s wall, ${cpud} s CPU -> $(awk -v b="$bytes" -v t="$cpud" 'BEGIN { printf "%.1f", b / 1048576 / t }') MB/s per CPU second"
read -r walln cpun <<<"$(measure "$bin" -C "$repo" check --only java --select JV --format concise --no-group)"
echo "default workers, every JV rule: ${walln} s wall, ${cpun} s CPU"
read -r wallm cpum <<<"$(measure "$bin" -C "$repo" check --only java --select JV050,JV051,JV052,JV053,JV054 --format concise --no-group)"
echo "mapper rules alone (JV050-JV054): ${wallm} s wall, ${cpum} s CPU"
