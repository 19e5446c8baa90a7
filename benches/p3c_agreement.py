#!/usr/bin/env python3
"""Agreement of the `java` check with a PMD rule-test suite (issue 21's F1 bar).

    benches/p3c_agreement.py DIR [--bin PRECHECK] [--show] [--json]

DIR holds PMD rule-test XML files (`<test-data>` with `<test-code>` cases), found recursively; a file's stem is
the PMD rule it tests (`FooRule.xml` tests `FooRule`). The rules are mapped to our codes from our own rule
explanations: every backticked `…Rule` name in a JV rule's "What it does" section (`precheck rules --format
json`), so there is no second table to keep in step. A PMD rule no JV rule names is listed as not implemented
and left out of the figures; one several JV rules name is compared against the union of their findings.

Each case's code is written, trimmed as PMD's test runner trims it, to its own `.java` file named after its
first top-level type (under `src/main/java/`, so no rule takes it for test code); one `precheck check
--select <codes> --format json` runs per PMD rule over all of its cases. A case counts as follows:

- with `<expected-linenumbers>` (when they number `<expected-problems>`): a finding on an expected line is a
  true positive (each expected line matched once), any other finding a false positive, an unmatched expected
  line a false negative;
- otherwise by counts: TP = min(expected, found), FP = found - TP, FN = expected - TP.

Per rule and overall (micro) precision, recall and F1 are printed; `--show` prints every case that disagrees.
Cases PMD itself skips (`regressionTest="false"`) are skipped. The suite is not ours and is never committed:
fetch it into a temporary folder (benches/README.md, "Java", says how).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter


def find_binary(given):
    if given:
        return given
    if os.environ.get("PRECHECK_BIN"):
        return os.environ["PRECHECK_BIN"]
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(here, "target"))
    return os.path.join(target, "release", "precheck")


def rule_map(binary):
    """PMD rule name -> sorted JV codes whose explanation names it."""
    out = subprocess.run([binary, "rules", "--format", "json"], check=True, capture_output=True, text=True).stdout
    mapping = {}
    for rule in json.loads(out):
        if rule["check"] != "java":
            continue
        what = rule["explanation"].split("## Why")[0]
        for name in re.findall(r"`(\w+Rule)`", what):
            mapping.setdefault(name, set()).add(rule["code"])
    return {k: sorted(v) for k, v in mapping.items()}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(node, name):
    for c in node:
        if local(c.tag) == name:
            return c
    return None


def children(node, name):
    return [c for c in node if local(c.tag) == name]


def parse_cases(path):
    """[(description, expected count, expected lines or None, code)] of one PMD test file."""
    root = ET.parse(path).getroot()
    fragments = {f.get("id"): f.text or "" for f in children(root, "code-fragment")}
    cases = []
    for tc in children(root, "test-code"):
        if tc.get("regressionTest", "true").strip().lower() == "false":
            continue
        desc = (child(tc, "description").text or "").strip() if child(tc, "description") is not None else ""
        expected = None
        for e in children(tc, "expected-problems"):
            if (e.text or "").strip().isdigit():
                expected = int(e.text.strip())
                break
        if expected is None:
            continue
        lines = None
        ln = child(tc, "expected-linenumbers")
        if ln is not None and (ln.text or "").strip():
            lines = [int(x) for x in ln.text.replace(" ", "").split(",") if x]
            if len(lines) != expected:
                lines = None  # a malformed case: judge it by count
        code = child(tc, "code")
        if code is not None:
            text = code.text or ""
        else:
            ref = child(tc, "code-ref")
            if ref is None or ref.get("id") not in fragments:
                continue
            text = fragments[ref.get("id")]
        cases.append((desc, expected, lines, text.strip()))
    return cases


TYPE_NAME = re.compile(r"^\s*(?:(?:public|abstract|final|strictfp)\s+)*(?:class|interface|enum|record)\s+(\w+)", re.M)


def java_name(code, index):
    m = TYPE_NAME.search(code)
    return m.group(1) if m else f"Case{index}"


def run_rule(binary, codes, cases):
    """Findings' line numbers per case index."""
    repo = tempfile.mkdtemp(prefix="p3c-agreement-")
    try:
        paths = {}
        for i, (_, _, _, code) in enumerate(cases):
            rel = f"case{i:03}/src/main/java/{java_name(code, i)}.java"
            os.makedirs(os.path.join(repo, os.path.dirname(rel)))
            with open(os.path.join(repo, rel), "w", encoding="utf-8") as f:
                f.write(code + "\n")
            paths[rel] = i
        cmd = [binary, "-C", repo, "check", "--select", ",".join(codes), "--format", "json", "--no-group"]
        # An empty cache directory keeps nothing between runs (each run is a new throw-away folder).
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PRECHECK_CACHE_DIR": ""})
        if proc.returncode not in (0, 1):
            sys.exit(f"precheck failed ({proc.returncode}): {proc.stderr.strip()}")
        report = json.loads(proc.stdout)
        found = {i: [] for i in range(len(cases))}
        for f in report["findings"]:
            i = paths.get(f["path"])
            if f["code"] in codes and i is not None:
                found[i].append(f["start"]["line"])
        return found
    finally:
        shutil.rmtree(repo, ignore_errors=True)


def score(expected, lines, got):
    if lines is not None:
        want, have = Counter(lines), Counter(got)
        tp = sum((want & have).values())
        return tp, len(got) - tp, expected - tp
    tp = min(expected, len(got))
    return tp, len(got) - tp, expected - tp


def f1(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--bin", help="precheck binary (default $PRECHECK_BIN, else the release build)")
    ap.add_argument("--show", action="store_true", help="print every case that disagrees")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    binary = find_binary(args.bin)
    mapping = rule_map(binary)

    files = sorted(
        os.path.join(d, n) for d, _, ns in os.walk(args.dir) for n in ns if n.endswith(".xml")
    )
    rows, missing, shown = [], [], []
    total = [0, 0, 0]
    for path in files:
        name = os.path.splitext(os.path.basename(path))[0]
        codes = mapping.get(name)
        if not codes:
            missing.append(name)
            continue
        cases = parse_cases(path)
        found = run_rule(binary, codes, cases)
        tp = fp = fn = agree = 0
        for i, (desc, expected, lines, _) in enumerate(cases):
            a, b, c = score(expected, lines, found[i])
            tp, fp, fn = tp + a, fp + b, fn + c
            if b == 0 and c == 0:
                agree += 1
            else:
                shown.append((name, i, desc, expected, lines, sorted(found[i])))
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        rows.append((name, codes, len(cases), agree, tp, fp, fn, *f1(tp, fp, fn)))

    overall = f1(*total)
    if args.json:
        json.dump(
            {
                "rules": [
                    dict(zip(("p3c", "codes", "cases", "agree", "tp", "fp", "fn", "precision", "recall", "f1"), r))
                    for r in rows
                ],
                "overall": dict(zip(("tp", "fp", "fn", "precision", "recall", "f1"), (*total, *overall))),
                "not_implemented": missing,
            },
            sys.stdout,
            indent=2,
        )
        print()
        return
    width = max((len(r[0]) for r in rows), default=10)
    print(f"{'PMD rule':<{width}}  {'codes':<11} cases agree   TP  FP  FN     P     R    F1")
    for name, codes, n, agree, tp, fp, fn, p, r, f in rows:
        print(f"{name:<{width}}  {','.join(codes):<11} {n:>5} {agree:>5} {tp:>4} {fp:>3} {fn:>3} {p:5.2f} {r:5.2f} {f:5.2f}")
    cases = sum(r[2] for r in rows)
    agree = sum(r[3] for r in rows)
    print(
        f"{'overall':<{width}}  {len(rows):>3} rules  {cases:>5} {agree:>5} {total[0]:>4} {total[1]:>3} {total[2]:>3}"
        f" {overall[0]:5.2f} {overall[1]:5.2f} {overall[2]:5.2f}"
    )
    macro = sum(r[9] for r in rows) / len(rows) if rows else 0.0
    print(f"macro F1 (mean over rules): {macro:.3f}; micro F1: {overall[2]:.3f}")
    if missing:
        print(f"not implemented (no JV rule names them): {', '.join(missing)}")
    if args.show:
        for name, i, desc, expected, lines, got in shown:
            want = f"lines {lines}" if lines is not None else f"{expected} problem(s)"
            print(f"  {name} case {i} ({desc}): expected {want}, found lines {got}")


if __name__ == "__main__":
    main()
