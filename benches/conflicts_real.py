#!/usr/bin/env python3
"""Merge prediction on real histories: precheck against git on the same pairs, with and without a commit-graph.

Histories:
  werkzeug   ../shared/corpora/pallets+werkzeug.bundle: 5,926 commits, 1,545 real merges (main and stable).
  generated  a history of --commits commits (default 100,000) with a merge every 40 commits, made with
             `git fast-import` from this script (seeded, seconds to make), plus 20 open branches.

For each history, alternately without and with `git commit-graph write --reachable`:
  1. per pair: `precheck conflicts --no-semantic --into P1 P2 --format json` (git's textual verdict: semantic
     conflicts are issue 20's, with their own bar) against `git merge-tree --write-tree P1 P2`
     (every git run gets a fresh scratch object directory, as precheck gives its own), rounds alternating,
     medians, ratio (bar: <= 1.2);
  2. matrix: `precheck conflicts --no-semantic --into T --matrix S1..S20 --format json` (20 into T + 190 pairs) against one
     `git merge-tree --stdin` fed the same 210 pairs (bar: <= 1.3; werkzeug's under 0.5 s);
  3. agreement (werkzeug): every real merge replayed; the conflicted paths precheck reports (those with
     unmerged entries) against `git merge-tree --write-tree --name-only` (bar: >= 99.9%).

Pairs: werkzeug's are real merges (parents of merge commits), six of them for per-pair timing (the three
most recent that conflict and three that do not); its matrix is the second parents of 20 recent merges into
main, merged into the first parent of the oldest of them. The generated history's are its 20 branches.

Usage: benches/conflicts_real.py [--precheck target/dist/precheck] [--history werkzeug|generated|both]
                                 [--rounds 11] [--dir DIR] [--commits 100000] [--no-agreement]
Build first: cargo build --profile dist (or --release and --precheck target/release/precheck)
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BRANCHES = 20
SHM = "/dev/shm" if os.path.isdir("/dev/shm") else None
SCRATCHES = []


def git(repo, *args, **kw):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True, **kw).stdout


def scratch_env(repo):
    scratch = tempfile.mkdtemp(prefix="bench-objects-", dir=SHM)
    SCRATCHES.append(scratch)
    return dict(os.environ, LC_ALL="C", GIT_OBJECT_DIRECTORY=scratch,
                GIT_ALTERNATE_OBJECT_DIRECTORIES=os.path.join(git_dir(repo), "objects"))


def git_dir(repo):
    return repo if repo.endswith(".git") else os.path.join(repo, ".git")


def timed(cmd, cwd, env=None, stdin=None):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd[:4]} failed ({p.returncode}): {p.stderr.decode()[-500:]}")
    return elapsed


def werkzeug(root):
    bundle = os.path.join(os.path.dirname(ROOT), "shared", "corpora", "pallets+werkzeug.bundle")
    if not os.path.isfile(bundle):
        return None
    repo = os.path.join(root, "werkzeug.git")
    if not os.path.isdir(repo):
        subprocess.run(["git", "-c", "init.defaultBranch=main", "clone", "-q", "--bare", "-b", "main", bundle, repo],
                       check=True)
        git(repo, "fetch", "-q", "origin", "stable:stable")
        git(repo, "gc", "-q")
    merges = [line.split() for line in git(repo, "log", "--merges", "--format=%H %P", "main", "stable").splitlines()]
    return repo, merges


def generated(root, commits):
    repo = os.path.join(root, f"generated-{commits}.git")
    if os.path.isdir(repo):
        return repo
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", repo], check=True)
    rnd = random.Random(7)
    files = [f"mod{d:02d}/pkg/File{i:04d}.java" for d in range(40) for i in range(50)]
    hot = files[::20]
    out = []
    mark = [0]
    when = [1_500_000_000]

    def blob(text):
        data = text.encode()
        return b"data %d\n" % len(data) + data

    def commit(ref, msg, changes, parents=()):
        mark[0] += 1
        when[0] += 30
        out.append(b"commit %s\nmark :%d\n" % (ref.encode(), mark[0]))
        out.append(b"committer B <b@example.com> %d +0000\n" % when[0])
        out.append(b"data %d\n%s\n" % (len(msg), msg.encode()))
        for i, p in enumerate(parents):
            out.append(b"%s :%d\n" % (b"from" if i == 0 else b"merge", p))
        for path, text in changes:
            out.append(b"M 100644 inline %s\n" % path.encode())
            out.append(blob(text))
        return mark[0]

    def content(path, n):
        return "".join(f"// {path} line {k} {n if k == n % 40 else ''}\n" for k in range(40))

    tip = commit("refs/heads/main", "initial", [(p, content(p, 0)) for p in files])
    n = 1
    topic_tip = tip
    while n < commits:
        # A topic of up to 5 commits forks from main and merges back: a real history's shape.
        if n % 40 == 0:
            topic = topic_tip
            for k in range(rnd.randint(1, 5)):
                p = rnd.choice(files)
                topic = commit("refs/heads/topic", f"topic {n}.{k}", [(p, content(p, rnd.randrange(1 << 20)))],
                               [topic])
                n += 1
            tip = commit("refs/heads/main", f"merge topic {n}", [], [tip, topic])
            topic_tip = tip
        else:
            p = rnd.choice(files)
            tip = commit("refs/heads/main", f"main {n}", [(p, content(p, rnd.randrange(1 << 20)))], [tip])
        n += 1
    for b in range(BRANCHES):
        parent = tip
        for k in range(8):
            p = rnd.choice(hot) if rnd.random() < 0.4 else rnd.choice(files)
            parent = commit(f"refs/heads/b{b:02d}", f"b{b} {k}", [(p, content(p, rnd.randrange(1 << 20)))],
                            [parent])
        tip_main = tip
        for k in range(3):
            p = rnd.choice(hot)
            tip_main = commit("refs/heads/main", f"main after b{b} {k}", [(p, content(p, rnd.randrange(1 << 20)))],
                              [tip_main])
        tip = tip_main
    out.append(b"done\n")
    subprocess.run(["git", "fast-import", "--quiet", "--done"], cwd=repo, input=b"".join(out), check=True)
    git(repo, "gc", "-q")
    return repo


def set_commit_graph(repo, on):
    info = os.path.join(git_dir(repo), "objects", "info")
    for name in ("commit-graph", "commit-graphs"):
        path = os.path.join(info, name)
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
    if on:
        git(repo, "commit-graph", "write", "--reachable")


def per_pair(precheck, repo, pairs, rounds):
    ratios, lines = [], []
    for target, source in pairs:
        pre, gt = [], []
        for _ in range(rounds):
            gt.append(timed(["git", "merge-tree", "--write-tree", target, source], git_dir(repo), scratch_env(repo)))
            pre.append(timed([precheck, "conflicts", "--no-semantic", "--into", target, source, "--format", "json"], git_dir(repo),
                             dict(os.environ, LC_ALL="C")))
        g, p = statistics.median(gt), statistics.median(pre)
        ratios.append(p / g)
        lines.append(f"    {target[:10]}<-{source[:10]}: git {g * 1000:.1f} ms, precheck {p * 1000:.1f} ms, "
                     f"ratio {p / g:.2f}")
    return statistics.median(ratios), lines


def matrix(precheck, repo, target, sources, rounds):
    pairs = [(target, s) for s in sources] + [(sources[i], sources[j]) for i in range(len(sources))
                                              for j in range(i + 1, len(sources))]
    stdin = "".join(f"{a} {b}\n" for a, b in pairs).encode()
    pre, gt = [], []
    for _ in range(rounds):
        gt.append(timed(["git", "merge-tree", "--stdin", "-z"], git_dir(repo), scratch_env(repo), stdin))
        pre.append(timed([precheck, "conflicts", "--no-semantic", "--into", target, "--matrix", *sources, "--format", "json"],
                         git_dir(repo), dict(os.environ, LC_ALL="C")))
    return statistics.median(pre), statistics.median(gt), len(pairs)


def agreement(precheck, repo, merges):
    same = differ = 0
    examples = []
    for _, p1, p2 in merges:
        names = subprocess.run(["git", "merge-tree", "--write-tree", "--name-only", "-z", p1, p2],
                               cwd=git_dir(repo), env=scratch_env(repo), capture_output=True)
        fields = names.stdout.split(b"\0")
        # The tree, then the conflicted paths up to an empty field.
        git_paths = set()
        for f in fields[1:]:
            if not f:
                break
            git_paths.add(f.decode())
        out = subprocess.run([precheck, "conflicts", "--no-semantic", "--into", p1, p2, "--format", "json"], cwd=git_dir(repo),
                             capture_output=True)
        doc = json.loads(out.stdout)
        ours = set(doc["merges"][0].get("conflicted_paths") or
                   [c["path"] for c in doc["merges"][0]["conflicts"]])
        if (names.returncode == 1) == (not doc["merges"][0]["clean"]) and ours == git_paths:
            same += 1
        else:
            differ += 1
            if len(examples) < 5:
                examples.append(f"{p1[:10]} {p2[:10]}: git {sorted(git_paths)} precheck {sorted(ours)}")
    return same, differ, examples


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--precheck", default=os.path.join(ROOT, "target", "dist", "precheck"))
    ap.add_argument("--history", default="both", choices=["werkzeug", "generated", "both"])
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("--dir")
    ap.add_argument("--commits", type=int, default=100_000)
    ap.add_argument("--no-agreement", action="store_true")
    args = ap.parse_args()
    precheck = os.path.abspath(args.precheck)
    root = args.dir or tempfile.mkdtemp(prefix="precheck-conflicts-real-")
    os.makedirs(root, exist_ok=True)
    print(f"git: {git('.', 'version').strip()}; precheck: {precheck}")
    histories = []
    if args.history in ("werkzeug", "both"):
        found = werkzeug(root)
        if found is None:
            print("werkzeug: skipped (no ../shared/corpora)")
        else:
            repo, merges = found
            conflicted = [m for m in merges if subprocess.run(
                ["git", "merge-tree", "--write-tree", m[1], m[2]], cwd=git_dir(repo), env=scratch_env(repo),
                capture_output=True).returncode == 1]
            clean = [m for m in merges if m not in conflicted]
            pairs = [(m[1], m[2]) for m in conflicted[:3] + clean[:3]]
            recent = [line.split() for line in
                      git(repo, "log", "--merges", "--first-parent", "--format=%H %P", "main").splitlines()][:BRANCHES]
            target = recent[-1][1]
            sources = [m[2] for m in recent]
            histories.append(("werkzeug", repo, pairs, target, sources, merges))
            print(f"werkzeug: {len(merges)} merges, {len(conflicted)} of them conflicting")
    if args.history in ("generated", "both"):
        t = time.perf_counter()
        repo = generated(root, args.commits)
        count = git(repo, "rev-list", "--count", "--all").strip()
        print(f"generated: {count} commits ({time.perf_counter() - t:.1f} s)")
        branches = [f"b{b:02d}" for b in range(BRANCHES)]
        pairs = [("main", b) for b in branches[:6]]
        histories.append(("generated", repo, pairs, "main", branches, None))
    for name, repo, pairs, target, sources, merges in histories:
        for graph in (False, True):
            set_commit_graph(repo, graph)
            label = f"{name}, {'with' if graph else 'without'} commit-graph"
            ratio, lines = per_pair(precheck, repo, pairs, args.rounds)
            print(f"{label}: per pair median ratio {ratio:.2f} (bar 1.2)")
            for line in lines:
                print(line)
            pre, gt, n = matrix(precheck, repo, target, sources, args.rounds)
            print(f"{label}: matrix {n} merges: precheck {pre * 1000:.0f} ms, git --stdin {gt * 1000:.0f} ms, "
                  f"ratio {pre / gt:.2f} (bar 1.3)", flush=True)
        if merges and not args.no_agreement:
            same, differ, examples = agreement(precheck, repo, merges)
            print(f"{name}: conflicted paths agree with git on {same} of {same + differ} merges "
                  f"({100 * same / (same + differ):.2f}%)")
            for e in examples:
                print(f"    differs: {e}")
    for scratch in SCRATCHES:
        shutil.rmtree(scratch, ignore_errors=True)
    if not args.dir:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
