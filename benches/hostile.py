#!/usr/bin/env python3
"""Hostile input, at two sizes: time and peak RSS of `precheck check --select ALL` and their ratio.

Each case is generated at size N and 4N in a throw-away git repository; a linear implementation shows a
time ratio near 4 (or below, where fixed costs dominate) and memory that does not follow the input. The
SQL and POM cases are in benches/hostile_sql.py and benches/hostile_pom.py.

Usage: benches/hostile.py [--precheck target/release/precheck] [--only NAME]
Build first: cargo build --release
"""

import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def git(repo, *args):
    subprocess.run(["git", "-C", repo, "-c", "user.name=b", "-c", "user.email=b@example.com", *args], check=True,
                   capture_output=True)


def xml_attributes(repo, n):
    """One element with n attributes, in a plain XML file and in a Zdal data-source file."""
    attrs = "".join(f' a{i}="{i}"' for i in range(n))
    with open(os.path.join(repo, "plain.xml"), "w") as f:
        f.write(f'<?xml version="1.0"?>\n<root{attrs}/>\n')
    with open(os.path.join(repo, "app-dev-ds.xml"), "w") as f:
        f.write(f'<?xml version="1.0"?>\n<!-- com.alipay.zdal -->\n<beans><bean id="x"{attrs}/></beans>\n')


def huge_files(repo, n):
    """n MB of committed XML and SQL over a 1 MB cap, and 16n MB untracked."""
    with open(os.path.join(repo, "precheck.toml"), "w") as f:
        f.write('max-file-size = "1MB"\n')
    for name in ("huge.xml", "huge.sql"):
        with open(os.path.join(repo, name), "wb") as f:
            f.truncate(n << 20)
    git(repo, "-c", "core.compression=0", "add", "-A")
    git(repo, "commit", "-q", "-m", "huge")
    with open(os.path.join(repo, "untracked.sql"), "wb") as f:
        f.truncate(16 * n << 20)


CASES = {
    "xml-attributes": (xml_attributes, 25_000, []),
    "huge-files": (huge_files, 16, []),
    "many-threads": (lambda repo, n: open(os.path.join(repo, "a.txt"), "w").write("ok\n"), 2_500, ["-j"]),
}


def measure(binary, case, n):
    make, _, extra = CASES[case]
    with tempfile.TemporaryDirectory() as repo:
        git(repo, "init", "-q")
        make(repo, n)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", "case")
        args = ["check", "--select", "ALL", "--format", "concise"]
        if extra == ["-j"]:
            args += ["-j", str(n)]
        out = subprocess.run(["/usr/bin/time", "-f", "%e %M", binary, *args], cwd=repo, capture_output=True,
                             text=True, env={**os.environ, "PRECHECK_CACHE_DIR": ""})
        if out.returncode not in (0, 1):
            sys.exit(f"{case} at {n}: exit {out.returncode}\n{out.stderr[-2000:]}")
        wall, rss = out.stderr.strip().splitlines()[-1].split()
        return float(wall), int(rss) // 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--precheck", default=os.path.join(ROOT, "target", "release", "precheck"))
    ap.add_argument("--only", action="append")
    args = ap.parse_args()
    print(f"{'case':<16} {'N':>8} {'time':>8} {'RSS MB':>7}   {'4N':>8} {'time':>8} {'RSS MB':>7}   ratio")
    for case in CASES:
        if args.only and case not in args.only:
            continue
        n = CASES[case][1]
        t1, m1 = measure(args.precheck, case, n)
        t4, m4 = measure(args.precheck, case, 4 * n)
        ratio = t4 / t1 if t1 > 0 else float("nan")
        print(f"{case:<16} {n:>8} {t1:>7.2f}s {m1:>7}   {4 * n:>8} {t4:>7.2f}s {m4:>7}   {ratio:.1f}x", flush=True)


if __name__ == "__main__":
    main()
