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
