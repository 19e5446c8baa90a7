//! Robustness and speed runs on Debian's Java packages (jar.md §5): not expected results, because their
//! versions change with Debian updates. Ignored by default; run by benches/jar_debian.sh:
//!
//! ```text
//! cargo test --release -p precheck-jar --test debian -- --ignored --nocapture
//! ```
//!
//! Each test is skipped when its directory is absent.
#![allow(clippy::print_stderr, reason = "the runs report their figures and why they skipped")]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use precheck_jar::dups::duplicates;
use precheck_jar::model::Builder;
use precheck_jar::pom::RawPom;
use precheck_jar::repo::{LocalRepo, RepoLoc};
use precheck_jar::zipdir;

fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() && !p.is_symlink() {
            walk(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

struct NoFiles;
impl precheck_core::FileSource for NoFiles {
    fn files(&self) -> &[precheck_core::FileInfo] {
        &[]
    }
    fn read(&self, _: &str) -> std::io::Result<Vec<u8>> {
        Err(std::io::ErrorKind::NotFound.into())
    }
}

#[test]
#[ignore = "robustness run over /usr/share/maven-repo"]
fn every_debian_pom_builds_an_effective_model() {
    let root = Path::new("/usr/share/maven-repo");
    if !root.is_dir() {
        return;
    }
    let mut poms = Vec::new();
    walk(root, "pom", &mut poms);
    let repo = LocalRepo { locs: vec![RepoLoc::Fs(root.to_path_buf())] };
    let source = NoFiles;
    let builder = Builder::new(&source, &repo, "17");
    let started = Instant::now();
    let (mut ok, mut malformed, mut problems) = (0, 0, 0);
    for p in &poms {
        let text = precheck_core::text::decode(&std::fs::read(p).unwrap_or_default()).text.into_owned();
        let Ok(raw) = RawPom::parse(&text) else {
            malformed += 1;
            continue;
        };
        // The directory layout gives the coordinates: <group path>/<artifact>/<version>/<file>.
        let rel = p.strip_prefix(root).unwrap_or(p);
        let parts: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
        if parts.len() < 4 {
            continue;
        }
        let version = &parts[parts.len() - 2];
        let artifact = &parts[parts.len() - 3];
        let group = parts[..parts.len() - 3].join(".");
        let _ = raw;
        match builder.repo_model(&group, artifact, version) {
            Ok(m) => {
                ok += 1;
                problems += m.problems.len();
            }
            Err(_) => malformed += 1,
        }
    }
    eprintln!(
        "{} POMs: {ok} effective models ({problems} problems reported), {malformed} unreadable, in {:?}",
        poms.len(),
        started.elapsed()
    );
    assert!(ok > 0);
}

#[test]
#[ignore = "speed run over /usr/share/java"]
fn debian_java_duplicate_scan() {
    let root = Path::new("/usr/share/java");
    if !root.is_dir() {
        return;
    }
    let mut jars = Vec::new();
    walk(root, "jar", &mut jars);
    // Symlinked aliases (`foo.jar` -> `foo-1.2.jar`) are scanned once, by canonical path.
    let mut seen = HashSet::new();
    jars.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    jars.sort();
    let started = Instant::now();
    use rayon::prelude::*;
    let read: Vec<Result<Vec<zipdir::Entry>, String>> = jars.par_iter().map(|j| zipdir::read_file(j)).collect();
    let bad = read.iter().filter(|r| r.is_err()).count();
    let dirs: Vec<Arc<Vec<zipdir::Entry>>> = read.into_iter().filter_map(Result::ok).map(Arc::new).collect();
    let entries: usize = dirs.iter().map(|d| d.len()).sum();
    let read = started.elapsed();
    let (pairs, in_jar) = duplicates(&dirs, &globset::GlobSet::empty());
    let total = started.elapsed();
    let differing: usize = pairs.values().filter(|p| !p.classes_differing.is_empty()).count();
    eprintln!(
        "{} jars ({bad} unreadable), {entries} entries: directories read in {read:?}, duplicates in {total:?} \
         ({} jar pairs share classes, {differing} with differing bytes; {} jars name an entry twice)",
        jars.len(),
        pairs.len(),
        in_jar.len()
    );
}
