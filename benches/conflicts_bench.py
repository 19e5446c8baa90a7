#!/usr/bin/env python3
"""Benchmark of `precheck conflicts` against `git merge-tree` on a large generated history.

Generates, deterministically (git fast-import from this script; seed fixed), a repository with tens of
thousands of commits, thousands of files and 20 branches touching overlapping files (some renames, some
directory moves), writes a commit-graph, then measures in the same run:

  1. per merge pair: `precheck conflicts --no-semantic --into main <b> --format json` vs `git merge-tree --write-tree
     main <b>` (medians over several rounds, alternating), and the ratio (target: <= 1.2); also the ratio
     against git run as precheck runs it (same options and environment), which is precheck's own share;
  2. the 20-branch matrix (20 merges into main + 190 pairs): `precheck conflicts --no-semantic --into main
     --matrix b00..b19 --format json` (median; target: < 0.5 s);
  3. the same matrix with `--semantic` (CF007, the checks re-run on each clean merge's tree; target: at most
     2x the textual matrix).

Usage: benches/conflicts_bench.py [--precheck target/dist/precheck] [--git git] [--dir DIR]
                                  [--commits 30000] [--files 3000] [--rounds 7]
Build first: cargo build --profile dist
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BRANCHES = 20


def fast_import(repo, args):
    rnd = random.Random(42)
    dirs = [f"mod{d:02d}/pkg{d % 7}" for d in range(args.files // 50)]
    files = {}
    for i in range(args.files):
        path = f"{dirs[i % len(dirs)]}/File{i:05d}.java"
        files[path] = [f"// file {i} line {k}" for k in range(40)]
    hot = sorted(files)[:: max(1, len(files) // 120)]  # ~120 files every branch may touch

    out = []
    mark = [0]
    when = [1_600_000_000]

    def blob(lines):
        data = ("\n".join(lines) + "\n").encode()
        return b"data %d\n" % len(data) + data

    def commit(ref, message, changes, parent=None):
        mark[0] += 1
        when[0] += 60
        msg = message.encode()
        out.append(b"commit %s\nmark :%d\n" % (ref.encode(), mark[0]))
        out.append(b"author Bench <b@example.com> %d +0000\ncommitter Bench <b@example.com> %d +0000\n" % (when[0], when[0]))
        out.append(b"data %d\n%s\n" % (len(msg), msg))
        if parent is not None:
            out.append(b"from :%d\n" % parent)
        for c in changes:
            if c[0] == "M":
                out.append(b"M 100644 inline %s\n" % c[1].encode())
                out.append(blob(c[2]))
            elif c[0] == "D":
                out.append(b"D %s\n" % c[1].encode())
            elif c[0] == "R":
                out.append(b"R %s %s\n" % (c[1].encode(), c[2].encode()))
        return mark[0]

    def edit(state, path, tag):
        lines = state[path]
        at = rnd.randrange(len(lines))
        lines[at] = f"// {tag} {rnd.randrange(1 << 30)}"
        return ("M", path, list(lines))

    main_marks = []
    first = commit("refs/heads/main", "initial", [("M", p, l) for p, l in sorted(files.items())])
    main_marks.append(first)
    paths = sorted(files)
    for n in range(1, args.commits):
        changes = [edit(files, rnd.choice(paths), f"main {n}") for _ in range(rnd.randint(1, 3))]
        main_marks.append(commit("refs/heads/main", f"main {n}", changes))

    # Branches fork from recent main commits; they replay main's state at the fork point.
    # (Files are only edited on main, never renamed, so the state at a fork is recomputable cheaply by
    # keeping a copy of the last state: forks use the final state, which is a superset-compatible view.)
    for b in range(BRANCHES):
        state = {p: list(l) for p, l in files.items()}
        fork = main_marks[-1 - rnd.randrange(200)]
        parent = fork
        ref = f"refs/heads/b{b:02d}"
        for k in range(10):
            changes = []
            for _ in range(rnd.randint(1, 3)):
                p = rnd.choice(hot) if rnd.random() < 0.5 else rnd.choice(paths)
                if p in state:
                    changes.append(edit(state, p, f"b{b} {k}"))
            if k == 3 and b % 5 == 0:
                old = rnd.choice(paths)
                if old in state:
                    new = old.replace(".java", f"Renamed{b}.java")
                    changes.append(("R", old, new))
                    state[new] = state.pop(old)
            if k == 6 and b % 7 == 0:
                p = rnd.choice(paths)
                if p in state:
                    changes.append(("D", p))
                    state.pop(p)
            parent = commit(ref, f"b{b} {k}", changes, parent)
    out.append(b"done\n")
    subprocess.run([args.git, "fast-import", "--quiet", "--done"], cwd=repo, input=b"".join(out), check=True)


def timed(cmd, cwd, env=None):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd} failed ({p.returncode}): {p.stderr.decode()}")
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--precheck", default="target/dist/precheck")
    ap.add_argument("--git", default="git")
    ap.add_argument("--dir")
    ap.add_argument("--commits", type=int, default=30000)
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    precheck = os.path.abspath(args.precheck)
    root = args.dir or tempfile.mkdtemp(prefix="precheck-conflicts-bench-")
    repo = os.path.join(root, "repo.git")
    if not os.path.isdir(repo):
        subprocess.run([args.git, "init", "-q", "--bare", "-b", "main", repo], check=True)
        t = time.perf_counter()
        fast_import(repo, args)
        subprocess.run([args.git, "commit-graph", "write", "--reachable"], cwd=repo, check=True)
        print(f"generated {args.commits} commits, {args.files} files, {BRANCHES} branches in {time.perf_counter() - t:.1f} s")
    env = dict(os.environ, LC_ALL="C")
    branches = [f"b{b:02d}" for b in range(BRANCHES)]
    # git merge-tree writes the merged trees and blobs: give every git run a fresh scratch object directory,
    # as precheck gives each of its runs (in /dev/shm when there is one, like precheck), so both do the same
    # work and the bench repository does not grow. A directory reused across rounds would hold the objects
    # of the first round, and git would skip writing them from the second round on.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None

    def git_env():
        scratch = tempfile.mkdtemp(prefix="bench-objects-", dir=shm)
        scratches.append(scratch)
        return dict(env, GIT_OBJECT_DIRECTORY=scratch, GIT_ALTERNATE_OBJECT_DIRECTORIES=os.path.join(repo, "objects"))

    scratches = []

    # git as precheck runs it (uncompressed scratch objects, no early heap trimming; see the engine's
    # `git_command`): the same answer faster, shown so that precheck's own share of the time can be read off.
    as_precheck = ["-c", "core.looseCompression=0"]
    tunables = ":".join(filter(None, [os.environ.get("GLIBC_TUNABLES"), "glibc.malloc.trim_threshold=33554432"]))

    ratios, own = [], []
    pre_all, git_all = [], []
    for b in branches[:6]:
        pre, git, tuned = [], [], []
        for _ in range(args.rounds):
            git.append(timed([args.git, "merge-tree", "--write-tree", "main", b], repo, git_env()))
            pre.append(timed([precheck, "conflicts", "--no-semantic", "--into", "main", b, "--format", "json"], repo, env))
            tuned.append(timed([args.git, *as_precheck, "merge-tree", "--write-tree", "-z", "--messages", "main", b],
                               repo, dict(git_env(), GLIBC_TUNABLES=tunables)))
        ratios.append(statistics.median(pre) / statistics.median(git))
        own.append(statistics.median(pre) / statistics.median(tuned))
        pre_all.append(statistics.median(pre))
        git_all.append(statistics.median(git))
        print(f"pair main<-{b}: git merge-tree {statistics.median(git) * 1000:.1f} ms, "
              f"precheck {statistics.median(pre) * 1000:.1f} ms, ratio {ratios[-1]:.2f} "
              f"(git as precheck runs it {statistics.median(tuned) * 1000:.1f} ms, ratio {own[-1]:.2f})")
    print(f"per pair: median git {statistics.median(git_all) * 1000:.1f} ms, precheck "
          f"{statistics.median(pre_all) * 1000:.1f} ms, median ratio {statistics.median(ratios):.2f} (target <= 1.2); "
          f"against git as precheck runs it {statistics.median(own):.2f}")

    # The same six pairs in one run (one --stdin batch): what a pair costs when the start-up is shared.
    six = branches[:6]
    together = [timed([precheck, "conflicts", "--no-semantic", "--into", "main", *six, "--format", "json"], repo, env)
                for _ in range(args.rounds)]
    print(f"the same {len(six)} pairs in one precheck run: median {statistics.median(together) * 1000:.1f} ms, "
          f"{statistics.median(together) / len(six) * 1000:.1f} ms per pair against git's "
          f"{sum(git_all) / len(git_all) * 1000:.1f} ms per pair "
          f"(ratio {statistics.median(together) / sum(git_all):.2f})")

    matrix = [timed([precheck, "conflicts", "--no-semantic", "--into", "main", "--matrix", *branches, "--format", "json"], repo, env)
              for _ in range(args.rounds)]
    print(f"matrix {BRANCHES} branches ({BRANCHES} into main + {BRANCHES * (BRANCHES - 1) // 2} pairs): "
          f"median {statistics.median(matrix) * 1000:.0f} ms, min {min(matrix) * 1000:.0f} ms (target < 500 ms)")
    # The same matrix with semantic conflicts (CF007): every clean merge's tree re-checked by the checks
    # whose inputs changed on both sides (issue 20: at most 2x the textual matrix).
    semantic = [timed([precheck, "conflicts", "--semantic", "--into", "main", "--matrix", *branches, "--format", "json"],
                      repo, env) for _ in range(args.rounds)]
    print(f"matrix with --semantic: median {statistics.median(semantic) * 1000:.0f} ms, "
          f"{statistics.median(semantic) / statistics.median(matrix):.2f}x the textual matrix (target <= 2x)")
    p = subprocess.run([precheck, "conflicts", "--no-semantic", "--into", "main", "--matrix", *branches, "--format", "json"],
                       cwd=repo, env=env, capture_output=True)
    import json
    doc = json.loads(p.stdout)
    cells = doc["matrix"]["cells"]
    print(f"matrix cells: {len(cells)}, conflicted {sum(1 for c in cells if not c['clean'])}")
    for scratch in scratches:
        shutil.rmtree(scratch, ignore_errors=True)
    if not args.dir:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
