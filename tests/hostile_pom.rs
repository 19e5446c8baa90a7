//! End to end: hostile and degenerate POMs (issue 22, the jar check) never abort precheck, never blow up its
//! time or memory, and say where they stopped. Each test generates its reproducer in a throw-away repository
//! (the local repository, empty or written by the test, in a temporary directory named in precheck.toml) and asserts an exit of 0 or 1 with a
//! report and, where GNU time can measure it, a peak RSS within 200 MB plus the largest file checked. Speed
//! is measured by `benches/hostile_pom.py`, at two sizes each, not here.

mod common;

use std::path::Path;
use std::process::Output;

use common::{TestRepo, assert_reported, run_measured};

const HEAD: &str = "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n";

fn dep(g: &str, a: &str, v: &str, extra: &str) -> String {
    format!("<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>{extra}</dependency>")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A run of every rule, with `m2` as the local repository (set in precheck.toml, so the user's own
/// `~/.m2` is never read).
fn run(repo: &TestRepo, m2: &Path) -> (Output, Option<u64>, String) {
    repo.write("precheck.toml", &format!("[jar]\nlocal-repository = {:?}\n", m2.to_string_lossy()));
    let (out, rss) = run_measured(repo, &["check", "--select", "ALL", "--format", "concise", "--no-group"]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, rss, stdout)
}

fn largest_kb(dir: &Path) -> u64 {
    let mut max = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                if e.file_name() != ".git" {
                    stack.push(e.path());
                }
            } else {
                max = max.max(meta.len());
            }
        }
    }
    max / 1024 + 1
}

/// Item 2 of issue 22: p0=`${p1}${p1}` … p33=`${p34}${p34}`, p34=`x` doubles 2^34 times. It stops at the
/// size bound with one finding at the property, never a hang or an abort; the rest of the POM is judged.
#[test]
fn property_doubling_stops_at_the_bound_with_a_finding_at_the_property() {
    let repo = TestRepo::new();
    let home = tempfile::tempdir().expect("local repository");
    let mut props = String::new();
    for i in 0..34 {
        props.push_str(&format!("    <p{i}>${{p{n}}}${{p{n}}}</p{i}>\n", n = i + 1));
    }
    props.push_str("    <p34>x</p34>\n");
    let deps = [dep("g", "b", "${p0}", ""), dep("g", "c", "${p0}", ""), dep("g", "d", "${undefined}", "")].concat();
    repo.write(
        "pom.xml",
        &format!(
            "{HEAD}<groupId>g</groupId><artifactId>a</artifactId><version>1</version>\n  <properties>\n{props}  </properties>\n<dependencies>{deps}</dependencies>\n</project>\n"
        ),
    );
    let (out, rss, stdout) = run(&repo, home.path());
    assert_reported(&out, rss, largest_kb(repo.path()));
    // Once, at `<p0>` (line 5), however many dependencies use it; the undefined one is still named.
    let bound: Vec<&str> = stdout.lines().filter(|l| l.contains("expands beyond")).collect();
    assert_eq!(
        bound,
        ["pom.xml:5:5: JAR010 property `p0` expands beyond 64 KiB or 4096 substitutions: not resolved"],
        "{stdout}"
    );
    assert!(stdout.contains("JAR010 `${undefined}` in the version of `g:d` is not defined"), "{stdout}");
    assert!(!stdout.contains("`${p1}`"), "no property of the doubling is called undefined:\n{stdout}");
}

/// Item 3: a chain of in-repository parents, each reached through `<relativePath>`, is walked iteratively
/// and each POM's inherited view is built once: properties of the top reach the bottom.
#[test]
fn a_deep_chain_of_in_repository_parents_is_walked_iteratively() {
    let repo = TestRepo::new();
    let home = tempfile::tempdir().expect("local repository");
    let n = 1500;
    for i in 0..n {
        let parent = if i + 1 < n {
            format!(
                "<parent><groupId>g</groupId><artifactId>m{j}</artifactId><version>1</version><relativePath>../m{j}/pom.xml</relativePath></parent>\n",
                j = i + 1
            )
        } else {
            "<groupId>g</groupId><version>1</version><properties><top>1.0</top></properties>\n".to_string()
        };
        repo.write(
            &format!("m{i}/pom.xml"),
            &format!("{HEAD}{parent}<artifactId>m{i}</artifactId><packaging>pom</packaging>\n<properties><v{i}>{i}</v{i}></properties>\n</project>\n"),
        );
    }
    // The bottom module uses a property of the top one, 1,500 parents up: it resolves (the dependency is
    // missing from the empty local repository, which is all that is reported about it).
    repo.write(
        "m0/pom.xml",
        &format!(
            "{HEAD}<parent><groupId>g</groupId><artifactId>m1</artifactId><version>1</version><relativePath>../m1/pom.xml</relativePath></parent>\n<artifactId>m0</artifactId>\n<dependencies>{}</dependencies>\n</project>\n",
            dep("x", "lib", "${top}", "")
        ),
    );
    let (out, rss, stdout) = run(&repo, home.path());
    assert_reported(&out, rss, largest_kb(repo.path()));
    assert!(stdout.contains("JAR010 `x:lib:1.0` is missing from the local repository"), "{stdout}");
    assert!(!stdout.contains("not defined"), "{stdout}");
}

/// Item 3, cycles: every POM of a long parent cycle gets its finding at its own `<parent>`, as two do.
#[test]
fn a_long_parent_cycle_is_reported_at_every_member() {
    let repo = TestRepo::new();
    let home = tempfile::tempdir().expect("local repository");
    let n = 400;
    for i in 0..n {
        let j = (i + 1) % n;
        repo.write(
            &format!("m{i}/pom.xml"),
            &format!(
                "{HEAD}<parent><groupId>g</groupId><artifactId>m{j}</artifactId><version>1</version><relativePath>../m{j}/pom.xml</relativePath></parent>\n<artifactId>m{i}</artifactId>\n</project>\n"
            ),
        );
    }
    let (out, rss, stdout) = run(&repo, home.path());
    assert_reported(&out, rss, largest_kb(repo.path()));
    let cycles = stdout.lines().filter(|l| l.contains("JAR010 parent cycle through")).count();
    assert_eq!(cycles, n, "{stdout}");
    assert!(stdout.contains("m7/pom.xml:3:1: JAR010 parent cycle through `g:m8:1`"), "{stdout}");
}

/// Item 3 in the local repository: a module whose parent is 1,400 deep there, each level with a property.
#[test]
fn a_deep_chain_of_parents_in_the_local_repository_is_walked_iteratively() {
    let repo = TestRepo::new();
    let home = tempfile::tempdir().expect("local repository");
    let m2 = home.path();
    let n = 1400;
    for i in 0..n {
        let parent = if i + 1 < n {
            format!("<parent><groupId>g</groupId><artifactId>p{}</artifactId><version>1</version></parent>\n", i + 1)
        } else {
            String::new()
        };
        write(
            &m2.join(format!("g/p{i}/1/p{i}-1.pom")),
            &format!(
                "{HEAD}{parent}<groupId>g</groupId><artifactId>p{i}</artifactId><version>1</version><packaging>pom</packaging>\n<properties><v{i}>{i}.0</v{i}></properties>\n</project>\n"
            ),
        );
    }
    let deps = dep("x", "lib", &format!("${{v{}}}", n - 1), "");
    repo.write(
        "pom.xml",
        &format!(
            "{HEAD}<parent><groupId>g</groupId><artifactId>p0</artifactId><version>1</version><relativePath/></parent>\n<artifactId>app</artifactId>\n<dependencies>{deps}</dependencies>\n</project>\n"
        ),
    );
    let (out, rss, stdout) = run(&repo, home.path());
    assert_reported(&out, rss, largest_kb(repo.path()));
    assert!(stdout.contains(&format!("`x:lib:{}.0` is missing from the local repository", n - 1)), "{stdout}");
}

/// BOMs importing BOMs are built recursively: past the bound, one finding says the deeper imports were not
/// read, at the import of the module's own POM.
#[test]
fn a_deep_chain_of_bom_imports_stops_at_the_bound() {
    let repo = TestRepo::new();
    let home = tempfile::tempdir().expect("local repository");
    let m2 = home.path();
    let n = 500;
    for i in 0..n {
        let imp = if i + 1 < n {
            dep("g", &format!("b{}", i + 1), "1", "<type>pom</type><scope>import</scope>")
        } else {
            dep("g", "lib", "1", "")
        };
        write(
            &m2.join(format!("g/b{i}/1/b{i}-1.pom")),
            &format!(
                "{HEAD}<groupId>g</groupId><artifactId>b{i}</artifactId><version>1</version><packaging>pom</packaging>\n<dependencyManagement><dependencies>{imp}</dependencies></dependencyManagement>\n</project>\n"
            ),
        );
    }
    repo.write(
        "pom.xml",
        &format!(
            "{HEAD}<groupId>g</groupId><artifactId>app</artifactId><version>1</version>\n<dependencyManagement><dependencies>{}</dependencies></dependencyManagement>\n</project>\n",
            dep("g", "b0", "1", "<type>pom</type><scope>import</scope>")
        ),
    );
    let (out, rss, stdout) = run(&repo, home.path());
    assert_reported(&out, rss, largest_kb(repo.path()));
    assert_eq!(stdout.lines().filter(|l| l.contains("BOM imports nest deeper than 32 levels")).count(), 1, "{stdout}");
    // The nested BOM's problem is in the local repository: it points at the module's `<artifactId>`.
    assert!(stdout.starts_with("pom.xml:3:21: JAR010 imported BOM `g:b32:1` is not read"), "{stdout}");
}

/// Item 8: a reactor whose modules each depend on the next. Each module's graph is collected to a bounded
/// depth (64), so the whole costs modules × 64 at most, and the module whose graph was cut says so.
#[test]
fn a_reactor_of_modules_depending_on_one_another_stays_linear() {
    let repo = TestRepo::new();
    let home = tempfile::tempdir().expect("local repository");
    let n = 300;
    let mods: String = (0..n).map(|i| format!("<module>m{i}</module>")).collect();
    repo.write(
        "pom.xml",
        &format!(
            "{HEAD}<groupId>g</groupId><artifactId>root</artifactId><version>1</version><packaging>pom</packaging>\n<modules>{mods}</modules>\n</project>\n"
        ),
    );
    for i in 0..n {
        let deps = if i + 1 < n { dep("g", &format!("m{}", i + 1), "${project.version}", "") } else { String::new() };
        repo.write(
            &format!("m{i}/pom.xml"),
            &format!(
                "{HEAD}<parent><groupId>g</groupId><artifactId>root</artifactId><version>1</version></parent>\n<artifactId>m{i}</artifactId>\n<dependencies>{deps}</dependencies>\n</project>\n"
            ),
        );
    }
    let (out, rss, stdout) = run(&repo, home.path());
    assert_reported(&out, rss, largest_kb(repo.path()));
    let cut: Vec<&str> = stdout.lines().filter(|l| l.contains("is deeper than 64 levels")).collect();
    // Modules 0 .. n-66 have a graph deeper than the bound.
    assert_eq!(cut.len(), n - 65, "{stdout}");
    assert!(
        cut[0].starts_with(
            "m0/pom.xml:5:74: JAR010 the dependency graph of `g:m0` is deeper than 64 levels: the dependencies of `g:m64:1` and below are not checked"
        ),
        "{}",
        cut[0]
    );
}
