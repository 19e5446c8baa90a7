#!/usr/bin/env python3
"""Writes a deterministic synthetic source tree for precheck's benchmarks.

Usage: gen_tree.py DIR FILES MEGABYTES [MARKER_EVERY]

Files are spread over nested directories like a real multi-module repository (Java, XML, SQL, properties,
Markdown and Rust sources with realistic line lengths); every MARKER_EVERY-th file (default 997) carries a
leftover conflict block, and some Markdown/RST files carry `=======` title underlines that must stay quiet.
The same arguments always give byte-identical output.
"""
import os
import random
import sys

WORDS = ("payment settle ledger batch order account user amount currency gateway retry timeout pool shard "
         "route config value result status error merchant refund channel trade fund").split()
EXTS = [("java", 30), ("xml", 15), ("sql", 8), ("properties", 6), ("md", 6), ("rst", 2), ("rs", 20), ("txt", 5), ("yaml", 8)]


def line(rng, ext):
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
    if ext == "java":
        return "        %s = %s.%s(%d); // %s" % (rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS), rng.randint(0, 999), words)
    if ext == "xml":
        return '    <property name="%s" value="%s"/>' % (rng.choice(WORDS), words)
    if ext == "sql":
        return "SELECT %s FROM t_%s WHERE %s_id = ?; -- %s" % (rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS), words)
    if ext == "properties":
        return "%s.%s=%s" % (rng.choice(WORDS), rng.choice(WORDS), words)
    if ext == "rs":
        return "    let %s = %s::%s(%d); // %s" % (rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS), rng.randint(0, 999), words)
    return words


def main():
    out, files, megabytes = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    marker_every = int(sys.argv[4]) if len(sys.argv) > 4 else 997
    rng = random.Random(20261126)
    avg = int(megabytes * 1e6 / files)
    population = [e for e, w in EXTS for _ in range(w)]
    for i in range(files):
        ext = rng.choice(population)
        d = os.path.join(out, "module%02d" % (i % 40), "src", "pkg%03d" % (i % 700 // 40), "sub%d" % (i % 3))
        os.makedirs(d, exist_ok=True)
        target = max(200, int(rng.expovariate(1.0 / avg)))
        lines, size = [], 0
        if ext in ("md", "rst"):
            lines += ["Title %d" % i, "======="]
        while size < target:
            text = line(rng, ext)
            lines.append(text)
            size += len(text) + 1
        if marker_every and i % marker_every == 0:
            at = len(lines) // 2
            lines[at:at] = ["<<<<<<< HEAD", "ours", "=======", "theirs", ">>>>>>> feature/x"]
        with open(os.path.join(d, "file%05d.%s" % (i, ext)), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
