#!/usr/bin/env python3
"""Real-corpus harness: precheck on the real repositories of ../shared/corpora, at defaults and with every rule.

For each git bundle in the corpora directory it clones the repository into a temporary directory and runs
`precheck check --format json`: at default settings as a user sees them (repeated findings grouped per file),
then at defaults and with every rule selected (`--select ALL`), both with `--no-group` so that the per-rule
counts count every line.
Each run gets an empty HOME (so `~/.m2` is empty, as on a fresh CI runner) and keeps nothing between runs
(`PRECHECK_CACHE_DIR=`). It writes one TSV per repository to benches/corpus/<bundle name>.tsv:

    # repository, bundle commit, files
    # run      wall_s  peak_rss_mb  findings  errors  warnings  infos  left_out
    rule  name  check  default_on  defaults  all      (every line: --no-group)

so every change's effect on real findings shows in review (`git diff benches/corpus/`). The rows list every
rule with at least one finding in either run. `--keep DIR` keeps the clones and both JSON reports
(`DIR/<name>/repo`, `DIR/<name>/shown.json`, `defaults.json`, `all.json`) for judging findings one by one
(benches/corpus/judged.tsv).

It prints "skipped" and exits 0 when the corpora are absent (a user's checkout has no ../shared).

Usage: benches/corpus.py [--precheck target/release/precheck] [--corpora ../shared/corpora]
                         [--out benches/corpus] [--keep DIR] [--only NAME]
Build first: cargo build --release
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_precheck(binary, repo, extra, home, out_json):
    """Runs one check; returns (wall seconds, peak RSS in MB, the parsed JSON report)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRECHECK_") and k != "XDG_CACHE_HOME"}
    env.update({"HOME": home, "PRECHECK_CACHE_DIR": "", "NO_COLOR": "1"})
    cmd = ["/usr/bin/time", "-f", "%e %M", binary, "-C", repo, "check", "--format", "json", "--fail-on", "never"]
    cmd += extra
    with open(out_json, "wb") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, env=env, cwd=home)
    stderr = proc.stderr.decode(errors="replace").strip().splitlines()
    if proc.returncode != 0:
        sys.exit(f"precheck failed on {repo} ({' '.join(extra) or 'defaults'}), exit {proc.returncode}:\n"
                 + "\n".join(stderr[-20:]))
    wall, rss_kb = stderr[-1].split()
    with open(out_json, encoding="utf-8") as f:
        report = json.load(f)
    return float(wall), int(rss_kb) / 1024, report


def rule_table(binary):
    """code -> (name, check, default_on) from `precheck rules --format json`."""
    out = subprocess.run([binary, "rules", "--format", "json"], check=True, capture_output=True).stdout
    rules = {}
    for r in json.loads(out):
        rules[r["code"]] = (r["name"], r["check"], "yes" if r.get("default") else "no")
    return rules


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--precheck", default=os.path.join(ROOT, "target", "release", "precheck"))
    ap.add_argument("--corpora", default=os.path.join(os.path.dirname(ROOT), "shared", "corpora"))
    ap.add_argument("--out", default=os.path.join(ROOT, "benches", "corpus"))
    ap.add_argument("--keep", help="keep the clones and the JSON reports under this directory")
    ap.add_argument("--only", action="append", help="only the bundles whose name contains this (repeatable)")
    args = ap.parse_args()

    if not os.path.isdir(args.corpora):
        print(f"skipped: no corpora at {args.corpora}")
        return 0
    binary = os.path.abspath(args.precheck)
    if not os.access(binary, os.X_OK):
        sys.exit(f"no precheck binary at {binary}: run `cargo build --release` first")
    bundles = sorted(b for b in os.listdir(args.corpora) if b.endswith(".bundle"))
    if args.only:
        bundles = [b for b in bundles if any(o in b for o in args.only)]
    rules = rule_table(binary)
    os.makedirs(args.out, exist_ok=True)
    work = args.keep or tempfile.mkdtemp(prefix="precheck-corpus-")
    started = time.time()
    totals = []
    try:
        for bundle in bundles:
            name = bundle[: -len(".bundle")]
            place = os.path.join(work, name)
            repo = os.path.join(place, "repo")
            home = os.path.join(place, "home")
            shutil.rmtree(place, ignore_errors=True)
            os.makedirs(home)
            # Every bundle has `main`; the history bundle has no HEAD, so name the branch.
            subprocess.run(["git", "-c", "init.defaultBranch=main", "clone", "-q", "-b", "main", os.path.join(args.corpora, bundle), repo], check=True)
            commit = subprocess.run(["git", "-C", repo, "rev-parse", "--short=12", "HEAD"], check=True,
                                    capture_output=True, text=True).stdout.strip()
            runs = {}
            for label, extra in (("shown", []), ("defaults", ["--no-group"]), ("all", ["--select", "ALL", "--no-group"])):
                runs[label] = run_precheck(binary, repo, extra, home, os.path.join(place, f"{label}.json"))
            counts = {label: Counter(f["code"] for f in r[2]["findings"]) for label, r in runs.items() if label != "shown"}
            files = runs["all"][2]["summary"]["files"]
            lines = [f"# {name} @{commit}, {files} files; precheck at defaults (shown: as a user sees them; defaults: "
                     "every line) and with --select ALL (every line)",
                     "# run\twall_s\tpeak_rss_mb\tfindings\terrors\twarnings\tinfos\tleft_out"]
            for label, (wall, rss, report) in runs.items():
                s = report["summary"]
                lines.append(f"# {label}\t{wall:.2f}\t{rss:.0f}\t{s['findings']}\t{s['errors']}\t{s['warnings']}"
                             f"\t{s['infos']}\t{s.get('left_out', 0)}")
            lines.append("rule\tname\tcheck\tdefault_on\tdefaults\tall")
            for code in sorted(set(counts["defaults"]) | set(counts["all"])):
                rname, check, on = rules.get(code, ("?", "?", "?"))
                lines.append(f"{code}\t{rname}\t{check}\t{on}\t{counts['defaults'][code]}\t{counts['all'][code]}")
            with open(os.path.join(args.out, f"{name}.tsv"), "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            d, a = runs["shown"], runs["all"]
            totals.append((name, d[2]["summary"]["findings"], a[2]["summary"]["findings"], d[0], a[0], max(d[1], a[1])))
            print(f"{name}: {d[2]['summary']['findings']} findings at defaults ({d[0]:.2f} s), "
                  f"{a[2]['summary']['findings']} with every rule, every line ({a[0]:.2f} s), "
                  f"peak RSS {max(d[1], a[1]):.0f} MB", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"total: {sum(t[1] for t in totals)} findings at defaults, {sum(t[2] for t in totals)} with every rule "
          "(every line); "
          f"harness {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
