//! Where artifacts come from: the reactor (files of the checked revision, through [`FileSource`]) and the
//! local Maven repository (on the filesystem, or committed inside the checked repository for fixtures).

use std::path::{Path, PathBuf};

use precheck_core::FileSource;

/// One place the local repository is looked up.
#[derive(Clone, Debug)]
pub enum RepoLoc {
    /// A folder of the checked revision (repo-relative, no trailing `/`).
    Source(String),
    /// A folder on the filesystem.
    Fs(PathBuf),
}

/// The local Maven repository: one or more locations tried in order.
#[derive(Clone, Debug)]
pub struct LocalRepo {
    pub locs: Vec<RepoLoc>,
}

/// The artifact coordinates that name a file in the local repository.
pub fn artifact_path(group: &str, artifact: &str, version: &str, classifier: &str, ext: &str) -> String {
    let classifier = if classifier.is_empty() { String::new() } else { format!("-{classifier}") };
    format!("{}/{artifact}/{version}/{artifact}-{version}{classifier}.{ext}", group.replace('.', "/"))
}

/// Normalises `a/./b/../c` to `a/c`; `None` when it climbs above the root.
pub fn normalise(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p),
        }
    }
    Some(out.join("/"))
}

impl LocalRepo {
    /// Chooses the local repository: `[jar] local-repository` (a relative path is looked up inside the
    /// checked revision first, then on the filesystem beside the repository root), else `localRepository`
    /// of `~/.m2/settings.xml`, else `~/.m2/repository`.
    pub fn locate(configured: Option<&str>, root: &Path) -> LocalRepo {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let expand = |p: &str| -> PathBuf {
            match (p.strip_prefix("~/"), &home) {
                (Some(rest), Some(h)) => h.join(rest),
                _ => PathBuf::from(p),
            }
        };
        if let Some(c) = configured {
            let c = c.trim();
            let p = expand(c);
            if p.is_absolute() {
                return LocalRepo { locs: vec![RepoLoc::Fs(p)] };
            }
            let mut locs = Vec::new();
            if let Some(rel) = normalise(&c.replace('\\', "/")) {
                locs.push(RepoLoc::Source(rel));
            }
            locs.push(RepoLoc::Fs(root.join(c)));
            return LocalRepo { locs };
        }
        let Some(home) = home.clone() else { return LocalRepo { locs: vec![] } };
        let settings = home.join(".m2/settings.xml");
        if let Ok(text) = std::fs::read_to_string(&settings) {
            if let Ok(root_el) = crate::pom::parse_xml(&text) {
                if let Some(lr) = root_el.text_of("localRepository") {
                    return LocalRepo { locs: vec![RepoLoc::Fs(expand(&lr))] };
                }
            }
        }
        LocalRepo { locs: vec![RepoLoc::Fs(home.join(".m2/repository"))] }
    }

    /// The bytes of `rel` (a repository-layout path), from the first location that has it.
    pub fn read(&self, source: &dyn FileSource, rel: &str) -> Option<Vec<u8>> {
        for loc in &self.locs {
            match loc {
                RepoLoc::Source(prefix) => {
                    let p = join(prefix, rel);
                    if source.exists(&p) {
                        if let Ok(b) = source.read(&p) {
                            return Some(b);
                        }
                    }
                }
                RepoLoc::Fs(dir) => {
                    if let Ok(b) = std::fs::read(dir.join(rel)) {
                        return Some(b);
                    }
                }
            }
        }
        None
    }

    /// Where `rel` lives, for reading a jar's central directory without loading the whole file.
    pub fn locate_file(&self, source: &dyn FileSource, rel: &str) -> Option<Located> {
        for loc in &self.locs {
            match loc {
                RepoLoc::Source(prefix) => {
                    let p = join(prefix, rel);
                    if source.exists(&p) {
                        return Some(Located::Source(p));
                    }
                }
                RepoLoc::Fs(dir) => {
                    let p = dir.join(rel);
                    if p.is_file() {
                        return Some(Located::Fs(p));
                    }
                }
            }
        }
        None
    }

    /// The version directories of `group:artifact` (for ranges): from `maven-metadata-local.xml` when
    /// present, else the directory listing.
    pub fn versions(&self, source: &dyn FileSource, group: &str, artifact: &str) -> Vec<String> {
        let dir = format!("{}/{artifact}", group.replace('.', "/"));
        if let Some(meta) = self.read(source, &format!("{dir}/maven-metadata-local.xml")) {
            let text = precheck_core::text::decode(&meta).text.into_owned();
            if let Ok(root) = crate::pom::parse_xml(&text) {
                let list: Vec<String> = root
                    .child("versioning")
                    .and_then(|v| v.child("versions"))
                    .map(|vs| vs.children_named("version").map(|v| v.text.trim().to_string()).collect())
                    .unwrap_or_default();
                if !list.is_empty() {
                    return list;
                }
            }
        }
        let mut out = Vec::new();
        for loc in &self.locs {
            match loc {
                RepoLoc::Source(prefix) => {
                    let p = format!("{}/", join(prefix, &dir));
                    for f in source.paths() {
                        if let Some(rest) = f.path.strip_prefix(p.as_str()) {
                            if let Some((v, _)) = rest.split_once('/') {
                                if !out.iter().any(|x| x == v) {
                                    out.push(v.to_string());
                                }
                            }
                        }
                    }
                }
                RepoLoc::Fs(d) => {
                    if let Ok(rd) = std::fs::read_dir(d.join(&dir)) {
                        for e in rd.flatten() {
                            if e.path().is_dir() {
                                out.push(e.file_name().to_string_lossy().into_owned());
                            }
                        }
                    }
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }
}

/// A file found in the local repository.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Located {
    Source(String),
    Fs(PathBuf),
}

fn join(prefix: &str, rel: &str) -> String {
    if prefix.is_empty() { rel.to_string() } else { format!("{prefix}/{rel}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_normalisation() {
        assert_eq!(artifact_path("org.ex", "a", "1.0", "", "pom"), "org/ex/a/1.0/a-1.0.pom");
        assert_eq!(artifact_path("org.ex", "a", "1.0", "tests", "jar"), "org/ex/a/1.0/a-1.0-tests.jar");
        assert_eq!(normalise("a/./b/../c/pom.xml").as_deref(), Some("a/c/pom.xml"));
        assert_eq!(normalise("../x"), None);
    }
}
