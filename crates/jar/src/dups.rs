//! Duplicate classes and resources on a module's classpath, from the jars' central directories.
//!
//! Class keys follow the JVM: `a/b/C.class` is `a.b.C`; a multi-release entry
//! `META-INF/versions/<N>/a/b/C.class` is `a.b.C@N`, so a base class and its Java-N override are not
//! duplicates while two jars shipping the same override are. `module-info` and `package-info` are never
//! duplicates. Two entries are identical when CRC-32 and uncompressed size both match.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use precheck_core::FileSource;

use crate::analysis::{Analysis, Module};
use crate::repo::{Located, artifact_path};
use crate::zipdir::{self, Entry};

/// A jar's central directory, or why it could not be read.
pub type Index = Result<Arc<Vec<Entry>>, String>;

/// The jars holding one entry: (jar position, CRC-32, size).
type Holders = Vec<(usize, u32, u64)>;

/// A hash map with FNV-1a: entry names are short and not attacker-chosen in a way that matters here (the
/// worst case is a slow scan of a hostile jar, bounded by its entry cap), and SipHash was the scan's
/// largest cost.
type FastMap<K, V> = HashMap<K, V, Fnv>;

#[derive(Default, Clone, Copy)]
struct Fnv;

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Per jar pair (positions in the classpath), what they share.
pub type Pairs = BTreeMap<(usize, usize), PairDups>;

/// What one module's classpath scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// The classpath: (node index, file name shown in messages), in resolution order.
    pub jars: Vec<(usize, String)>,
    /// Per jar pair (positions in `jars`), the duplicated classes and resources.
    pub pairs: BTreeMap<(usize, usize), PairDups>,
    /// Jars whose directory names one entry more than once: (jar position, entry names).
    pub in_jar: Vec<(usize, Vec<String>)>,
    /// Dependencies whose jar is missing or unreadable: (node index, reason).
    pub unreadable: Vec<(usize, String)>,
}

#[derive(Debug, Default)]
pub struct PairDups {
    pub classes_differing: Vec<String>,
    pub classes_identical: Vec<String>,
    pub resources_differing: Vec<String>,
}

/// Extension and classifier of an artifact type's file.
pub fn type_file(kind: &str, classifier: &str) -> Option<(&'static str, String)> {
    let c = classifier.to_string();
    Some(match kind {
        "jar" | "bundle" | "maven-plugin" | "ejb" => ("jar", c),
        "test-jar" => ("jar", if c.is_empty() { "tests".into() } else { c }),
        "ejb-client" => ("jar", if c.is_empty() { "client".into() } else { c }),
        _ => return None,
    })
}

/// The multi-release version (`""` for the base) and the `/`-separated stem of a class entry, or `None`
/// when it is not a class that can clash (`module-info`, `package-info`, not a class).
pub fn class_parts(name: &str) -> Option<(&str, &str)> {
    let stem = name.strip_suffix(".class")?;
    let (release, stem) = match stem.strip_prefix("META-INF/versions/") {
        Some(rest) => {
            let (n, inner) = rest.split_once('/')?;
            (n, inner)
        }
        None => ("", stem),
    };
    let simple = stem.rsplit('/').next().unwrap_or(stem);
    if simple == "module-info" || simple == "package-info" || stem.is_empty() {
        return None;
    }
    Some((release, stem))
}

/// The class key of an entry (`a.b.C`, or `a.b.C@11` for a Java 11 override), or `None` when it is not a
/// class that can clash.
pub fn class_key(name: &str) -> Option<String> {
    let (release, stem) = class_parts(name)?;
    let dotted = stem.replace('/', ".");
    Some(if release.is_empty() { dotted } else { format!("{dotted}@{release}") })
}

/// Whether a resource is one every jar carries and nobody should be told about. Compared without
/// allocating: it runs once per entry of every jar.
pub fn ignored_resource(name: &str) -> bool {
    if name.ends_with('/') || name.ends_with(".class") {
        return true;
    }
    let starts = |s: &str, p: &str| s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let ends =
        |s: &str, p: &str| s.len() >= p.len() && s.as_bytes()[s.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes());
    if starts(name, "META-INF/") {
        #[allow(clippy::string_slice, reason = "`starts` matched the 9 ASCII bytes of `META-INF/` before the cut")]
        let rest = &name["META-INF/".len()..];
        if ["maven/", "services/", "sisu/", "versions/"].iter().any(|p| starts(rest, p))
            || ["MANIFEST.MF", "INDEX.LIST", "DEPENDENCIES"].iter().any(|p| rest.eq_ignore_ascii_case(p))
            || [".SF", ".DSA", ".RSA", ".EC"].iter().any(|s| ends(rest, s))
        {
            return true;
        }
    }
    let file = name.rsplit('/').next().unwrap_or(name);
    let stem = file.split('.').next().unwrap_or(file);
    ["LICENSE", "LICENCE", "NOTICE", "README", "COPYING", "ABOUT", "CHANGELOG"]
        .iter()
        .any(|x| stem.eq_ignore_ascii_case(x))
        || file.eq_ignore_ascii_case("plugin.properties")
}

/// Reads central directories, once per file for the whole run.
#[derive(Default)]
pub struct Jars {
    cache: std::cell::RefCell<HashMap<Located, Index>>,
    /// Where each jar of the local repository is (or that it is not there), looked up once per run.
    located: std::cell::RefCell<HashMap<String, Option<Located>>>,
}

impl Jars {
    fn locate(&self, an: &Analysis<'_>, rel: &str) -> Option<Located> {
        if let Some(hit) = self.located.borrow().get(rel) {
            return hit.clone();
        }
        let loc = an.repo.locate_file(an.source, rel);
        self.located.borrow_mut().insert(rel.to_string(), loc.clone());
        loc
    }

    /// Reads the central directories of `locs` not read yet, in parallel: on a classpath of hundreds of jars
    /// the reads are most of the cost.
    fn fetch(&self, source: &dyn FileSource, locs: &[&Located]) {
        use rayon::prelude::*;
        let todo: Vec<&Located> = {
            let cache = self.cache.borrow();
            locs.iter().copied().filter(|l| !cache.contains_key(*l)).collect()
        };
        let read: Vec<(Located, Index)> = todo
            .par_iter()
            .map(|loc| {
                let result = match loc {
                    Located::Fs(p) => zipdir::read_file(p).map(Arc::new),
                    Located::Source(p) => match source.read(p) {
                        Ok(b) => zipdir::read_bytes(&b).map(Arc::new),
                        Err(e) => Err(format!("cannot be read: {e}")),
                    },
                };
                ((*loc).clone(), result)
            })
            .collect();
        self.cache.borrow_mut().extend(read);
    }

    /// Scans one module's classpath (winners whose scope is configured, siblings excluded: they have no
    /// jar before a build).
    pub fn scan(&self, an: &Analysis<'_>, m: &Module, siblings: &BTreeSet<String>) -> Scan {
        let mut scan = Scan::default();
        let mut found: Vec<(usize, String, Located)> = Vec::new();
        let missing: HashSet<usize> = m.resolution.missing.iter().map(|x| x.node).collect();
        for node in m.resolution.classpath(&an.settings.scopes) {
            let k = &node.key;
            if an.ignored(&k.group, &k.artifact) || siblings.contains(&format!("{}:{}", k.group, k.artifact)) {
                continue;
            }
            let Some((ext, classifier)) = type_file(&k.kind, &k.classifier) else { continue };
            let idx = m.resolution.winners.get(k).copied().unwrap_or(0);
            // No version, or a POM already reported missing: the jar would only repeat that finding.
            if node.version.is_empty() || node.version.contains("${") || missing.contains(&idx) {
                continue;
            }
            let rel = artifact_path(&k.group, &k.artifact, &node.version, &classifier, ext);
            match self.locate(an, &rel) {
                Some(loc) => found.push((idx, file_name(&rel), loc)),
                None => {
                    scan.unreadable.push((idx, format!("`{}` is missing from the local repository", file_name(&rel))))
                }
            }
        }
        self.fetch(an.source, &found.iter().map(|f| &f.2).collect::<Vec<_>>());
        let mut dirs: Vec<Arc<Vec<Entry>>> = Vec::new();
        for (idx, name, loc) in found {
            let index = self.cache.borrow().get(&loc).cloned().unwrap_or_else(|| Err("cannot be read".into()));
            match index {
                Ok(d) => {
                    scan.jars.push((idx, name));
                    dirs.push(d);
                }
                Err(why) => scan.unreadable.push((idx, format!("`{name}` {why}"))),
            }
        }
        let (pairs, in_jar) = duplicates(&dirs, &an.settings.ignore_classes);
        scan.pairs = pairs;
        scan.in_jar = in_jar;
        scan
    }
}

/// Duplicate classes and resources among `dirs` (one classpath, in order): per jar pair, and per jar the
/// entries it names twice. Only names, CRC-32 and sizes are compared.
pub fn duplicates(dirs: &[Arc<Vec<Entry>>], ignore: &globset::GlobSet) -> (Pairs, Vec<(usize, Vec<String>)>) {
    let mut pairs: Pairs = BTreeMap::new();
    let mut in_jar = Vec::new();
    // key -> (jar, crc, size) for classes and resources. Keys borrow the entry names: no allocation per
    // entry, which is what keeps a scan of ~100k entries within tens of milliseconds.
    let total: usize = dirs.iter().map(|d| d.len()).sum();
    let mut classes: FastMap<(&str, &str), Holders> = FastMap::with_capacity_and_hasher(total, Fnv);
    let mut resources: FastMap<&str, Holders> = FastMap::with_capacity_and_hasher(total / 8, Fnv);
    for (j, dir) in dirs.iter().enumerate() {
        let mut twice: Vec<String> = Vec::new();
        for e in dir.iter() {
            let list = if let Some((release, stem)) = class_parts(&e.name) {
                if !ignore.is_empty() && ignore.is_match(stem) {
                    continue;
                }
                classes.entry((release, stem)).or_default()
            } else if !ignored_resource(&e.name) {
                resources.entry(e.name.as_str()).or_default()
            } else {
                continue;
            };
            match list.last() {
                Some(l) if l.0 == j => twice.push(e.name.clone()),
                _ => list.push((j, e.crc, e.size)),
            }
        }
        if !twice.is_empty() {
            twice.sort();
            twice.dedup();
            in_jar.push((j, twice));
        }
    }
    for (&(release, stem), list) in &classes {
        if list.len() < 2 {
            continue;
        }
        let key =
            if release.is_empty() { stem.replace('/', ".") } else { format!("{}@{release}", stem.replace('/', ".")) };
        for a in 0..list.len() {
            for b in a + 1..list.len() {
                let pair = pairs.entry((list[a].0, list[b].0)).or_default();
                if (list[a].1, list[a].2) == (list[b].1, list[b].2) {
                    pair.classes_identical.push(key.clone());
                } else {
                    pair.classes_differing.push(key.clone());
                }
            }
        }
    }
    for (name, list) in &resources {
        for a in 0..list.len() {
            for b in a + 1..list.len() {
                if (list[a].1, list[a].2) != (list[b].1, list[b].2) {
                    pairs.entry((list[a].0, list[b].0)).or_default().resources_differing.push((*name).to_string());
                }
            }
        }
    }
    for p in pairs.values_mut() {
        p.classes_differing.sort();
        p.classes_identical.sort();
        p.resources_differing.sort();
    }
    (pairs, in_jar)
}

fn file_name(rel: &str) -> String {
    rel.rsplit('/').next().unwrap_or(rel).to_string()
}

/// `a.b.C` → `a.b`; the packages of a list of classes, for messages.
pub fn packages(classes: &[String]) -> Vec<String> {
    let set: BTreeSet<String> = classes
        .iter()
        .map(|c| {
            let c = c.split('@').next().unwrap_or(c);
            c.rsplit_once('.').map_or("(default package)", |(p, _)| p).to_string()
        })
        .collect();
    set.into_iter().collect()
}

/// `package `a.b`` or `packages `a.b`, `a.c``, for messages (at most five named).
pub fn pkg_list(classes: &[String]) -> String {
    let p = packages(classes);
    let shown: Vec<String> = p.iter().take(5).map(|x| format!("`{x}`")).collect();
    let more = if p.len() > 5 { format!(" and {} more", p.len() - 5) } else { String::new() };
    format!("{} {}{more}", if p.len() == 1 { "package" } else { "packages" }, shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_keys_follow_the_jvm() {
        assert_eq!(class_key("a/b/C.class").as_deref(), Some("a.b.C"));
        assert_eq!(class_key("META-INF/versions/11/a/b/C.class").as_deref(), Some("a.b.C@11"));
        assert_eq!(class_key("module-info.class"), None);
        assert_eq!(class_key("META-INF/versions/9/module-info.class"), None);
        assert_eq!(class_key("a/package-info.class"), None);
        assert_eq!(class_key("a/b.txt"), None);
        assert!(ignored_resource("META-INF/MANIFEST.MF"));
        assert!(ignored_resource("META-INF/services/x.Y"));
        assert!(ignored_resource("LICENSE.txt"));
        assert!(!ignored_resource("config/app.properties"));
    }
}
