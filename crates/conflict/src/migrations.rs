//! Migration clashes between the head and the target (conflicts.md §11, CF008–CF010): Flyway versioned
//! migrations (`V<version>__<description>.sql`) under the `[conflict] migrations` globs, compared between the
//! merge base, the head and the target. Two sides that each add a migration merge cleanly as text; the
//! deploy of the second one fails.

use std::collections::BTreeMap;

use globset::GlobSet;
use precheck_git::Repo;

/// A Flyway version: its numeric parts (`1.10` → `[1, 10]`), compared part by part, missing parts as 0.
#[derive(Clone, Debug)]
pub struct Version(Vec<u64>);

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Version {}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let n = self.0.len().max(other.0.len());
        (0..n)
            .map(|i| self.0.get(i).copied().unwrap_or(0).cmp(&other.0.get(i).copied().unwrap_or(0)))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u64::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

/// The version of a Flyway versioned migration's file name (`V1_2__add_index.sql` → 1.2); `None` for
/// repeatable (`R__`) and undo (`U`) migrations and other files.
pub fn flyway_version(path: &str) -> Option<Version> {
    let name = path.rsplit('/').next()?;
    let rest = name.strip_prefix('V')?;
    let (ver, desc) = rest.split_once("__")?;
    if !desc.to_ascii_lowercase().ends_with(".sql") || ver.is_empty() {
        return None;
    }
    ver.split(['.', '_']).map(|p| p.parse().ok()).collect::<Option<Vec<u64>>>().map(Version)
}

/// A migration a side added or changed since the merge base: its path and blob id.
#[derive(Clone, Debug)]
pub struct Migration {
    pub path: String,
    pub version: Version,
    pub blob: String,
}

/// What the two sides did to the migrations since their merge base.
#[derive(Debug, Default)]
pub struct Sides {
    /// Versioned migrations the head added.
    pub head_added: Vec<Migration>,
    /// Versioned migrations the head modified that the target also has (same path).
    pub head_changed_applied: Vec<Migration>,
    /// Versioned migrations the target added, by version.
    pub target_added: BTreeMap<String, Vec<Migration>>,
    /// For each folder the head added a migration to: the target's highest version there, with its path.
    pub target_highest: BTreeMap<String, (Version, String)>,
}

fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Compares head and target against their merge base. `None` when git cannot say (no merge base, a
/// missing object): CF004 and CF002 report those.
pub fn compare(repo: &Repo, target: &str, head: &str, globs: &GlobSet) -> Option<Sides> {
    repo.with_git2(|git| {
        let commit = |id: &str| git2::Oid::from_str(id).ok().and_then(|o| git.find_commit(o).ok());
        let (t, h) = (commit(target)?, commit(head)?);
        let base = git.find_commit(git.merge_base(t.id(), h.id()).ok()?).ok()?;
        let (bt, tt, ht) = (base.tree().ok()?, t.tree().ok()?, h.tree().ok()?);
        let changed = |to: &git2::Tree<'_>| -> Option<Vec<(git2::Delta, String, String)>> {
            let diff = git.diff_tree_to_tree(Some(&bt), Some(to), None).ok()?;
            let mut out = Vec::new();
            for d in diff.deltas() {
                let Some(path) = d.new_file().path().and_then(|p| p.to_str()) else { continue };
                if globs.is_match(path) && flyway_version(path).is_some() {
                    out.push((d.status(), path.to_string(), d.new_file().id().to_string()));
                }
            }
            Some(out)
        };
        let migration = |path: &str, blob: &str| {
            flyway_version(path).map(|version| Migration { path: path.to_string(), version, blob: blob.to_string() })
        };
        let mut sides = Sides::default();
        for (status, path, blob) in changed(&tt)? {
            if status == git2::Delta::Added {
                if let Some(m) = migration(&path, &blob) {
                    sides.target_added.entry(m.version.to_string()).or_default().push(m);
                }
            }
        }
        for (status, path, blob) in changed(&ht)? {
            let Some(m) = migration(&path, &blob) else { continue };
            match status {
                git2::Delta::Added => sides.head_added.push(m),
                git2::Delta::Modified => {
                    // Applied wherever the target was deployed: the target has it, as the base had it.
                    let on_target = tt.get_path(std::path::Path::new(&path)).is_ok();
                    if on_target {
                        sides.head_changed_applied.push(m);
                    }
                }
                _ => {}
            }
        }
        for m in &sides.head_added {
            let dir = folder(&m.path);
            if sides.target_highest.contains_key(dir) {
                continue;
            }
            let entries = if dir.is_empty() {
                Some(tt.clone())
            } else {
                tt.get_path(std::path::Path::new(dir)).ok().and_then(|e| e.to_object(git).ok()?.into_tree().ok())
            };
            let Some(tree) = entries else { continue };
            let highest = tree
                .iter()
                .filter_map(|e| {
                    let name = e.name().ok()?;
                    let path = if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") };
                    flyway_version(&path).map(|v| (v, path))
                })
                .max_by(|a, b| a.0.cmp(&b.0));
            if let Some(h) = highest {
                sides.target_highest.insert(dir.to_string(), h);
            }
        }
        Some(sides)
    })
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flyway_versions_order_by_numeric_parts() {
        let v = |p: &str| flyway_version(p);
        assert_eq!(v("db/migration/V1_10__x.sql").map(|v| v.to_string()), Some("1.10".into()));
        assert!(v("V1_10__a.sql") > v("V1_9__b.sql"));
        assert!(v("V2__a.sql") > v("V1.9.9__b.sql"));
        assert_eq!(v("V1__a.sql"), v("V1.0__b.sql"));
        assert_eq!(v("R__views.sql"), None);
        assert_eq!(v("V1__notes.txt"), None);
        assert_eq!(v("Vx__a.sql"), None);
        assert_eq!(v("V__a.sql"), None);
    }
}

/// The migration folders a project configures for Flyway in its Spring Boot configuration
/// (`spring.flyway.locations` or `flyway.locations` in `application*.properties` / `application*.yml` of the
/// given commits), as globs: `classpath:db/x` is `db/x` under the module's `src/main/resources/` (the module
/// holding the configuration file, else any), `filesystem:x` is `x` from the repository root, Flyway's
/// `{vendor}` placeholder any folder name. Real projects keep migrations in folders no default glob finds.
pub fn configured_globs(repo: &Repo, commits: &[&str]) -> Vec<String> {
    let found = repo.with_git2(|git| {
        let mut globs: Vec<String> = Vec::new();
        // A folder already walked at the same path in another commit (the same tree object: branches share
        // nearly all of them) holds the same configuration files: not walked again.
        let mut walked: std::collections::HashSet<(String, git2::Oid)> = std::collections::HashSet::new();
        for id in commits {
            let Some(tree) =
                git2::Oid::from_str(id).ok().and_then(|o| git.find_commit(o).ok()).and_then(|c| c.tree().ok())
            else {
                continue;
            };
            let mut configs: Vec<(String, git2::Oid)> = Vec::new();
            let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
                let Ok(name) = entry.name() else { return git2::TreeWalkResult::Ok };
                if entry.kind() == Some(git2::ObjectType::Tree) {
                    return match walked.insert((format!("{dir}{name}"), entry.id())) {
                        true => git2::TreeWalkResult::Ok,
                        false => git2::TreeWalkResult::Skip,
                    };
                }
                let lower = name.to_ascii_lowercase();
                let config = lower.starts_with("application")
                    && (lower.ends_with(".properties") || lower.ends_with(".yml") || lower.ends_with(".yaml"));
                if config && entry.kind() == Some(git2::ObjectType::Blob) {
                    configs.push((format!("{dir}{name}"), entry.id()));
                }
                git2::TreeWalkResult::Ok
            });
            for (path, oid) in configs {
                let Ok(blob) = git.find_blob(oid) else { continue };
                let text = String::from_utf8_lossy(blob.content());
                for location in flyway_locations(&path, &text) {
                    if let Some(glob) = location_glob(&path, &location) {
                        if !globs.contains(&glob) {
                            globs.push(glob);
                        }
                    }
                }
            }
        }
        globs
    });
    found.unwrap_or_default()
}

/// The values of `spring.flyway.locations` / `flyway.locations` in one configuration file.
pub fn flyway_locations(path: &str, text: &str) -> Vec<String> {
    let wanted = |key: &str| key == "spring.flyway.locations" || key == "flyway.locations";
    let split = |v: &str| -> Vec<String> {
        v.split(',').map(|s| s.trim().trim_matches(['"', '\'']).to_string()).filter(|s| !s.is_empty()).collect()
    };
    let mut out = Vec::new();
    if path.to_ascii_lowercase().ends_with(".properties") {
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('#') || line.starts_with('!') {
                continue;
            }
            if let Some((key, value)) = line.split_once(['=', ':']) {
                if wanted(key.trim()) {
                    out.extend(split(value));
                }
            }
        }
        return out;
    }
    // YAML, read by indentation: the dotted path of each key, list items under a wanted key.
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut in_list: Option<usize> = None;
    for raw in text.lines() {
        let content = raw.split(" #").next().unwrap_or("");
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") {
            continue;
        }
        let indent = content.len() - trimmed.len();
        if let Some(at) = in_list {
            if let Some(item) = trimmed.strip_prefix("- ") {
                if indent >= at {
                    out.extend(split(item));
                    continue;
                }
            }
            in_list = None;
        }
        let Some((key, value)) = trimmed.split_once(':') else { continue };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let full =
            stack.iter().map(|(_, k)| k.as_str()).chain(std::iter::once(key.trim())).collect::<Vec<_>>().join(".");
        let value = value.trim();
        if wanted(&full) {
            if value.is_empty() {
                in_list = Some(indent);
            } else {
                out.extend(split(value.trim_start_matches('[').trim_end_matches(']')));
            }
        }
        if value.is_empty() {
            stack.push((indent, key.trim().to_string()));
        }
    }
    out
}

/// A Flyway location as a glob over repository paths (`None` for locations precheck cannot map: a class path
/// location of another jar, a cloud storage URL).
fn location_glob(config_path: &str, location: &str) -> Option<String> {
    let (scheme, rest) = match location.split_once(':') {
        Some((s, r)) if s == "classpath" || s == "filesystem" => (s, r),
        Some(_) => return None,
        None => ("classpath", location),
    };
    let rest = rest.trim_start_matches('/').trim_end_matches('/').replace("{vendor}", "*");
    if rest.contains("..") {
        return None;
    }
    if scheme == "filesystem" {
        return Some(if rest.is_empty() { "**".to_string() } else { format!("{rest}/**") });
    }
    let marker = "src/main/resources/";
    let module =
        config_path.find(marker).map(|at| config_path.get(..at + marker.len()).unwrap_or_default().to_string());
    let prefix = module.unwrap_or_else(|| format!("**/{marker}"));
    Some(if rest.is_empty() { format!("{prefix}**") } else { format!("{prefix}{rest}/**") })
}

#[cfg(test)]
mod location_tests {
    use super::*;

    #[test]
    fn spring_flyway_locations_become_globs() {
        let props = "# comment\nspring.flyway.locations=classpath:org/x/db/{vendor}, filesystem:/sql/ddl\n";
        let found = flyway_locations("app/src/main/resources/application.properties", props);
        assert_eq!(found, ["classpath:org/x/db/{vendor}", "filesystem:/sql/ddl"]);
        let path = "app/src/main/resources/application.properties";
        let globs: Vec<Option<String>> = found.iter().map(|l| location_glob(path, l)).collect();
        assert_eq!(globs, [Some("app/src/main/resources/org/x/db/*/**".to_string()), Some("sql/ddl/**".to_string())]);
        let yml = "spring:\n  datasource:\n    url: x\n  flyway:\n    enabled: true\n    locations:\n      - classpath:db/one\n      - classpath:db/two\nother: 1\n";
        assert_eq!(
            flyway_locations("src/main/resources/application.yml", yml),
            ["classpath:db/one", "classpath:db/two"]
        );
        let inline = "spring:\n  flyway:\n    locations: classpath:db/a,classpath:db/b\n";
        assert_eq!(flyway_locations("application-dev.yaml", inline), ["classpath:db/a", "classpath:db/b"]);
        assert_eq!(
            location_glob("conf/application.yml", "classpath:db/a"),
            Some("**/src/main/resources/db/a/**".into())
        );
        assert_eq!(location_glob("a.yml", "s3:bucket/x"), None);
    }
}
