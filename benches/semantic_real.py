#!/usr/bin/env python3
"""Semantic conflicts (CF007, issue 20) on a real merge history: precision and cost.

Replays the last N two-parent merges of werkzeug's history (`../shared/corpora/pallets+werkzeug.bundle`):
for each, `precheck conflicts --semantic --into <first parent> <second parent> --format json` lists the
findings only the merged tree has; every one is printed for judging (a real merge that upstream shipped is
where a semantic conflict either happened or is a false alarm). Also times the same merges with and without
`--semantic` (one run with all second parents as sources against each first parent would mix targets, so each
merge is its own run; medians). `--baseline OTHER_PRECHECK` adds that binary's `--semantic` run to the
alternation (a before/after under the same load); `--stable` also replays the merges of branch `stable`.

Usage: benches/semantic_real.py [--precheck target/release/precheck] [--merges 200] [--rounds 3]
                                [--baseline OTHER_PRECHECK] [--stable] [--dir DIR (reused if it exists)]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BUNDLE = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora", "pallets+werkzeug.bundle")


def timed(cmd, cwd):
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True)
    return time.perf_counter() - t, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--precheck", default="target/release/precheck")
    ap.add_argument("--merges", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dir")
    ap.add_argument("--baseline")
    ap.add_argument("--stable", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(BUNDLE):
        print(f"skipped: {BUNDLE} is absent")
        return
    precheck = os.path.abspath(args.precheck)
    repo = args.dir or os.path.join(tempfile.mkdtemp(prefix="precheck-semantic-real-"), "werkzeug")
    if not os.path.isdir(repo):
        subprocess.run(["git", "clone", "-q", "-b", "main", BUNDLE, repo], check=True)
    refs = ["main"]
    if args.stable:
        subprocess.run(["git", "fetch", "-q", "origin", "stable:stable"], cwd=repo, capture_output=True)
        refs.append("stable")
    merges = subprocess.run(["git", "rev-list", "--merges", "--max-parents=2", f"-n{args.merges}", *refs],
                            cwd=repo, capture_output=True, text=True, check=True).stdout.split()
    baseline = os.path.abspath(args.baseline) if args.baseline else None
    textual, semantic, before, found, clean = [], [], [], [], 0
    for m in merges:
        p1, p2 = subprocess.run(["git", "rev-parse", f"{m}^1", f"{m}^2"], cwd=repo, capture_output=True, text=True,
                                check=True).stdout.split()
        base = [precheck, "conflicts", "--into", p1, p2, "--format", "json"]
        t_times, s_times, b_times, out = [], [], [], None
        for _ in range(args.rounds):
            t, _ = timed(base[:2] + ["--no-semantic"] + base[2:], repo)
            t_times.append(t)
            s, out = timed(base[:2] + ["--semantic"] + base[2:], repo)
            s_times.append(s)
            if baseline:
                b, _ = timed([baseline, *base[1:2], "--semantic", *base[2:]], repo)
                b_times.append(b)
        textual.append(statistics.median(t_times))
        semantic.append(statistics.median(s_times))
        if baseline:
            before.append(statistics.median(b_times))
        doc = json.loads(out.stdout)
        merge = doc["merges"][0]
        clean += merge["clean"]
        for s in merge["semantic"]:
            found.append((m[:10], s))
    print(f"{len(merges)} merges ({clean} clean for git): textual median {statistics.median(textual) * 1000:.1f} ms, "
          f"with --semantic {statistics.median(semantic) * 1000:.1f} ms "
          f"({statistics.median(semantic) / statistics.median(textual):.2f}x); "
          f"total {sum(textual):.2f} s vs {sum(semantic):.2f} s ({sum(semantic) / sum(textual):.2f}x)")
    if baseline:
        print(f"baseline with --semantic: median {statistics.median(before) * 1000:.1f} ms "
              f"({statistics.median(before) / statistics.median(textual):.2f}x), total {sum(before):.2f} s")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{len(found)} semantic findings:")
    for m, s in found:
        print(f"  {m} {s['rule']} {s['path']}:{s['line']} {s['message']}")


if __name__ == "__main__":
    sys.exit(main())
