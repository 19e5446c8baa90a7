#!/usr/bin/env bash
# Runs precheck's sql check and sqlfluff (MySQL dialect) on the same generated .sql files and prints the
# time ratio (target: precheck at least 900x faster). Creates its own virtual environment for sqlfluff.
# Usage: benches/sql_vs_sqlfluff.sh [KiB of SQL, default 512]
#        SELECT=ALL benches/sql_vs_sqlfluff.sh …   runs every sql rule (the opt-in catalogue too), not the defaults
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kib="${1:-512}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet sqlfluff

mkdir -p "$work/repo/db"
python3 - "$work/repo/db" "$kib" <<'PY'
import sys
out, kib = sys.argv[1], int(sys.argv[2])
stmt = """CREATE TABLE t_{i} (
  id bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'id',
  user_id bigint unsigned NOT NULL DEFAULT 0 COMMENT 'user',
  gmt_create datetime NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'created',
  gmt_modified datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'modified',
  PRIMARY KEY (id),
  KEY idx_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='t';
UPDATE t_{i} SET user_id = user_id + 1 WHERE id = {i};
SELECT a.id FROM t_{i} a JOIN t_{i} b ON a.id = b.id WHERE a.user_id = 7 ORDER BY a.id LIMIT 10;
DELETE FROM t_{i} WHERE id = {i};
"""
i, f, size = 0, 0, 0
while size < kib * 1024:
    body = "".join(stmt.format(i=i + k) for k in range(20))
    open(f"{out}/V{f + 1}__gen.sql", "w").write(body)
    size += len(body); i += 20; f += 1
PY

cargo build --release --manifest-path "$root/Cargo.toml" --bin precheck >/dev/null
bin="$root/target/release/precheck"
bytes=$(cat "$work"/repo/db/*.sql | wc -c)

# precheck: median wall time of 7 runs after a warm-up (one run is at the mercy of the scheduler); sqlfluff
# takes minutes, so one run, which favours it slightly (no warm-up needed for a minutes-long run).
# Also CPU time (user + system of the process and its children), the fairer figure on a machine shared with
# other work, where a short run's wall time is mostly waiting for a core.
read -r p pcpu < <(python3 - "$bin" "$work/repo" <<'PY'
import os, resource, subprocess, sys, time
cmd = [sys.argv[1], "-C", sys.argv[2], "check", "--only", "sql", "--format", "json"]
if os.environ.get("SELECT"):
    cmd += ["--select", os.environ["SELECT"]]
subprocess.run(cmd, stdout=subprocess.DEVNULL)
runs, cpus = [], []
for _ in range(7):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL); runs.append(time.perf_counter() - t)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
print(sorted(runs)[3], sorted(cpus)[3])
PY
)
read -r f fcpu < <(python3 - "$work/venv/bin/sqlfluff" "$work/repo/db" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run([sys.argv[1], "lint", "--dialect", "mysql", "--processes", "2", sys.argv[2]],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - t, r.ru_utime + r.ru_stime)
PY
)

python3 - "$p" "$f" "$pcpu" "$fcpu" "$bytes" <<'PY'
import sys
p, f, pc, fc, n = map(float, sys.argv[1:])
print(f"input: {int(n)} bytes of SQL")
print(f"precheck sql: {p:.3f} s wall, {pc:.3f} s CPU ({n / p / 1e6:.2f} MB/s)")
print(f"sqlfluff (mysql, 2 processes): {f:.3f} s wall, {fc:.3f} s CPU ({n / f / 1e6:.4f} MB/s)")
print(f"ratio: {f / p:.0f}x wall, {fc / pc:.0f}x CPU (target >= 900x)")
PY
