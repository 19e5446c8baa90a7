//! Every walk over input is iterative or bounded (issue 22): each entry point gets a degenerate input far
//! deeper or longer than any real project, on a test thread's small default stack, and must come back with
//! its findings. End-to-end reproducers at realistic sizes are in the root crate's `tests/hostile_pom.rs`.

use std::sync::Arc;

use precheck_core::{Config, FileSource, Finding};
use precheck_jar::JarCheck;
use precheck_jar::model::{Interpolator, MAX_EXPANDED, interpolate};
use precheck_runner::{MemorySource, RepoPass};

const HEAD: &str = "<project>\n";

fn dep(g: &str, a: &str, v: &str, extra: &str) -> String {
    format!("<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>{extra}</dependency>")
}

/// Runs the check over `files`, with the local repository at `m2/` inside them.
fn run(files: Vec<(String, String)>) -> Vec<Finding> {
    let config = Config::parse("[jar]\nlocal-repository = \"m2\"\n", "precheck.toml").unwrap_or_else(|e| panic!("{e}"));
    let source: Arc<dyn FileSource> =
        Arc::new(MemorySource::new(files.into_iter().map(|(p, t)| (p, t.into_bytes())).collect::<Vec<_>>()));
    RepoPass::default().findings(&JarCheck, source, &config)
}

/// Each finding's place, code and message, then each of its labels' messages.
fn messages(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .flat_map(|f| {
            let own = format!("{}:{} {} {}", f.primary.path, f.primary.start.line, f.code, f.message);
            std::iter::once(own).chain(f.labels.iter().map(|l| format!("  label {}", l.message)))
        })
        .collect()
}

#[test]
fn interpolation_of_a_100k_long_chain_and_of_doubling_is_bounded() {
    // p0 = ${p1}.x, …, p99999 = 1: the nesting bound cuts it, without recursion.
    let n = 100_000;
    let lookup = |name: &str| -> Option<String> {
        let i: usize = name.strip_prefix('p')?.parse().ok()?;
        (i < n).then(|| if i + 1 == n { "1".to_string() } else { format!("${{p{}}}.x", i + 1) })
    };
    let (text, missing) = interpolate("${p0}", &lookup);
    assert!(text.len() <= MAX_EXPANDED + 16, "{}", text.len());
    assert_eq!(missing.len(), 1, "the reference past the nesting bound is left as written");
    // A short chain resolves whole.
    assert_eq!(interpolate("${p99990}", &lookup).0, format!("1{}", ".x".repeat(9)));

    // 100k doubling levels: one expansion per name, then the size bound.
    let doubling = |name: &str| -> Option<String> {
        let i: usize = name.strip_prefix('p')?.parse().ok()?;
        (i < n).then(|| if i + 1 == n { "x".to_string() } else { format!("${{p{j}}}${{p{j}}}", j = i + 1) })
    };
    let it = Interpolator::new(&doubling);
    let r = it.expand("v${p0}");
    assert_eq!(r.text, "v${p0}");
    assert_eq!(r.too_large.as_deref(), Some("p0"));
    // Remembered: a second value naming it stops at once.
    assert_eq!(it.expand("${p5}").too_large.as_deref(), Some("p5"));
    // A cycle through 100k names is cut, not followed around.
    let cycle = |name: &str| -> Option<String> {
        let i: usize = name.strip_prefix('c')?.parse().ok()?;
        Some(format!("${{c{}}}", (i + 1) % n))
    };
    assert!(interpolate("${c0}", &cycle).0.contains("${c"));
}

#[test]
fn a_10k_deep_parent_chain_in_the_local_repository_is_walked_iteratively() {
    let n = 10_000;
    let mut files = Vec::new();
    for i in 0..n {
        let parent = if i + 1 < n {
            format!("<parent><groupId>g</groupId><artifactId>p{}</artifactId><version>1</version></parent>", i + 1)
        } else {
            "<properties><top>2.0</top></properties>".to_string()
        };
        files.push((
            format!("m2/g/p{i}/1/p{i}-1.pom"),
            format!("{HEAD}{parent}<groupId>g</groupId><artifactId>p{i}</artifactId><version>1</version><properties><v{i}>{i}</v{i}></properties></project>"),
        ));
    }
    files.push((
        "pom.xml".into(),
        format!(
            "{HEAD}<parent><groupId>g</groupId><artifactId>p0</artifactId><version>1</version><relativePath/></parent>\n<artifactId>app</artifactId>\n<dependencies>{}</dependencies></project>",
            dep("x", "lib", "${top}", "")
        ),
    ));
    let found = messages(&run(files));
    assert!(found.iter().any(|m| m.contains("`x:lib:2.0` is missing from the local repository")), "{found:?}");
}

#[test]
fn a_20k_long_parent_cycle_in_the_local_repository_is_reported() {
    let n = 20_000;
    let mut files = Vec::new();
    for i in 0..n {
        files.push((
            format!("m2/g/p{i}/1/p{i}-1.pom"),
            format!(
                "{HEAD}<parent><groupId>g</groupId><artifactId>p{}</artifactId><version>1</version></parent><artifactId>p{i}</artifactId></project>",
                (i + 1) % n
            ),
        ));
    }
    files.push((
        "pom.xml".into(),
        format!("{HEAD}<parent><groupId>g</groupId><artifactId>p0</artifactId><version>1</version><relativePath/></parent>\n<artifactId>app</artifactId></project>"),
    ));
    let found = messages(&run(files));
    assert_eq!(found, ["pom.xml:3 JAR010 parent cycle through `g:p1:1`"], "{found:?}");
}

#[test]
fn a_100k_long_chain_of_bom_imports_and_of_dependencies_is_cut_at_the_bounds() {
    let n = 100_000;
    let mut files = Vec::new();
    for i in 0..n {
        let next = (i + 1 < n).then(|| i + 1);
        let imp =
            next.map_or_else(String::new, |j| dep("g", &format!("b{j}"), "1", "<type>pom</type><scope>import</scope>"));
        files.push((
            format!("m2/g/b{i}/1/b{i}-1.pom"),
            format!("{HEAD}<groupId>g</groupId><artifactId>b{i}</artifactId><version>1</version><dependencyManagement><dependencies>{imp}</dependencies></dependencyManagement></project>"),
        ));
        let d = next.map_or_else(String::new, |j| dep("g", &format!("d{j}"), "1", ""));
        files.push((
            format!("m2/g/d{i}/1/d{i}-1.pom"),
            format!("{HEAD}<groupId>g</groupId><artifactId>d{i}</artifactId><version>1</version><dependencies>{d}</dependencies></project>"),
        ));
    }
    files.push((
        "pom.xml".into(),
        format!(
            "{HEAD}<groupId>g</groupId><artifactId>app</artifactId><version>1</version>\n<dependencyManagement><dependencies>{}</dependencies></dependencyManagement>\n<dependencies>{}</dependencies></project>",
            dep("g", "b0", "1", "<type>pom</type><scope>import</scope>"),
            dep("g", "d0", "1", "<type>pom</type>"),
        ),
    ));
    let found = messages(&run(files));
    assert!(found.iter().any(|m| m.contains("BOM imports nest deeper than 32 levels")), "{found:?}");
    assert!(found.iter().any(|m| m.contains("the dependency graph of `g:app` is deeper than 64 levels")), "{found:?}");
}

#[test]
fn a_pom_with_50k_profiles_is_read() {
    // 50,000 profiles of seven elements each: as many as the POM reader's element cap lets through.
    let n = 50_000;
    let profiles: String = (0..n)
        .map(|i| format!("<profile><id>x{i}</id><activation><property><name>!p{i}</name></property></activation><properties><q{i}>{i}</q{i}></properties></profile>"))
        .collect();
    let pom = format!(
        "{HEAD}<groupId>g</groupId><artifactId>app</artifactId><version>1</version><profiles>{profiles}</profiles><dependencies>{}</dependencies></project>",
        dep("x", "lib", "${q49999}", "")
    );
    let found = messages(&run(vec![("pom.xml".into(), pom)]));
    assert!(found.iter().any(|m| m.contains("`x:lib:49999` is missing from the local repository")), "{found:?}");
}
