#!/usr/bin/env python3
"""Hostile POM inputs (issue 22, the jar check): each reproducer at two sizes, N and 4N, with the release binary.

Usage: cargo build --release && python3 benches/hostile_pom.py [CASE ...] [--timeout SECONDS] [--scale F]

Prints, per case and size: wall time, CPU time (user + system), peak RSS (GNU time) and the exit code, then
the 4N/N ratios of wall and CPU time (linear is about 4x; a bounded case about 1x; on a loaded machine the
CPU ratio is the steadier one). Every run is `precheck check --select ALL` in a fresh
`git init` repository, with an empty HOME (so ~/.m2 is empty) unless the case writes a local repository
there. The binary is $CARGO_TARGET_DIR/release/precheck (target/ by default); PRECHECK_BIN=... measures
another one. A run past --timeout (default 120 s) is killed and shown
as `>timeout`.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.environ.get("PRECHECK_BIN", os.path.join(TARGET, "release", "precheck"))

HEAD = '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n<modelVersion>4.0.0</modelVersion>\n'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def dep(g, a, v, extra=""):
    return f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>{extra}</dependency>"


# Each generator writes the repository (`repo`) and, when it needs one, the local repository under `home`.


def prop_doubling(repo, home, n):
    """p0=${p1}${p1} … p{n-1}=${pn}${pn}, pn=x, and a dependency `<version>${p0}`."""
    props = "".join(f"<p{i}>${{p{i + 1}}}${{p{i + 1}}}</p{i}>" for i in range(n)) + f"<p{n}>x</p{n}>"
    write(
        f"{repo}/pom.xml",
        HEAD + "<groupId>g</groupId><artifactId>a</artifactId><version>1</version>\n"
        f"<properties>{props}</properties>\n<dependencies>{dep('g', 'b', '${p0}')}</dependencies>\n</project>\n",
    )


def prop_chain(repo, home, n):
    """p0=${p1}.x … p{n-1}=${pn}.x, pn=1: a long, linear chain of references."""
    props = "".join(f"<p{i}>${{p{i + 1}}}.x</p{i}>\n" for i in range(n)) + f"<p{n}>1</p{n}>"
    write(
        f"{repo}/pom.xml",
        HEAD + "<groupId>g</groupId><artifactId>a</artifactId><version>1</version>\n"
        f"<properties>{props}</properties>\n<dependencies>{dep('g', 'b', '${p0}')}</dependencies>\n</project>\n",
    )


def parent_chain_source(repo, home, n):
    """m0 → m1 → … → m{n-1}: each module's parent is the next, through `<relativePath>`."""
    for i in range(n):
        parent = (
            f"<parent><groupId>g</groupId><artifactId>m{i + 1}</artifactId><version>1</version>"
            f"<relativePath>../m{i + 1}/pom.xml</relativePath></parent>\n"
            if i + 1 < n
            else ""
        )
        write(
            f"{repo}/m{i}/pom.xml",
            HEAD + parent + f"<groupId>g</groupId><artifactId>m{i}</artifactId><version>1</version>"
            f"<packaging>pom</packaging>\n<properties><v{i}>{i}</v{i}></properties>\n</project>\n",
        )


def parent_chain_m2(repo, home, n):
    """A module whose parent p0 is in the local repository, p0 → p1 → … → p{n-1} there."""
    m2 = f"{home}/.m2/repository"
    for i in range(n):
        parent = (
            f"<parent><groupId>g</groupId><artifactId>p{i + 1}</artifactId><version>1</version></parent>\n"
            if i + 1 < n
            else ""
        )
        write(
            f"{m2}/g/p{i}/1/p{i}-1.pom",
            HEAD + parent + f"<groupId>g</groupId><artifactId>p{i}</artifactId><version>1</version>"
            f"<packaging>pom</packaging>\n</project>\n",
        )
    write(
        f"{repo}/pom.xml",
        HEAD + "<parent><groupId>g</groupId><artifactId>p0</artifactId><version>1</version><relativePath/></parent>\n"
        "<artifactId>app</artifactId>\n</project>\n",
    )


def parent_cycle_source(repo, home, n):
    """n modules whose parents form one cycle."""
    for i in range(n):
        j = (i + 1) % n
        write(
            f"{repo}/m{i}/pom.xml",
            HEAD + f"<parent><groupId>g</groupId><artifactId>m{j}</artifactId><version>1</version>"
            f"<relativePath>../m{j}/pom.xml</relativePath></parent>\n"
            f"<artifactId>m{i}</artifactId>\n</project>\n",
        )


def bom_chain_m2(repo, home, n):
    """A module importing BOM b0, which imports b1, … b{n-1} (in the local repository)."""
    m2 = f"{home}/.m2/repository"
    for i in range(n):
        imp = (
            dep("g", f"b{i + 1}", "1", "<type>pom</type><scope>import</scope>")
            if i + 1 < n
            else dep("g", "lib", "1")
        )
        write(
            f"{m2}/g/b{i}/1/b{i}-1.pom",
            HEAD + f"<groupId>g</groupId><artifactId>b{i}</artifactId><version>1</version><packaging>pom</packaging>\n"
            f"<dependencyManagement><dependencies>{imp}</dependencies></dependencyManagement>\n</project>\n",
        )
    write(
        f"{repo}/pom.xml",
        HEAD + "<groupId>g</groupId><artifactId>app</artifactId><version>1</version>\n"
        "<dependencyManagement><dependencies>"
        + dep("g", "b0", "1", "<type>pom</type><scope>import</scope>")
        + "</dependencies></dependencyManagement>\n"
        "<dependencies><dependency><groupId>g</groupId><artifactId>lib</artifactId></dependency></dependencies>\n"
        "</project>\n",
    )


def dep_chain_m2(repo, home, n):
    """A module depending on d0, which depends on d1, … d{n-1} (in the local repository)."""
    m2 = f"{home}/.m2/repository"
    for i in range(n):
        deps = f"<dependencies>{dep('g', f'd{i + 1}', '1')}</dependencies>" if i + 1 < n else ""
        write(
            f"{m2}/g/d{i}/1/d{i}-1.pom",
            HEAD + f"<groupId>g</groupId><artifactId>d{i}</artifactId><version>1</version><packaging>pom</packaging>\n"
            f"{deps}\n</project>\n",
        )
    write(
        f"{repo}/pom.xml",
        HEAD + "<groupId>g</groupId><artifactId>app</artifactId><version>1</version>\n"
        f"<dependencies>{dep('g', 'd0', '1', '<type>pom</type>')}</dependencies>\n</project>\n",
    )


def reactor(repo, home, n, chain):
    """An aggregator and parent with n modules. `chain`: module i depends on module i+1; otherwise module i
    depends on module i//2 (a tree, each graph log n deep) and on one managed external artifact."""
    mods = "".join(f"<module>m{i}</module>" for i in range(n))
    write(
        f"{repo}/pom.xml",
        HEAD + "<groupId>g</groupId><artifactId>root</artifactId><version>1</version><packaging>pom</packaging>\n"
        "<properties><ext.version>2.0</ext.version></properties>\n"
        "<dependencyManagement><dependencies>"
        + dep("x", "ext", "${ext.version}")
        + f"</dependencies></dependencyManagement>\n<modules>{mods}</modules>\n</project>\n",
    )
    for i in range(n):
        if chain:
            deps = dep("g", f"m{i + 1}", "${project.version}") if i + 1 < n else ""
        else:
            deps = (dep("g", f"m{i // 2}", "${project.version}") if i > 0 else "") + (
                "<dependency><groupId>x</groupId><artifactId>ext</artifactId></dependency>"
            )
        write(
            f"{repo}/m{i}/pom.xml",
            HEAD + "<parent><groupId>g</groupId><artifactId>root</artifactId><version>1</version></parent>\n"
            f"<artifactId>m{i}</artifactId>\n<dependencies>{deps}</dependencies>\n</project>\n",
        )


CASES = {
    # name: (generator, N)
    "prop-doubling": (prop_doubling, 35),
    "prop-chain": (prop_chain, 2500),
    "parent-chain-source": (parent_chain_source, 1500),
    "parent-chain-m2": (parent_chain_m2, 1400),
    "parent-cycle-source": (parent_cycle_source, 1500),
    "bom-chain-m2": (bom_chain_m2, 1000),
    "dep-chain-m2": (dep_chain_m2, 2500),
    "reactor-tree": (lambda r, h, n: reactor(r, h, n, False), 2500),
    "reactor-chain": (lambda r, h, n: reactor(r, h, n, True), 500),
}


def run(case, n, timeout):
    gen = CASES[case][0]
    tmp = tempfile.mkdtemp(prefix=f"hostile-pom-{case}-")
    try:
        repo, home = f"{tmp}/repo", f"{tmp}/home"
        os.makedirs(repo)
        os.makedirs(home)
        gen(repo, home, n)
        subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
        env = dict(os.environ, HOME=home, NO_COLOR="1", PRECHECK_CACHE_DIR="")
        env.pop("GIT_DIR", None)
        cmd = ["/usr/bin/time", "-f", "peak-rss-kb %M cpu %U %S", BIN, "check", "--select", "ALL", "--format", "concise"]
        start = time.monotonic()
        try:
            p = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, None, None, "timeout", ""
        wall = time.monotonic() - start
        rss = cpu = None
        for line in p.stderr.splitlines():
            if line.startswith("peak-rss-kb "):
                parts = line.split()
                rss, cpu = int(parts[1]), float(parts[3]) + float(parts[4])
        last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr.strip()[-200:]
        return wall, cpu, rss, p.returncode, last
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    args = sys.argv[1:]
    timeout = 120.0
    scale = 1.0
    if "--timeout" in args:
        i = args.index("--timeout")
        timeout = float(args[i + 1])
        del args[i : i + 2]
    if "--scale" in args:
        i = args.index("--scale")
        scale = float(args[i + 1])
        del args[i : i + 2]
    cases = args or list(CASES)
    print(f"binary: {BIN}")
    print(
        f"{'case':22} {'N':>7} {'time':>9} {'cpu':>7} {'peak RSS':>9} {'exit':>7}  "
        f"{'4N time':>9} {'cpu':>7} {'peak RSS':>9} {'exit':>7}  ratio (wall, cpu)"
    )
    for case in cases:
        n = max(1, int(CASES[case][1] * scale))
        row = []
        for size in (n, 4 * n):
            row.append(run(case, size, timeout))

        def fmt(r):
            wall, cpu, rss, code, _ = r
            t = f">{timeout:.0f}s" if wall is None else f"{wall:.2f}s"
            c = "-" if cpu is None else f"{cpu:.2f}s"
            m = "-" if rss is None else f"{rss / 1024:.0f} MB"
            return f"{t:>9} {c:>7} {m:>9} {str(code):>7}"

        def ratio(k):
            a, b = row[0][k], row[1][k]
            return "-" if a is None or b is None else f"{b / max(a, 1e-2):.1f}x"

        ratios = f"{ratio(0)}, {ratio(1)}"
        print(f"{case:22} {n:>7} {fmt(row[0])}  {fmt(row[1])}  {ratios}", flush=True)
        for size, r in zip((n, 4 * n), row):
            if r[4]:
                print(f"    {size}: {r[4][:160]}", flush=True)


if __name__ == "__main__":
    main()
