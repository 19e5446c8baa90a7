#!/usr/bin/env bash
# Runs precheck's sql check and sqlfluff (MySQL dialect) on the same generated .sql files and prints the
# time ratio (target: precheck at least 900x faster). Creates its own virtual environment for sqlfluff.
# Usage: benches/sql_vs_sqlfluff.sh [KiB of SQL, default 512]
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
p=$(python3 - "$bin" "$work/repo" <<'PY'
import subprocess, sys, time
cmd = [sys.argv[1], "-C", sys.argv[2], "check", "--only", "sql", "--format", "json"]
subprocess.run(cmd, stdout=subprocess.DEVNULL)
runs = []
for _ in range(7):
    t = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL); runs.append(time.perf_counter() - t)
print(sorted(runs)[3])
PY
)
t1=$(date +%s.%N)
"$work/venv/bin/sqlfluff" lint --dialect mysql --processes 2 "$work/repo/db" >/dev/null 2>&1 || true
t2=$(date +%s.%N)

python3 - "$p" "$t1" "$t2" "$bytes" <<'PY'
import sys
p, t1, t2, n = map(float, sys.argv[1:])
f = t2 - t1
print(f"input: {int(n)} bytes of SQL")
print(f"precheck sql: {p:.3f} s ({n / p / 1e6:.2f} MB/s)")
print(f"sqlfluff (mysql, 2 processes): {f:.3f} s ({n / f / 1e6:.4f} MB/s)")
print(f"ratio: {f / p:.0f}x (target >= 900x)")
PY
