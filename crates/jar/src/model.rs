//! The effective Maven model of a POM: profiles activated in the POM's own context, parents merged
//! (relativePath first when its coordinates match, then the local repository), properties interpolated
//! after inheritance, import-scope BOMs expanded in their own context (first import wins, local entries
//! beat imports), and dependencyManagement injected into the POM's own version-less dependencies.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use precheck_core::FileSource;

use crate::pom::{Activation, Body, Exclusion, RawDep, RawPom};
use crate::repo::{LocalRepo, artifact_path, normalise};
use crate::version::{Version, VersionSpec};

/// Where a declaration was read: a file of the checked revision (`in_source`) or of the local repository.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    pub path: Arc<str>,
    pub in_source: bool,
    /// Byte range of the `<dependency>` element (or of the whole declaration the origin stands for).
    pub start: usize,
    pub end: usize,
    /// Byte range of its `<version>` element, when written.
    pub version: Option<(usize, usize)>,
}

/// `groupId:artifactId:type:classifier`: Maven's management key; two keys are different artifacts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DepKey {
    pub group: String,
    pub artifact: String,
    pub kind: String,
    pub classifier: String,
}

impl DepKey {
    /// `g:a`, plus `:classifier` when there is one (how findings name an artifact).
    pub fn ga(&self) -> String {
        if self.classifier.is_empty() {
            format!("{}:{}", self.group, self.artifact)
        } else {
            format!("{}:{}:{}", self.group, self.artifact, self.classifier)
        }
    }
}

/// A dependency after interpolation (and, for a POM's own list, management).
#[derive(Clone, Debug)]
pub struct Dep {
    pub key: DepKey,
    pub version: Option<String>,
    pub scope: Option<String>,
    pub optional: bool,
    pub exclusions: Vec<Exclusion>,
    pub origin: Origin,
    /// The origin of the management entry that supplied its version, if any.
    pub managed_by: Option<Origin>,
}

/// A problem met while building a model; reported as JAR010.
#[derive(Clone, Debug)]
pub struct Problem {
    pub message: String,
    pub help: String,
    pub origin: Origin,
    /// Error when the module cannot be built or judged; warning when resolution went on without it.
    pub fatal: bool,
}

/// The effective model of one POM.
#[derive(Clone, Debug, Default)]
pub struct Effective {
    pub group: String,
    pub artifact: String,
    pub version: String,
    pub packaging: String,
    pub path: Arc<str>,
    pub in_source: bool,
    pub dependencies: Vec<Dep>,
    pub managed: Vec<Dep>,
    pub modules: Vec<String>,
    pub relocation: Option<(String, String, String)>,
    pub problems: Vec<Problem>,
}

impl Effective {
    pub fn gav(&self) -> String {
        format!("{}:{}:{}", self.group, self.artifact, self.version)
    }
}

/// A raw POM with where it came from.
#[derive(Debug)]
struct Loaded {
    raw: RawPom,
    path: Arc<str>,
    in_source: bool,
}

/// The raw, inherited (not yet interpolated) view of a POM and its parents.
#[derive(Clone, Debug, Default)]
struct Inherited {
    group: String,
    artifact: String,
    version: String,
    packaging: String,
    parent_version: String,
    properties: BTreeMap<String, String>,
    dependencies: Vec<(RawDep, Arc<str>, bool)>,
    managed: Vec<(RawDep, Arc<str>, bool)>,
    problems: Vec<Problem>,
}

fn raw_key(d: &RawDep) -> (String, String, String, String) {
    (
        d.group.clone(),
        d.artifact.clone(),
        d.kind.clone().unwrap_or_else(|| "jar".into()),
        d.classifier.clone().unwrap_or_default(),
    )
}

/// Builds and caches effective models for one run.
pub struct Builder<'a> {
    source: &'a dyn FileSource,
    repo: &'a LocalRepo,
    jdk: Version,
    raw: RefCell<HashMap<String, Option<Rc<Loaded>>>>,
    effective: RefCell<HashMap<String, Option<Rc<Effective>>>>,
    /// POMs being built right now (parents and BOMs), to cut cycles.
    building: RefCell<Vec<String>>,
    /// Why a repository POM could not be loaded (missing or malformed), by repository path.
    pub failures: RefCell<BTreeMap<String, String>>,
}

/// The path under which a repository POM is named in findings (never an absolute path of the machine).
pub fn repo_display(rel: &str) -> String {
    format!("<local repository>/{rel}")
}

impl<'a> Builder<'a> {
    pub fn new(source: &'a dyn FileSource, repo: &'a LocalRepo, jdk: &str) -> Builder<'a> {
        Builder {
            source,
            repo,
            jdk: Version::parse(jdk),
            raw: RefCell::new(HashMap::new()),
            effective: RefCell::new(HashMap::new()),
            building: RefCell::new(Vec::new()),
            failures: RefCell::new(BTreeMap::new()),
        }
    }

    pub fn source(&self) -> &'a dyn FileSource {
        self.source
    }

    pub fn repo(&self) -> &'a LocalRepo {
        self.repo
    }

    fn load(&self, key: String, in_source: bool, path: &str) -> Result<Rc<Loaded>, String> {
        if let Some(hit) = self.raw.borrow().get(&key) {
            return hit.clone().ok_or_else(|| self.failures.borrow().get(&key).cloned().unwrap_or_default());
        }
        let bytes = if in_source { self.source.read(path).ok() } else { self.repo.read(self.source, path) };
        let result = match bytes {
            None => Err("missing".to_string()),
            Some(b) => {
                let text = precheck_core::text::decode(&b).text.into_owned();
                RawPom::parse(&text).map_err(|e| format!("malformed ({e})"))
            }
        };
        let display: Arc<str> = if in_source { Arc::from(path) } else { Arc::from(repo_display(path)) };
        let out = match result {
            Ok(raw) => Ok(Rc::new(Loaded { raw, path: display, in_source })),
            Err(e) => {
                self.failures.borrow_mut().insert(key.clone(), e.clone());
                Err(e)
            }
        };
        self.raw.borrow_mut().insert(key, out.as_ref().ok().cloned());
        out
    }

    /// Loads a POM of the checked revision; `Err` says why (missing, malformed).
    fn load_source(&self, path: &str) -> Result<Rc<Loaded>, String> {
        self.load(format!("src:{path}"), true, path)
    }

    fn load_repo(&self, group: &str, artifact: &str, version: &str) -> Result<Rc<Loaded>, String> {
        let rel = artifact_path(group, artifact, version, "", "pom");
        self.load(format!("repo:{rel}"), false, &rel)
    }

    /// The effective model of a POM of the checked revision.
    pub fn source_model(&self, path: &str) -> Result<Rc<Effective>, String> {
        let key = format!("src:{path}");
        if let Some(hit) = self.effective.borrow().get(&key) {
            return hit.clone().ok_or_else(|| "malformed".into());
        }
        let loaded = self.load_source(path)?;
        let eff = Rc::new(self.build(&loaded));
        self.effective.borrow_mut().insert(key, Some(Rc::clone(&eff)));
        Ok(eff)
    }

    /// The effective model of `group:artifact:version` from the local repository; `Err` says why not.
    pub fn repo_model(&self, group: &str, artifact: &str, version: &str) -> Result<Rc<Effective>, String> {
        let key = format!("repo:{}", artifact_path(group, artifact, version, "", "pom"));
        if let Some(hit) = self.effective.borrow().get(&key) {
            return hit.clone().ok_or_else(|| self.failures.borrow().get(&key).cloned().unwrap_or_default());
        }
        if self.building.borrow().contains(&key) {
            return Err("a cycle of parents or imports".into());
        }
        let loaded = match self.load_repo(group, artifact, version) {
            Ok(l) => l,
            Err(e) => {
                self.effective.borrow_mut().insert(key, None);
                return Err(e);
            }
        };
        self.building.borrow_mut().push(key.clone());
        let eff = Rc::new(self.build(&loaded));
        self.building.borrow_mut().retain(|k| k != &key);
        self.effective.borrow_mut().insert(key, Some(Rc::clone(&eff)));
        Ok(eff)
    }

    /// Which profiles of a POM are active: JDK and property conditions in its own context (no `-D`
    /// properties are known offline, so `!name` is on and `name` is off); `activeByDefault` only when no
    /// other profile of the same POM activates.
    pub fn active_profiles<'p>(&self, raw: &'p RawPom) -> Vec<&'p crate::pom::Profile> {
        let active: Vec<&crate::pom::Profile> = raw.profiles.iter().filter(|p| self.activates(&p.activation)).collect();
        if !active.is_empty() {
            return active;
        }
        raw.profiles.iter().filter(|p| p.activation.by_default).collect()
    }

    fn activates(&self, a: &Activation) -> bool {
        activates(a, &self.jdk)
    }

    fn inherited(&self, loaded: &Loaded, chain: &mut Vec<String>) -> Inherited {
        let raw = &loaded.raw;
        let mut body = Body {
            properties: raw.body.properties.clone(),
            dependencies: raw.body.dependencies.clone(),
            managed: raw.body.managed.clone(),
            modules: Vec::new(),
        };
        for p in self.active_profiles(raw) {
            body.properties.extend(p.body.properties.clone());
            body.dependencies.extend(p.body.dependencies.iter().cloned());
            body.managed.extend(p.body.managed.iter().cloned());
        }
        // A key declared twice keeps the first one's position and the last one's content, as Maven's model
        // normaliser does (a LinkedHashMap keyed by management key).
        body.dependencies = last_wins(body.dependencies);
        body.managed = last_wins(body.managed);
        let here =
            Origin { path: Arc::clone(&loaded.path), in_source: loaded.in_source, start: 0, end: 0, version: None };
        let mut out = Inherited { artifact: raw.artifact.clone(), ..Inherited::default() };
        let mut parent_inh = None;
        if let Some(pref) = &raw.parent {
            // CI-friendly versions: a `${revision}` parent version is read with the child's own properties.
            let pversion = interpolate(&pref.version, &|n| body.properties.get(n).cloned()).0;
            let origin = Origin { start: pref.start, end: pref.end, ..here.clone() };
            let id = format!("{}:{}:{}", pref.group, pref.artifact, pversion);
            if chain.contains(&id) {
                out.problems.push(Problem {
                    message: format!("parent cycle through `{id}`"),
                    help: "break the cycle of `<parent>` declarations".into(),
                    origin,
                    fatal: true,
                });
            } else {
                chain.push(id.clone());
                let found = self.find_parent(loaded, pref, &pversion);
                match found {
                    Ok(p) => parent_inh = Some(self.inherited(&p, chain)),
                    Err(why) => out.problems.push(Problem {
                        message: format!("parent `{id}` is {why} in the local repository"),
                        help: "install the parent (`mvn install` in its project) or fix `<relativePath>`".into(),
                        origin,
                        fatal: true,
                    }),
                }
                chain.pop();
            }
        }
        let mut deps: Vec<(RawDep, Arc<str>, bool)> =
            body.dependencies.into_iter().map(|d| (d, Arc::clone(&loaded.path), loaded.in_source)).collect();
        let mut managed: Vec<(RawDep, Arc<str>, bool)> =
            body.managed.into_iter().map(|d| (d, Arc::clone(&loaded.path), loaded.in_source)).collect();
        let mut properties = body.properties;
        if let Some(p) = parent_inh {
            out.group = p.group.clone();
            out.version = p.version.clone();
            out.parent_version = p.version.clone();
            out.problems.extend(p.problems);
            // Child's own dependencies first, then the parent's it does not redeclare.
            let mine: HashSet<_> = deps.iter().map(|(d, _, _)| raw_key(d)).collect();
            deps.extend(p.dependencies.into_iter().filter(|(d, _, _)| !mine.contains(&raw_key(d))));
            let mine: HashSet<_> = managed.iter().map(|(d, _, _)| raw_key(d)).collect();
            managed.extend(p.managed.into_iter().filter(|(d, _, _)| !mine.contains(&raw_key(d))));
            let mut props = p.properties;
            props.extend(properties);
            properties = props;
        }
        if let Some(g) = &raw.group {
            out.group = g.clone();
        }
        if let Some(v) = &raw.version {
            out.version = v.clone();
        }
        out.packaging = raw.packaging.clone().unwrap_or_else(|| "jar".into());
        out.properties = properties;
        out.dependencies = deps;
        out.managed = managed;
        out
    }

    /// The parent POM: `relativePath` (default `../pom.xml`) when the file there has the parent's
    /// coordinates, else the local repository.
    fn find_parent(&self, child: &Loaded, pref: &crate::pom::ParentRef, version: &str) -> Result<Rc<Loaded>, String> {
        if child.in_source && pref.relative_path.as_deref() != Some("") {
            let rel = pref.relative_path.clone().unwrap_or_else(|| "../pom.xml".into());
            let dir = child.path.rsplit_once('/').map_or("", |(d, _)| d);
            let joined = if dir.is_empty() { rel.clone() } else { format!("{dir}/{rel}") };
            if let Some(mut p) = normalise(&joined) {
                if !p.ends_with(".xml") {
                    p = if p.is_empty() { "pom.xml".into() } else { format!("{p}/pom.xml") };
                }
                if self.source.exists(&p) {
                    if let Ok(cand) = self.load_source(&p) {
                        let g = cand.raw.group.clone().or_else(|| cand.raw.parent.as_ref().map(|x| x.group.clone()));
                        let v =
                            cand.raw.version.clone().or_else(|| cand.raw.parent.as_ref().map(|x| x.version.clone()));
                        let v = v.map(|v| interpolate(&v, &|n| cand.raw.body.properties.get(n).cloned()).0);
                        // A version still holding an expression (`${revision}` defined in the parent itself)
                        // is accepted, as Maven's local parent lookup does for CI-friendly versions.
                        let v_ok = v.as_deref() == Some(version)
                            || version.contains("${")
                            || v.as_deref().is_some_and(|v| v.contains("${"));
                        if g.as_deref() == Some(pref.group.as_str()) && cand.raw.artifact == pref.artifact && v_ok {
                            return Ok(cand);
                        }
                    }
                }
            }
        }
        self.load_repo(&pref.group, &pref.artifact, version)
    }

    fn build(&self, loaded: &Loaded) -> Effective {
        let mut chain = Vec::new();
        let inh = self.inherited(loaded, &mut chain);
        let props = &inh.properties;
        let jdk = self.jdk.as_str().to_string();
        // Coordinates first: `${revision}` and friends may feed the version.
        let raw_lookup = |n: &str| -> Option<String> { lookup_base(n, props, &jdk) };
        let version = interpolate(&inh.version, &raw_lookup).0;
        let group = interpolate(&inh.group, &raw_lookup).0;
        let parent_version = interpolate(&inh.parent_version, &raw_lookup).0;
        let lookup = |n: &str| -> Option<String> {
            match n.strip_prefix("project.").or_else(|| n.strip_prefix("pom.")) {
                Some("version") => return Some(version.clone()),
                Some("groupId") => return Some(group.clone()),
                Some("artifactId") => return Some(inh.artifact.clone()),
                Some("packaging") => return Some(inh.packaging.clone()),
                Some("parent.version") => return Some(parent_version.clone()),
                Some("basedir") => return Some(".".into()),
                _ => {}
            }
            if let Some(v) = lookup_base(n, props, &jdk) {
                return Some(v);
            }
            match n {
                "version" => Some(version.clone()),
                "groupId" => Some(group.clone()),
                "artifactId" => Some(inh.artifact.clone()),
                "basedir" => Some(".".into()),
                _ => None,
            }
        };
        let mut problems = inh.problems.clone();
        let unresolved = |what: &str, missing: Vec<String>, origin: &Origin, problems: &mut Vec<Problem>| {
            for m in missing {
                problems.push(Problem {
                    message: format!("`${{{m}}}` in {what} is not defined in the POM, its parents or its profiles"),
                    help: format!("define `<{m}>` under `<properties>` or write the value"),
                    origin: origin.clone(),
                    fatal: true,
                });
            }
        };
        let to_dep = |d: &RawDep, path: &Arc<str>, in_source: bool, problems: &mut Vec<Problem>| -> Dep {
            let origin = Origin {
                path: Arc::clone(path),
                in_source,
                start: d.start,
                end: d.end,
                version: d.version.as_ref().map(|v| (v.start, v.end)),
            };
            let interp = |s: &str, what: &str, problems: &mut Vec<Problem>| -> String {
                let (v, missing) = interpolate(s, &lookup);
                unresolved(what, missing, &origin, problems);
                v
            };
            let g = interp(&d.group, "a groupId", problems);
            let a = interp(&d.artifact, "an artifactId", problems);
            let v = d.version.as_ref().map(|v| interp(&v.value, &format!("the version of `{g}:{a}`"), problems));
            Dep {
                key: DepKey {
                    group: g,
                    artifact: a,
                    kind: d.kind.as_deref().map(|k| interpolate(k, &lookup).0).unwrap_or_else(|| "jar".into()),
                    classifier: d
                        .classifier
                        .as_deref()
                        .map(|c| interpolate(c, &lookup).0)
                        .filter(|c| !c.is_empty())
                        .unwrap_or_else(|| default_classifier(d.kind.as_deref().unwrap_or("jar")).to_string()),
                },
                version: v.filter(|v| !v.is_empty()),
                scope: d.scope.as_deref().map(|s| interpolate(s, &lookup).0),
                optional: d.optional.as_deref().map(|o| interpolate(o, &lookup).0).as_deref() == Some("true"),
                exclusions: d.exclusions.clone(),
                origin,
                managed_by: None,
            }
        };
        let mut managed: Vec<Dep> = Vec::new();
        let mut imports: Vec<Dep> = Vec::new();
        for (d, path, src) in &inh.managed {
            let dep = to_dep(d, path, *src, &mut problems);
            if dep.scope.as_deref() == Some("import") && dep.key.kind == "pom" {
                imports.push(dep);
            } else {
                managed.push(dep);
            }
        }
        // Local entries beat every import; among imports the first declaration wins.
        let mut seen: HashSet<DepKey> = managed.iter().map(|d| d.key.clone()).collect();
        for imp in imports {
            let Some(v) = imp.version.clone() else {
                problems.push(Problem {
                    message: format!("imported BOM `{}` has no version", imp.key.ga()),
                    help: "give the `<scope>import</scope>` entry a `<version>`".into(),
                    origin: imp.origin.clone(),
                    fatal: true,
                });
                continue;
            };
            match self.repo_model(&imp.key.group, &imp.key.artifact, &v) {
                Ok(bom) => {
                    for m in &bom.managed {
                        if seen.insert(m.key.clone()) {
                            let mut m = m.clone();
                            // Findings about an imported entry point at the import line of this POM.
                            m.managed_by = Some(imp.origin.clone());
                            managed.push(m);
                        }
                    }
                    problems.extend(bom.problems.iter().filter(|p| p.fatal).cloned());
                }
                Err(why) => problems.push(Problem {
                    message: format!("imported BOM `{}:{v}` is {why} in the local repository", imp.key.ga()),
                    help: "install the BOM or fix its coordinates".into(),
                    origin: imp.origin.clone(),
                    fatal: true,
                }),
            }
        }
        let by_key: HashMap<&DepKey, &Dep> = managed.iter().rev().map(|d| (&d.key, d)).collect();
        let mut dependencies = Vec::new();
        for (d, path, src) in &inh.dependencies {
            let mut dep = to_dep(d, path, *src, &mut problems);
            if let Some(m) = by_key.get(&dep.key) {
                if dep.version.is_none() {
                    dep.version = m.version.clone();
                    dep.managed_by = Some(m.managed_by.clone().unwrap_or_else(|| m.origin.clone()));
                }
                if dep.scope.is_none() {
                    dep.scope = m.scope.clone();
                }
                if dep.exclusions.is_empty() {
                    dep.exclusions = m.exclusions.clone();
                }
            }
            dependencies.push(dep);
        }
        let raw = &loaded.raw;
        let mut modules = raw.body.modules.clone();
        for p in self.active_profiles(raw) {
            modules.extend(p.body.modules.iter().cloned());
        }
        let relocation = raw.relocation.as_ref().map(|(g, a, v)| {
            (
                g.clone().unwrap_or_else(|| group.clone()),
                a.clone().unwrap_or_else(|| inh.artifact.clone()),
                v.clone().unwrap_or_else(|| version.clone()),
            )
        });
        Effective {
            group: group.clone(),
            artifact: inh.artifact.clone(),
            version: version.clone(),
            packaging: inh.packaging.clone(),
            path: Arc::clone(&loaded.path),
            in_source: loaded.in_source,
            dependencies,
            managed,
            modules,
            relocation,
            problems,
        }
    }
}

/// Whether a profile's activation holds offline: JDK conditions against `[jar] jdk`; no user or system
/// property is known, so `!name` holds and `name` does not; OS and file conditions are not evaluated (off).
pub fn activates(a: &Activation, jdk: &Version) -> bool {
    if a.unsupported {
        return false;
    }
    let mut any = false;
    if let Some(cond) = &a.jdk {
        any = true;
        let (neg, spec) = match cond.strip_prefix('!') {
            Some(s) => (true, s.trim()),
            None => (false, cond.trim()),
        };
        let hit = if spec.starts_with('[') || spec.starts_with('(') {
            VersionSpec::parse(spec).is_some_and(|r| r.contains(jdk))
        } else {
            jdk.as_str().starts_with(spec)
        };
        if hit == neg {
            return false;
        }
    }
    if let Some((name, value)) = &a.property {
        any = true;
        // No user or system property is known offline, so every property is absent: `!name` holds, and so
        // does `name` with `!value` (an absent property is not equal to the value); everything else does not.
        let holds = name.starts_with('!') || value.as_deref().is_some_and(|v| v.starts_with('!'));
        if !holds {
            return false;
        }
    }
    any
}

/// The classifier an artifact type implies (Maven's artifact handlers): `test-jar` is the `tests` jar.
fn default_classifier(kind: &str) -> &'static str {
    match kind {
        "test-jar" => "tests",
        "ejb-client" => "client",
        "javadoc" => "javadoc",
        "java-source" => "sources",
        _ => "",
    }
}

fn last_wins(list: Vec<RawDep>) -> Vec<RawDep> {
    let mut at: HashMap<(String, String, String, String), usize> = HashMap::new();
    let mut out: Vec<RawDep> = Vec::with_capacity(list.len());
    for d in list {
        match at.get(&raw_key(&d)) {
            Some(&i) => out[i] = d,
            None => {
                at.insert(raw_key(&d), out.len());
                out.push(d);
            }
        }
    }
    out
}

fn lookup_base(n: &str, props: &BTreeMap<String, String>, jdk: &str) -> Option<String> {
    if let Some(v) = props.get(n) {
        return Some(v.clone());
    }
    match n {
        "java.version" => Some(jdk.to_string()),
        _ => None,
    }
}

/// Replaces `${name}` recursively; returns the text and the names that could not be resolved (left as
/// written). Cycles and runaway expansion stop at a fixed depth.
pub fn interpolate(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> (String, Vec<String>) {
    let mut missing = Vec::new();
    let out = expand(text, lookup, &mut Vec::new(), &mut missing);
    (out, missing)
}

#[allow(clippy::string_slice, reason = "offsets are `find`s of ASCII `${` and `}` in the same str, or just past them")]
fn expand(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    stack: &mut Vec<String>,
    missing: &mut Vec<String>,
) -> String {
    if !text.contains("${") {
        return text.to_string();
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(j) = after.find('}') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let name = &after[..j];
        let value =
            if stack.iter().any(|s| s == name) || stack.len() > 32 || out.len() > 65_536 { None } else { lookup(name) };
        match value {
            Some(v) => {
                stack.push(name.to_string());
                out.push_str(&expand(&v, lookup, stack, missing));
                stack.pop();
            }
            None => {
                if !missing.iter().any(|m| m == name) {
                    missing.push(name.to_string());
                }
                out.push_str(&rest[i..i + 2 + j + 1]);
            }
        }
        rest = &after[j + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_is_recursive_and_cycle_safe() {
        let props: HashMap<&str, &str> = [("a", "${b}.0"), ("b", "1"), ("x", "${y}"), ("y", "${x}")].into();
        let f = |n: &str| props.get(n).map(|s| (*s).to_string());
        assert_eq!(interpolate("v${a}", &f), ("v1.0".to_string(), vec![]));
        let (v, missing) = interpolate("${x}", &f);
        assert!(v.contains("${"));
        assert!(!missing.is_empty());
        assert_eq!(interpolate("${nope}", &f).1, vec!["nope".to_string()]);
    }
}
