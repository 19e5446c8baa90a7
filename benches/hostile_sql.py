#!/usr/bin/env python3
"""Hostile SQL input (issue 22): time and peak RSS of `precheck check --select ALL` on each reproducer, at two
sizes (N and 4N), and the ratio between them (linear: about 4x; a bound that cuts the work early: about 1x).

Each case is generated deterministically into a fresh `git init` repository (untracked files; `max-file-size`
raised to 100 MB so that the big-file cases reach the SQL check), then checked once with the release binary
under GNU time. The output goes to /dev/null; the exit code must be 0 or 1 (anything else is printed as a
failure: 134 is an abort, 137 a kill).

Usage: benches/hostile_sql.py [--precheck target/release/precheck] [--only NAME[,NAME…]] [--scale 1.0]
                              [--timeout 120]
Build first: cargo build --release
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time


def chain(op, n):
    return "SELECT 1" + op * n + ";\n"


def mapper(body):
    return '<?xml version="1.0"?>\n<mapper namespace="m">\n' + body + "\n</mapper>\n"


def nested_foreach(n):
    inner = "#{x}"
    for i in range(n):
        inner = f'<foreach collection="c{i}" item="x" separator=",">{inner}</foreach>'
    return mapper(f'<select id="s">SELECT * FROM t WHERE a IN ({inner})</select>')


def fragment_chain(n):
    frags = [f'<sql id="f{n}">a = #{{a}}</sql>']
    for i in range(n - 1, -1, -1):
        frags.append(f'<sql id="f{i}"><include refid="f{i + 1}"/> AND <include refid="f{i + 1}"/></sql>')
    return mapper("\n".join(frags) + '\n<select id="s">SELECT * FROM t WHERE <include refid="f0"/></select>')


def single_insert(rows):
    return "INSERT INTO t (id, name, note) VALUES " + ",".join(
        f"({i}, 'name{i}', 'a note about row {i}')" for i in range(rows)) + ";\n"


def many_inserts(n):
    return "".join(f"INSERT INTO t (id, name, note) VALUES ({i}, 'name{i}', 'a note about row {i}');\n"
                   for i in range(n))


def wide_table(n):
    return "CREATE TABLE t (" + ", ".join(f"c{i} int" for i in range(n)) + ");\n"


def wide_table_lines(n):
    return "CREATE TABLE t (\n" + ",\n".join(f"  c{i} int" for i in range(n)) + "\n);\n"


def alters(n):
    return "".join(f"ALTER TABLE t{i % 97} ADD COLUMN c{i} int;\n" for i in range(n))


def alters_one_line(n):
    return "ALTER TABLE t " + ", ".join(f"ADD COLUMN c{i} int" for i in range(n)) + ";\n"


def attributes(n):
    attrs = " ".join(f'a{i}="v{i}"' for i in range(n))
    return mapper(f'<select id="s" {attrs}>SELECT id FROM t WHERE id = #{{id}}</select>')


# name: (file name, generator, N at scale 1). Sizes are N and 4N.
CASES = {
    "chain-plus": ("a.sql", lambda n: chain("+1", n), 25_000),
    "chain-and": ("a.sql", lambda n: "SELECT * FROM t WHERE " + " AND ".join(f"a{i} = {i}" for i in range(n)) + ";\n",
                  25_000),
    "chain-concat": ("a.sql", lambda n: chain(" || 'x'", n), 25_000),
    "chain-cast": ("a.sql", lambda n: chain("::int", n), 25_000),
    "insert-chain": ("a.sql", lambda n: "INSERT INTO t (a) VALUES (1" + "+1" * n + ");\n", 25_000),
    "nested-foreach": ("m.xml", nested_foreach, 10),
    "fragment-chain": ("m.xml", fragment_chain, 11),
    "single-insert": ("a.sql", single_insert, 60_000),
    "many-inserts": ("a.sql", many_inserts, 40_000),
    "select-1": ("a.sql", lambda n: "SELECT 1;\n" * n, 25_000),
    "wide-table": ("a.sql", wide_table, 2_000),
    "wide-table-lines": ("a.sql", wide_table_lines, 8_000),
    "alters": ("a.sql", alters, 2_000),
    "alters-one-line": ("a.sql", alters_one_line, 2_000),
    "semicolons": ("a.sql", lambda n: ";" * n + "\n", 100_000),
    "xml-attributes": ("m.xml", attributes, 25_000),
}


def run_case(binary, name, n, timeout):
    file_name, gen, _ = CASES[name]
    with tempfile.TemporaryDirectory(prefix="hostile-sql-") as d:
        subprocess.run(["git", "init", "-q", d], check=True)
        with open(os.path.join(d, "precheck.toml"), "w") as f:
            f.write('max-file-size = "100MB"\n')
        data = gen(n)
        with open(os.path.join(d, file_name), "w") as f:
            f.write(data)
        cmd = ["/usr/bin/time", "-f", "peak-rss-kb %M", binary, "check", "--select", "ALL", "--format", "concise"]
        env = dict(os.environ, NO_COLOR="1", PRECHECK_CACHE_DIR="")
        start = time.monotonic()
        try:
            p = subprocess.run(cmd, cwd=d, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return len(data), None, None, "timeout"
        wall = time.monotonic() - start
        rss = None
        for line in p.stderr.decode(errors="replace").splitlines():
            if line.startswith("peak-rss-kb "):
                rss = int(line.split()[1])
        status = "ok" if p.returncode in (0, 1) else f"exit {p.returncode}"
        return len(data), wall, rss, status


def fmt_size(b):
    return f"{b / 1e6:.1f} MB" if b >= 1e6 else f"{b / 1e3:.1f} KB"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--precheck", default="target/release/precheck")
    ap.add_argument("--only", default="")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args()
    binary = os.path.abspath(args.precheck)
    names = [n for n in args.only.split(",") if n] or list(CASES)
    print(f"{'case':16} {'N':>8} {'input':>9} {'time':>8} {'peak RSS':>10} | {'4N':>8} {'input':>9} {'time':>8}"
          f" {'peak RSS':>10} | time ratio")
    failed = False
    for name in names:
        n = max(1, int(CASES[name][2] * args.scale))
        row = []
        for size in (n, 4 * n):
            b, wall, rss, status = run_case(binary, name, size, args.timeout)
            failed |= status != "ok"
            t = f"{wall:.2f}s" if wall is not None else "-"
            r = f"{rss / 1024:.0f} MB" if rss is not None else "-"
            if status != "ok":
                t = status
            row.append((size, fmt_size(b), t, r, wall))
        ratio = f"{row[1][4] / row[0][4]:.1f}x" if row[0][4] and row[1][4] else "-"
        print(f"{name:16} {row[0][0]:>8} {row[0][1]:>9} {row[0][2]:>8} {row[0][3]:>10} | {row[1][0]:>8} {row[1][1]:>9}"
              f" {row[1][2]:>8} {row[1][3]:>10} | {ratio}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
