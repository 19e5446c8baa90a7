#!/usr/bin/env bash
# CF001 against ripgrep, and the pre-push path, on a large synthetic repository.
#
#   benches/cf001_vs_rg.sh [FILES] [MEGABYTES]     (default 50000 files, 300 MB)
#
# 1. Full-tree scan: CPU time (user+sys) and peak memory of `precheck check --only conflict` against
#    `rg` with the equivalent marker regex on the same tree; prints the ratio (bar: at most 2x rg, < 200 MB).
# 2. Pre-push path: wall time of `precheck check --base HEAD~1` for a 50-file change, in the large repository
#    and in one a tenth of its size (bar: under 100 ms, not growing with repository size).
# Installs ripgrep (Debian package) if missing. The trees are generated deterministically under benches/work/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
files=${1:-50000}
megabytes=${2:-300}
work=$root/benches/work
bin=${PRECHECK_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/precheck}   # PRECHECK_BIN: measure a binary built elsewhere

command -v rg >/dev/null || { apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null; }
[ -n "${PRECHECK_BIN:-}" ] || cargo build --release --quiet --manifest-path "$root/Cargo.toml"

make_repo() { # DIR FILES MB
  local dir=$1
  if [ ! -d "$dir/.git" ]; then
    rm -rf "$dir"
    python3 "$root/benches/gen_tree.py" "$dir" "$2" "$3"
    git -C "$dir" init -q -b main
    git -C "$dir" add -A
    git -C "$dir" -c user.name=b -c user.email=b@example.com commit -q -m base
    # The 50-file change: every 1000th-ish file gets two new lines, one of them a leftover conflict block in 5 files.
    local n=0
    while IFS= read -r f; do
      n=$((n + 1))
      if [ $((n % 5)) -eq 0 ]; then printf '<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n' >> "$dir/$f"; else printf 'changed line\n' >> "$dir/$f"; fi
    done < <(git -C "$dir" ls-files | awk 'NR % int('"$2"'/50) == 1' | head -50)
    git -C "$dir" -c user.name=b -c user.email=b@example.com commit -q -am "50-file change"
    git -C "$dir" gc -q   # packed, as real repositories are
  fi
}

cpu() { # prints "user+sys seconds, max RSS MB" of the command, best of 3
  local best="" rss="" t u s m
  for _ in 1 2 3; do
    /usr/bin/time -o "$work/time.txt" -f '%U %S %M' "$@" >/dev/null 2>&1 || true
    read -r u s m < <(tail -1 "$work/time.txt")
    t=$(python3 -c "print(round($u + $s, 3))")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; rss=$((m / 1024)); fi
  done
  echo "$best $rss"
}

wall_ms() { # median wall milliseconds of 11 runs
  python3 - "$@" <<'PY'
import subprocess, sys, time
runs = []
for _ in range(11):
    t = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); runs.append(time.perf_counter() - t)
runs.sort(); print(round(runs[5] * 1000, 1))
PY
}

big=$work/big-$files
small=$work/small-$((files / 10))
make_repo "$big" "$files" "$megabytes"
make_repo "$small" $((files / 10)) "$(python3 -c "print($megabytes / 10)")"

echo "tree: $files files, $(du -sm --apparent-size --exclude=.git "$big" | cut -f1) MB ($(nproc) cores)"
regex='^(<<<<<<<|>>>>>>>|\|\|\|\|\|\|\|)( |$)'
read -r rg_cpu rg_rss < <(cpu rg -c --no-messages "$regex" "$big")
read -r pc_cpu pc_rss < <(cpu "$bin" -C "$big" check --only conflict --format concise)
echo "full-tree CF001: precheck ${pc_cpu}s CPU, ${pc_rss} MB peak; rg ${rg_cpu}s CPU, ${rg_rss} MB peak; ratio $(python3 -c "print(round($pc_cpu / max($rg_cpu, 0.001), 2))")x"
for repo in "$big" "$small"; do
  n=$(git -C "$repo" ls-files | wc -l)
  echo "pre-push path on a 50-file change, $n files (median wall of 11):"
  # The XML scans remember the blobs they found nothing in (benches/README.md): cold is a first push.
  echo "  hook path, every check, nothing remembered: $(PRECHECK_CACHE_DIR= wall_ms "$bin" -C "$repo" check --head HEAD --base HEAD~1) ms"
  cache=$(mktemp -d)
  PRECHECK_CACHE_DIR=$cache "$bin" -C "$repo" check --head HEAD --base HEAD~1 >/dev/null 2>&1 || true
  echo "  hook path, every check:   $(PRECHECK_CACHE_DIR=$cache wall_ms "$bin" -C "$repo" check --head HEAD --base HEAD~1) ms   (precheck check --head HEAD --base HEAD~1, after one run)"
  rm -rf "$cache"
  echo "  hook path, CF001 only:    $(wall_ms "$bin" -C "$repo" check --head HEAD --base HEAD~1 --only conflict) ms"
  echo "  working tree, every check: $(wall_ms "$bin" -C "$repo" check --base HEAD~1) ms   (precheck check --base HEAD~1)"
  echo "  git status, for scale:    $(wall_ms git -C "$repo" status --porcelain) ms"
done
