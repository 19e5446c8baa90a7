#!/usr/bin/env python3
"""Semantic conflicts (CF007, issue 20) on a Java project: a throw-away history of realistic branch pairs.

Clones a one-commit corpus snapshot (default /tmp/corp/linlinjava+litemall: Spring Boot, MyBatis mapper XML,
Maven modules, a MySQL schema dump), makes branches from it that edit what the Java checks read — mapper
XML, Spring YAML, POMs, the schema, a service class — some pairs of which clash only when merged, and runs
`precheck conflicts --into main --matrix --semantic` over all of them. Prints, per pair, what CF007 and
CF008–CF010 say, and the pairs where a clash was planted (`EXPECT`), for judging precision and recall. Then
times the matrix without and with `--semantic` (`--rounds`, alternating, medians; `--baseline` adds another
binary's `--semantic` matrix to the alternation, for a before/after on the same machine load).

The timing runs two matrices: the eleven branches that all edit the same five files (`hot`, the worst case),
and those with nine more that each edit a file of another module (`train`: 20 branches, 210 merges, the shape
of issue 20's bar).

Usage: benches/semantic_java.py [--precheck target/release/precheck] [--corpus /tmp/corp/linlinjava+litemall]
                                [--rounds 7] [--baseline OTHER_PRECHECK] [--dir DIR (reused if it exists)]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

MAPPER = "litemall-db/src/main/resources/org/linlinjava/litemall/db/dao/LitemallUserMapper.xml"
YAML = "litemall-db/src/main/resources/application-db.yml"
POM = "litemall-db/pom.xml"
SCHEMA = "litemall-db/sql/litemall_table.sql"
SERVICE = "litemall-db/src/main/java/org/linlinjava/litemall/db/service/LitemallUserService.java"

SELECT = ('  <select id="selectByMobile" resultMap="BaseResultMap">\n    select id, username, mobile from '
          'litemall_user where mobile = #{mobile} and deleted = 0\n  </select>\n')
COUNT = ('  <select id="countByGender" resultType="java.lang.Integer">\n    select count(*) from litemall_user '
         'where gender = #{gender} and deleted = 0\n  </select>\n')


def top(text, after, insert):
    i = text.index(after) + len(after)
    return text[:i] + insert + text[i:]


def bottom(text, before, insert):
    i = text.rindex(before)
    return text[:i] + insert + text[i:]


# branch -> (path, edit). Comments say which pairs clash only when merged.
BRANCHES = {
    # Both add statement `selectByMobile` at another place of the mapper: MyBatis refuses to start (JV051).
    "mapper-mobile-top": (MAPPER, lambda t: top(t, 'LitemallUserMapper">\n', SELECT)),
    "mapper-mobile-bottom": (MAPPER, lambda t: bottom(t, "</mapper>", SELECT)),
    # Another statement at the top: merges with `mapper-mobile-bottom`, nothing to find.
    "mapper-count": (MAPPER, lambda t: top(t, 'LitemallUserMapper">\n', COUNT)),
    # Two settings of one pool, each changed alone: nothing to find.
    "yaml-pool": (YAML, lambda t: t.replace("max-active:  50", "max-active:  80")),
    "yaml-wait": (YAML, lambda t: t.replace("max-wait:  60000", "max-wait:  30000")),
    # Two dependencies added at different places of one POM: nothing to find without a local repository.
    "pom-lang3": (POM, lambda t: top(t, "<dependencies>\n", "        <dependency>\n            <groupId>org.apache"
                                     ".commons</groupId>\n            <artifactId>commons-lang3</artifactId>\n"
                                     "            <version>3.12.0</version>\n        </dependency>\n")),
    "pom-guava": (POM, lambda t: bottom(t[:t.index("</dependencies>") + 20], "    </dependencies>",
                                       "        <dependency>\n            <groupId>com.google.guava</groupId>\n"
                                       "            <artifactId>guava</artifactId>\n            <version>31.1-jre"
                                       "</version>\n        </dependency>\n") + t[t.index("</dependencies>") + 20:]),
    # Both add an index on `mobile` to one table at another place: a duplicate index (SQL028) only merged.
    "sql-index-a": (SCHEMA, lambda t: t.replace("  `deleted` tinyint(1) DEFAULT '0' COMMENT '逻辑删除',\n  PRIMARY "
                                                "KEY (`id`),\n  UNIQUE KEY `user_name`",
                                                "  `deleted` tinyint(1) DEFAULT '0' COMMENT '逻辑删除',\n  KEY "
                                                "`idx_mobile` (`mobile`),\n  PRIMARY KEY (`id`),\n  UNIQUE KEY "
                                                "`user_name`", 1)),
    "sql-index-b": (SCHEMA, lambda t: t.replace("  UNIQUE KEY `user_name` (`username`)\n) ENGINE=InnoDB "
                                                "AUTO_INCREMENT=3",
                                                "  UNIQUE KEY `user_name` (`username`),\n  KEY `idx_user_mobile` "
                                                "(`mobile`)\n) ENGINE=InnoDB AUTO_INCREMENT=3", 1)),
    # Two methods of one service edited apart: nothing to find.
    "java-find": (SERVICE, lambda t: t.replace("public LitemallUser findById(Integer userId) {",
                                               "public LitemallUser findById(Integer userId) {\n        // cached by "
                                               "the caller", 1)),
    "java-delete": (SERVICE, lambda t: t.replace("public void deleteById(Integer id) {",
                                                 "public void deleteById(Integer id) {\n        // soft delete", 1)),
}

# The branches above all edit the same five files (every pair re-runs something): the hot-file worst case. A
# release train also carries branches that edit files no other branch touches; these nine make it the
# 20-branch matrix of issue 20's cost bar. Each edits one file of another module.
GOODS_MAPPER = "litemall-db/src/main/resources/org/linlinjava/litemall/db/dao/LitemallGoodsMapper.xml"
GOODS_COUNT = ('  <select id="countOnSale" resultType="java.lang.Integer">\n    select count(*) from litemall_goods '
               'where is_on_sale = 1 and deleted = 0\n  </select>\n')


def note_before(anchor, note):
    return lambda t: t.replace(anchor, note + anchor, 1)


SPREAD = {
    "admin-goods": ("litemall-admin-api/src/main/java/org/linlinjava/litemall/admin/web/AdminGoodsController.java",
                    note_before("public class ", "// Goods administration: see the release notes.\n")),
    "wx-cart": ("litemall-wx-api/src/main/java/org/linlinjava/litemall/wx/web/WxCartController.java",
                note_before("public class ", "// The cart of the mini program.\n")),
    "core-notify": ("litemall-core/src/main/java/org/linlinjava/litemall/core/notify/NotifyService.java",
                    note_before("public class ", "// Notifications by mail, SMS and WeChat.\n")),
    "core-yaml": ("litemall-core/src/main/resources/application-core.yml", lambda t: t + "# reviewed for the release\n"),
    "goods-mapper": (GOODS_MAPPER, lambda t: bottom(t, "</mapper>", GOODS_COUNT)),
    "goods-domain": ("litemall-db/src/main/java/org/linlinjava/litemall/db/domain/LitemallGoods.java",
                     note_before("public class ", "// A product of the shop.\n")),
    "vue-home": ("litemall-vue/src/views/home/tabbar-home.vue", lambda t: "<!-- The home tab. -->\n" + t),
    "admin-api-js": ("litemall-admin/src/api/brand.js", lambda t: "// Brand administration calls.\n" + t),
    "readme": ("README.md", lambda t: t + "\nRelease notes are kept in the wiki.\n"),
}
HOT = list(BRANCHES)
BRANCHES.update(SPREAD)

EXPECT = {("mapper-mobile-top", "mapper-mobile-bottom"): "JV051", ("sql-index-a", "sql-index-b"): "SQL028"}


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--precheck", default="target/release/precheck")
    ap.add_argument("--corpus", default="/tmp/corp/linlinjava+litemall")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--baseline")
    ap.add_argument("--dir")
    args = ap.parse_args()
    if not os.path.isdir(args.corpus):
        print(f"skipped: {args.corpus} is absent")
        return
    repo = args.dir or os.path.join(tempfile.mkdtemp(prefix="precheck-semantic-java-"), "repo")
    make(repo, args.corpus)

    def matrix(branches):
        return [os.path.abspath(args.precheck), "conflicts", "--semantic", "--into", "main", "--matrix", *branches,
                "--format", "json"]

    out = subprocess.run(matrix(BRANCHES), cwd=repo, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(out.stderr)
    report(json.loads(out.stdout)["merges"])
    for name, branches in [("hot", HOT), ("train", list(BRANCHES))] if args.rounds else []:
        cmd = matrix(branches)
        runs = {"textual": [c if c != "--semantic" else "--no-semantic" for c in cmd], "semantic": cmd}
        if args.baseline:
            runs["baseline semantic"] = [os.path.abspath(args.baseline), *cmd[1:]]
        times = {run: [] for run in runs}
        for _ in range(args.rounds):
            for run, argv in runs.items():
                t = time.perf_counter()
                subprocess.run(argv, cwd=repo, capture_output=True)
                times[run].append(time.perf_counter() - t)
        textual = statistics.median(times["textual"])
        for run, ts in times.items():
            m = statistics.median(ts)
            print(f"{name} ({len(branches)} branches) {run}: median {m * 1000:.0f} ms (min {min(ts) * 1000:.0f}, "
                  f"max {max(ts) * 1000:.0f}), {m / textual:.2f}x the textual matrix")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def make(repo, corpus):
    """Clones the corpus into `repo` (unless there) and makes the branches it does not have yet."""
    if not os.path.isdir(repo):
        subprocess.run(["git", "clone", "-q", corpus, repo], check=True)
        git(repo, "checkout", "-q", "-B", "main")
        for key, value in [("user.name", "t"), ("user.email", "t@example.com"), ("commit.gpgsign", "false")]:
            git(repo, "config", key, value)
    have = set(git(repo, "branch", "--format=%(refname:short)").split())
    for branch, (path, edit) in BRANCHES.items():
        if branch in have:
            continue
        git(repo, "checkout", "-q", "-b", branch, "main")
        full = os.path.join(repo, path)
        with open(full, encoding="utf-8") as f:
            text = f.read()
        changed = edit(text)
        assert changed != text, branch
        with open(full, "w", encoding="utf-8") as f:
            f.write(changed)
        git(repo, "commit", "-q", "-am", branch)
    git(repo, "checkout", "-q", "main")


def report(merges):
    found = 0
    for m in merges:
        pair = (m["target"], m["source"])
        expect = EXPECT.get(pair) or EXPECT.get(pair[::-1])
        kind = "clean" if m.get("clean") else "conflicted"
        rules = [s["rule"] for s in m.get("semantic", [])]
        if rules or expect:
            print(f"{m['source']} into {m['target']} ({kind}): found {rules or 'nothing'}; expected {expect or 'nothing'}")
            for s in m.get("semantic", []):
                found += 1
                print(f"    {s['path']}:{s['line']} {s['rule']} {s.get('severity', '')}: {s['message']}")
    clean = sum(1 for m in merges if m.get("clean"))
    print(f"{len(merges)} merges ({clean} clean for git), {found} semantic findings")


if __name__ == "__main__":
    main()
