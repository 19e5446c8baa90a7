//! The effective Maven model of a POM: profiles activated in the POM's own context, parents merged
//! (relativePath first when its coordinates match, then the local repository), properties interpolated
//! after inheritance, import-scope BOMs expanded in their own context (first import wins, local entries
//! beat imports), and dependencyManagement injected into the POM's own version-less dependencies.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use precheck_core::FileSource;

use crate::pom::{Activation, Exclusion, RawDep, RawPom};
use crate::repo::{LocalRepo, artifact_path, normalise};
use crate::version::{Version, VersionSpec};

/// Where a declaration was read: a file of the checked revision (`in_source`) or of the local repository.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
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
    raw: Arc<RawPom>,
    path: Arc<str>,
    in_source: bool,
    /// The cache key it was loaded under (`src:…` or `repo:…`): what identifies a POM in a parent chain.
    key: String,
}

/// A dependency as written, with the POM that declares it (display path, in the checked revision).
type Declared = (RawDep, Arc<str>, bool);

/// The raw, inherited (not yet interpolated) view of a POM and its parents. Built once per POM and shared:
/// a child reuses its parent's lists and properties unless it adds to them, so a deep parent chain costs
/// what its POMs add, not depth × depth.
#[derive(Clone, Debug, Default)]
struct Inherited {
    group: String,
    artifact: String,
    version: String,
    packaging: String,
    parent_version: String,
    properties: Rc<Props>,
    dependencies: Rc<Vec<Declared>>,
    managed: Rc<Vec<Declared>>,
    problems: Rc<Vec<Problem>>,
}

/// A property value and where it is defined.
#[derive(Clone, Debug)]
pub struct Prop {
    pub value: String,
    pub origin: Origin,
}

/// Properties after inheritance, as a persistent map: a child's view is its parent's with its own
/// properties inserted by path copying, so a parent chain of any depth costs what its POMs add (times a
/// logarithm), never depth × depth, and every view stays readable in O(log n). The tree is a binary search
/// tree on a per-process randomly seeded hash of the name, so no input can make it deep.
#[derive(Clone, Debug, Default)]
pub struct Props {
    root: Option<Rc<PropNode>>,
}

#[derive(Debug)]
struct PropNode {
    hash: u64,
    name: String,
    prop: Prop,
    left: Option<Rc<PropNode>>,
    right: Option<Rc<PropNode>>,
}

fn name_hash(name: &str) -> u64 {
    use std::hash::BuildHasher;
    static SEED: std::sync::OnceLock<std::hash::RandomState> = std::sync::OnceLock::new();
    SEED.get_or_init(std::hash::RandomState::new).hash_one(name)
}

impl Props {
    /// The value a POM sees: its own over its parents'.
    pub fn get(&self, name: &str) -> Option<&Prop> {
        let hash = name_hash(name);
        let mut cur = self.root.as_deref();
        while let Some(n) = cur {
            match (hash, name).cmp(&(n.hash, n.name.as_str())) {
                std::cmp::Ordering::Equal => return Some(&n.prop),
                std::cmp::Ordering::Less => cur = n.left.as_deref(),
                std::cmp::Ordering::Greater => cur = n.right.as_deref(),
            }
        }
        None
    }

    /// This view with `name` set to `prop`: the nodes on the way down are copied, the rest shared.
    fn with(&self, name: String, prop: Prop) -> Props {
        let hash = name_hash(&name);
        // The way down: each node passed and the side taken.
        let mut path: Vec<(&PropNode, bool)> = Vec::new();
        let mut cur = self.root.as_deref();
        let mut replaced: Option<&PropNode> = None;
        while let Some(n) = cur {
            match (hash, name.as_str()).cmp(&(n.hash, n.name.as_str())) {
                std::cmp::Ordering::Equal => {
                    replaced = Some(n);
                    break;
                }
                std::cmp::Ordering::Less => {
                    path.push((n, true));
                    cur = n.left.as_deref();
                }
                std::cmp::Ordering::Greater => {
                    path.push((n, false));
                    cur = n.right.as_deref();
                }
            }
        }
        let (left, right) = replaced.map_or((None, None), |n| (n.left.clone(), n.right.clone()));
        let mut built = Rc::new(PropNode { hash, name, prop, left, right });
        while let Some((n, went_left)) = path.pop() {
            let (left, right) = if went_left { (Some(built), n.right.clone()) } else { (n.left.clone(), Some(built)) };
            built = Rc::new(PropNode { hash: n.hash, name: n.name.clone(), prop: n.prop.clone(), left, right });
        }
        Props { root: Some(built) }
    }

    /// `own` over `parent`.
    fn child(parent: Option<Rc<Props>>, own: BTreeMap<String, Prop>) -> Rc<Props> {
        match parent {
            Some(p) if own.is_empty() => p,
            parent => {
                let mut props = parent.map(|p| (*p).clone()).unwrap_or_default();
                for (name, prop) in own {
                    props = props.with(name, prop);
                }
                Rc::new(props)
            }
        }
    }
}

impl Drop for PropNode {
    /// Frees a tree without recursing: the default drop recurses once per level.
    fn drop(&mut self) {
        let mut stack: Vec<Rc<PropNode>> = Vec::new();
        stack.extend(self.left.take());
        stack.extend(self.right.take());
        while let Some(n) = stack.pop() {
            if let Ok(mut n) = Rc::try_unwrap(n) {
                stack.extend(n.left.take());
                stack.extend(n.right.take());
            }
        }
    }
}

/// What one POM adds to what it inherits: its body with the active profiles merged in, and its parent.
struct Own {
    loaded: Rc<Loaded>,
    properties: BTreeMap<String, Prop>,
    dependencies: Vec<RawDep>,
    managed: Vec<RawDep>,
    /// `<parent>` as `g:a:v` (the version read with the POM's own properties), where it is written, and
    /// that version.
    parent: Option<(String, Origin, String)>,
}

/// How a walk up a parent chain ended.
enum Top {
    /// The last POM walked has no parent.
    Root,
    /// Its parent is already built.
    Cached(Rc<Inherited>),
    /// Its parent could not be found; the problem goes on the last POM walked.
    Missing(Problem),
    /// Its parent is the POM walked at this position: those from there on form a cycle.
    Cycle(usize),
}

fn raw_key(d: &RawDep) -> (String, String, String, String) {
    (
        d.group.clone(),
        d.artifact.clone(),
        d.kind.clone().unwrap_or_else(|| "jar".into()),
        d.classifier.clone().unwrap_or_default(),
    )
}

/// The versions of one artifact in the local repository.
type Versions = Rc<Vec<String>>;

/// Builds and caches effective models for one run.
pub struct Builder<'a> {
    source: &'a dyn FileSource,
    repo: &'a LocalRepo,
    jdk: Version,
    raw: RefCell<HashMap<String, Option<Rc<Loaded>>>>,
    effective: RefCell<HashMap<String, Option<Rc<Effective>>>>,
    /// The inherited view of each POM met, by load key.
    inherited: RefCell<HashMap<String, Rc<Inherited>>>,
    /// Dependency keys shared by every resolution of the run.
    keys: RefCell<HashMap<DepKey, Rc<DepKey>>>,
    /// Versions in the local repository by `(group, artifact)`.
    versions: RefCell<HashMap<(String, String), Versions>>,
    /// POMs being built right now (parents and BOMs), to cut cycles.
    building: RefCell<Vec<String>>,
    /// The checked revision's POMs by `(groupId, artifactId)`: (path, version as written), so that a BOM a
    /// module imports from its own reactor resolves from source, as in a reactor build.
    source_poms: RefCell<HashMap<(String, String), Vec<SourcePom>>>,
    /// Why a repository POM could not be loaded (missing or malformed), by repository path.
    pub failures: RefCell<BTreeMap<String, String>>,
}

/// A POM of the checked revision: its path and its version as written.
type SourcePom = (String, Option<String>);

/// How deep BOMs may import BOMs (each level is a nested model build).
pub const MAX_IMPORT_DEPTH: usize = 32;

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
            inherited: RefCell::new(HashMap::new()),
            keys: RefCell::new(HashMap::new()),
            versions: RefCell::new(HashMap::new()),
            building: RefCell::new(Vec::new()),
            source_poms: RefCell::new(HashMap::new()),
            failures: RefCell::new(BTreeMap::new()),
        }
    }

    pub fn source(&self) -> &'a dyn FileSource {
        self.source
    }

    pub fn repo(&self) -> &'a LocalRepo {
        self.repo
    }

    /// One shared copy of each dependency key met in resolution: a large reactor's graphs name the same
    /// artifacts over and over.
    pub fn key(&self, key: &DepKey) -> Rc<DepKey> {
        if let Some(hit) = self.keys.borrow().get(key) {
            return Rc::clone(hit);
        }
        let shared = Rc::new(key.clone());
        self.keys.borrow_mut().insert(key.clone(), Rc::clone(&shared));
        shared
    }

    /// The versions of `group:artifact` in the local repository, listed once per run.
    pub fn versions(&self, group: &str, artifact: &str) -> Versions {
        let key = (group.to_string(), artifact.to_string());
        if let Some(hit) = self.versions.borrow().get(&key) {
            return Rc::clone(hit);
        }
        let list = Rc::new(self.repo.versions(self.source, group, artifact));
        self.versions.borrow_mut().insert(key, Rc::clone(&list));
        list
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
            Ok(raw) => Ok(Rc::new(Loaded { raw: Arc::new(raw), path: display, in_source, key: key.clone() })),
            Err(e) => {
                self.failures.borrow_mut().insert(key.clone(), e.clone());
                Err(e)
            }
        };
        self.raw.borrow_mut().insert(key, out.as_ref().ok().cloned());
        out
    }

    /// Hands over a POM of the checked revision already parsed (the reactor scan reads every one), so it is
    /// not read and parsed a second time.
    pub fn seed_source(&self, path: &str, raw: Arc<RawPom>) {
        let group = raw.group.clone().or_else(|| raw.parent.as_ref().map(|p| p.group.clone()));
        if let Some(group) = group {
            let version = raw.version.clone().or_else(|| raw.parent.as_ref().map(|p| p.version.clone()));
            let list = (group, raw.artifact.clone());
            self.source_poms.borrow_mut().entry(list).or_default().push((path.to_string(), version));
        }
        let key = format!("src:{path}");
        let loaded = Loaded { raw, path: Arc::from(path), in_source: true, key: key.clone() };
        self.raw.borrow_mut().entry(key).or_insert_with(|| Some(Rc::new(loaded)));
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
        if self.building.borrow().contains(&key) {
            return Err("a cycle of parents or imports".into());
        }
        let loaded = self.load_source(path)?;
        self.building.borrow_mut().push(key.clone());
        let eff = Rc::new(self.build(&loaded));
        self.building.borrow_mut().retain(|k| k != &key);
        self.effective.borrow_mut().insert(key, Some(Rc::clone(&eff)));
        Ok(eff)
    }

    /// The POM of the checked revision with these coordinates, when exactly one has them: its version as
    /// written matches, or holds an expression (`${revision}`), as Maven's reactor accepts CI-friendly versions.
    fn source_pom(&self, group: &str, artifact: &str, version: &str) -> Option<String> {
        let poms = self.source_poms.borrow();
        let list = poms.get(&(group.to_string(), artifact.to_string()))?;
        let fits = |v: &Option<String>| v.as_deref().is_none_or(|v| v == version || v.contains("${"));
        let mut hits = list.iter().filter(|(_, v)| fits(v));
        match (hits.next(), hits.next()) {
            (Some((path, _)), None) => Some(path.clone()),
            _ => None,
        }
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

    /// What `loaded` adds itself: its body with its active profiles, and its `<parent>` reference.
    fn own(&self, loaded: &Rc<Loaded>) -> Own {
        let raw = &loaded.raw;
        let here =
            Origin { path: Arc::clone(&loaded.path), in_source: loaded.in_source, start: 0, end: 0, version: None };
        let prop = |value: &String, at: Option<&(usize, usize)>| Prop {
            value: value.clone(),
            origin: at.map_or_else(|| here.clone(), |&(start, end)| Origin { start, end, ..here.clone() }),
        };
        let mut properties: BTreeMap<String, Prop> =
            raw.body.properties.iter().map(|(k, v)| (k.clone(), prop(v, raw.body.property_at.get(k)))).collect();
        let mut dependencies = raw.body.dependencies.clone();
        let mut managed = raw.body.managed.clone();
        for p in self.active_profiles(raw) {
            properties.extend(p.body.properties.iter().map(|(k, v)| (k.clone(), prop(v, p.body.property_at.get(k)))));
            dependencies.extend(p.body.dependencies.iter().cloned());
            managed.extend(p.body.managed.iter().cloned());
        }
        // A key declared twice keeps the first one's position and the last one's content, as Maven's model
        // normaliser does (a LinkedHashMap keyed by management key).
        let dependencies = last_wins(dependencies);
        let managed = last_wins(managed);
        let parent = raw.parent.as_ref().map(|pref| {
            // CI-friendly versions: a `${revision}` parent version is read with the child's own properties.
            let pversion = interpolate(&pref.version, &|n| properties.get(n).map(|p| p.value.clone())).0;
            let id = format!("{}:{}:{}", pref.group, pref.artifact, pversion);
            (id, Origin { start: pref.start, end: pref.end, ..here }, pversion)
        });
        Own { loaded: Rc::clone(loaded), properties, dependencies, managed, parent }
    }

    /// The inherited view of `start`: its parent chain is walked up iteratively until a POM already built,
    /// one without a parent, a missing parent or a cycle, then folded back down, each POM's view kept for
    /// the next chain that meets it. Chains may be arbitrarily deep (jar.md §2.3). Each POM of a cycle gets
    /// its own view plus the cycle, reported at its `<parent>`.
    fn inherited(&self, start: &Rc<Loaded>) -> Rc<Inherited> {
        if let Some(hit) = self.inherited.borrow().get(&start.key) {
            return Rc::clone(hit);
        }
        let mut walk: Vec<Own> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        let mut cur = Rc::clone(start);
        let top = loop {
            at.insert(cur.key.clone(), walk.len());
            let own = self.own(&cur);
            // `own.parent` is read from `cur.raw.parent`: both are there or neither.
            let (Some((id, origin, pversion)), Some(pref)) = (own.parent.clone(), cur.raw.parent.as_ref()) else {
                walk.push(own);
                break Top::Root;
            };
            walk.push(own);
            match self.find_parent(&cur, pref, &pversion) {
                Err(why) => {
                    break Top::Missing(Problem {
                        message: format!("parent `{id}` is {why} in the local repository"),
                        help: "install the parent (`mvn install` in its project) or fix `<relativePath>`".into(),
                        origin,
                        fatal: true,
                    });
                }
                Ok(p) => {
                    if let Some(&i) = at.get(&p.key) {
                        break Top::Cycle(i);
                    }
                    if let Some(hit) = self.inherited.borrow().get(&p.key) {
                        break Top::Cached(Rc::clone(hit));
                    }
                    cur = p;
                }
            }
        };
        let (mut parent, mut problem) = match top {
            Top::Root => (None, None),
            Top::Cached(p) => (Some(p), None),
            Top::Missing(problem) => (None, Some(problem)),
            Top::Cycle(i) => {
                // Each member of the cycle stands alone, with the cycle reported at its own `<parent>`.
                let mut first = None;
                for own in walk.drain(i..) {
                    let (id, origin, _) = own.parent.clone().unwrap_or_default();
                    let problem = Problem {
                        message: format!("parent cycle through `{id}`"),
                        help: "break the cycle of `<parent>` declarations".into(),
                        origin,
                        fatal: true,
                    };
                    let key = own.loaded.key.clone();
                    let inh = Rc::new(fold(own, None, Some(problem)));
                    first.get_or_insert_with(|| Rc::clone(&inh));
                    self.inherited.borrow_mut().insert(key, inh);
                }
                // The POM below the cycle inherits from its first member.
                (first, None)
            }
        };
        while let Some(own) = walk.pop() {
            let key = own.loaded.key.clone();
            let inh = Rc::new(fold(own, parent.take(), problem.take()));
            self.inherited.borrow_mut().insert(key, Rc::clone(&inh));
            parent = Some(inh);
        }
        self.inherited.borrow().get(&start.key).cloned().unwrap_or_default()
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

    fn build(&self, loaded: &Rc<Loaded>) -> Effective {
        let inh = self.inherited(loaded);
        let props = inh.properties.as_ref();
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
        let mut problems: Vec<Problem> = inh.problems.to_vec();
        let interpolator = Interpolator::new(&lookup);
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
                let r = interpolator.expand(s);
                unresolved(what, r.missing, &origin, problems);
                if let Some(name) = r.too_large {
                    problems.push(too_large_problem(&name, props, &origin));
                }
                r.text
            };
            let g = interp(&d.group, "a groupId", problems);
            let a = interp(&d.artifact, "an artifactId", problems);
            let v = d.version.as_ref().map(|v| interp(&v.value, &format!("the version of `{g}:{a}`"), problems));
            Dep {
                key: DepKey {
                    group: g,
                    artifact: a,
                    kind: d.kind.as_deref().map(|k| interpolator.expand(k).text).unwrap_or_else(|| "jar".into()),
                    classifier: d
                        .classifier
                        .as_deref()
                        .map(|c| interpolator.expand(c).text)
                        .filter(|c| !c.is_empty())
                        .unwrap_or_else(|| default_classifier(d.kind.as_deref().unwrap_or("jar")).to_string()),
                },
                version: v.filter(|v| !v.is_empty()),
                scope: d.scope.as_deref().map(|s| interpolator.expand(s).text),
                optional: d.optional.as_deref().map(|o| interpolator.expand(o).text).as_deref() == Some("true"),
                exclusions: d.exclusions.clone(),
                origin,
                managed_by: None,
            }
        };
        let mut managed: Vec<Dep> = Vec::new();
        let mut imports: Vec<Dep> = Vec::new();
        for (d, path, src) in inh.managed.iter() {
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
            // Imports nest below the module's own build when that is a POM of the revision (on the stack too);
            // a reactor BOM importing reactor BOMs counts like any other import.
            let building = self.building.borrow();
            let nested = building.len() - usize::from(building.first().is_some_and(|k| k.starts_with("src:")));
            drop(building);
            if nested >= MAX_IMPORT_DEPTH {
                // BOMs importing BOMs are built recursively: a bound keeps a hostile chain off the stack.
                problems.push(Problem {
                    message: format!(
                        "imported BOM `{}:{v}` is not read: BOM imports nest deeper than {MAX_IMPORT_DEPTH} levels here",
                        imp.key.ga()
                    ),
                    help: "import the BOMs you need directly; the entries of deeper imports are not checked".into(),
                    origin: imp.origin.clone(),
                    fatal: true,
                });
                continue;
            }
            // A BOM of the same reactor is built from source, as the reactor build would.
            let bom = match self.source_pom(&imp.key.group, &imp.key.artifact, &v) {
                Some(path) => self.source_model(&path),
                None => self.repo_model(&imp.key.group, &imp.key.artifact, &v),
            };
            match bom {
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
        for (d, path, src) in inh.dependencies.iter() {
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

/// One POM's view: what it adds over its parent's (shared, not copied, where it adds nothing).
fn fold(own: Own, parent: Option<Rc<Inherited>>, problem: Option<Problem>) -> Inherited {
    let loaded = &own.loaded;
    let raw = &loaded.raw;
    let declared = |list: Vec<RawDep>| -> Vec<Declared> {
        list.into_iter().map(|d| (d, Arc::clone(&loaded.path), loaded.in_source)).collect()
    };
    // Child's own dependencies first, then the parent's it does not redeclare.
    let merge = |mine: Vec<Declared>, theirs: Option<&Rc<Vec<Declared>>>| -> Rc<Vec<Declared>> {
        match theirs {
            None => Rc::new(mine),
            Some(t) if mine.is_empty() => Rc::clone(t),
            Some(t) => {
                let keys: HashSet<_> = mine.iter().map(|(d, _, _)| raw_key(d)).collect();
                let mut all = mine;
                all.extend(t.iter().filter(|(d, _, _)| !keys.contains(&raw_key(d))).cloned());
                Rc::new(all)
            }
        }
    };
    let mut out = Inherited { artifact: raw.artifact.clone(), ..Inherited::default() };
    out.dependencies = merge(declared(own.dependencies), parent.as_ref().map(|p| &p.dependencies));
    out.managed = merge(declared(own.managed), parent.as_ref().map(|p| &p.managed));
    out.properties = Props::child(parent.as_ref().map(|p| Rc::clone(&p.properties)), own.properties);
    out.problems = match (&parent, problem) {
        (Some(p), None) => Rc::clone(&p.problems),
        (Some(p), Some(pr)) => {
            let mut all = vec![pr];
            all.extend(p.problems.iter().cloned());
            Rc::new(all)
        }
        (None, pr) => Rc::new(pr.into_iter().collect()),
    };
    if let Some(p) = &parent {
        out.group = p.group.clone();
        out.version = p.version.clone();
        out.parent_version = p.version.clone();
    }
    if let Some(g) = &raw.group {
        out.group = g.clone();
    }
    if let Some(v) = &raw.version {
        out.version = v.clone();
    }
    out.packaging = raw.packaging.clone().unwrap_or_else(|| "jar".into());
    out
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

/// A value that expands past the bounds: one finding at the property's definition (the module's declaration
/// when the property is not in the checked revision).
fn too_large_problem(name: &str, props: &Props, used_at: &Origin) -> Problem {
    let origin = props.get(name).map(|p| p.origin.clone()).filter(|o| o.in_source).unwrap_or_else(|| used_at.clone());
    Problem {
        message: format!(
            "property `{name}` expands beyond {} KiB or {MAX_SUBSTITUTIONS} substitutions: not resolved",
            MAX_EXPANDED / 1024
        ),
        help: "write the value, or define it without references that repeat one another".into(),
        origin,
        fatal: true,
    }
}

fn lookup_base(n: &str, props: &Props, jdk: &str) -> Option<String> {
    if let Some(v) = props.get(n) {
        return Some(v.value.clone());
    }
    match n {
        "java.version" => Some(jdk.to_string()),
        _ => None,
    }
}

/// The most bytes one interpolated value may expand to; past it the value is left as written.
pub const MAX_EXPANDED: usize = 64 * 1024;
/// The most `${…}` substitutions one value may take (memoised ones count once each time they are used).
pub const MAX_SUBSTITUTIONS: usize = 4096;
/// References nested deeper than this are cut as a cycle is (a chain `a → b → … ` this long is not a POM).
const MAX_NESTING: usize = 1024;

/// What interpolating one value gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interpolated {
    /// The text, or the text as written when it expands beyond the bounds.
    pub text: String,
    /// Names that nothing defines (or that refer back to themselves), left as written.
    pub missing: Vec<String>,
    /// The outermost property whose expansion went past [`MAX_EXPANDED`] or [`MAX_SUBSTITUTIONS`].
    pub too_large: Option<String>,
}

/// What a name expanded to, remembered for the rest of an [`Interpolator`]'s life.
#[derive(Clone, Debug)]
enum Memo {
    Value(Rc<str>, Rc<[String]>),
    TooLarge,
}

/// Expands `${name}` references against one lookup, iteratively (an explicit stack, never recursion) and
/// memoised per name, so doubling references (`p0=${p1}${p1}`, `p1=${p2}${p2}`, …) cost one expansion per
/// name and stop at [`MAX_EXPANDED`] bytes instead of doubling 2^n times.
pub struct Interpolator<'l> {
    lookup: &'l dyn Fn(&str) -> Option<String>,
    memo: RefCell<HashMap<String, Memo>>,
}

/// One value being expanded: the text, where the scan is, what it produced so far.
struct Frame {
    name: Option<String>,
    text: String,
    pos: usize,
    out: String,
    missing: Vec<String>,
    /// A reference inside was cut because it named a property being expanded: the result depends on
    /// where the expansion started, so it is not remembered.
    cut: bool,
}

fn add_missing(list: &mut Vec<String>, name: &str) {
    if !list.iter().any(|m| m == name) {
        list.push(name.to_string());
    }
}

impl<'l> Interpolator<'l> {
    pub fn new(lookup: &'l dyn Fn(&str) -> Option<String>) -> Interpolator<'l> {
        Interpolator { lookup, memo: RefCell::new(HashMap::new()) }
    }

    /// Expands every `${name}` of `text`.
    #[allow(
        clippy::string_slice,
        reason = "offsets are `find`s of ASCII `${` and `}` in the same str, or just past them"
    )]
    pub fn expand(&self, text: &str) -> Interpolated {
        if !text.contains("${") {
            return Interpolated { text: text.to_string(), ..Interpolated::default() };
        }
        let mut memo = self.memo.borrow_mut();
        let mut stack: Vec<Frame> = vec![Frame {
            name: None,
            text: text.to_string(),
            pos: 0,
            out: String::new(),
            missing: Vec::new(),
            cut: false,
        }];
        let mut substitutions = 0usize;
        loop {
            let depth = stack.len();
            let Some(top) = stack.last_mut() else { break };
            let rest = &top.text[top.pos..];
            let found = rest.find("${").and_then(|i| rest[i + 2..].find('}').map(|j| (i, j)));
            let Some((i, j)) = found else {
                // This frame is done: hand its output to the one below.
                top.out.push_str(rest);
                let Some(done) = stack.pop() else { break };
                let Some(below) = stack.last_mut() else {
                    return Interpolated { text: done.out, missing: done.missing, too_large: None };
                };
                let name = done.name.unwrap_or_default();
                if !done.cut {
                    memo.insert(name, Memo::Value(Rc::from(done.out.as_str()), Rc::from(done.missing.as_slice())));
                }
                below.out.push_str(&done.out);
                for m in &done.missing {
                    add_missing(&mut below.missing, m);
                }
                below.cut |= done.cut;
                if below.out.len() > MAX_EXPANDED {
                    return too_large(text, &stack, &mut memo);
                }
                continue;
            };
            let literal_end = top.pos + i;
            let name = top.text[literal_end + 2..literal_end + 2 + j].to_string();
            top.out.push_str(&top.text[top.pos..literal_end]);
            top.pos = literal_end + 2 + j + 1;
            substitutions += 1;
            if substitutions > MAX_SUBSTITUTIONS {
                let mut r = too_large(text, &stack, &mut memo);
                // Thousands of references written in the value itself: name the one that went past.
                r.too_large.get_or_insert(name);
                return r;
            }
            match memo.get(&name) {
                Some(Memo::Value(v, missing)) => {
                    top.out.push_str(v);
                    for m in missing.iter() {
                        add_missing(&mut top.missing, m);
                    }
                }
                Some(Memo::TooLarge) => {
                    let mut stack = stack;
                    stack.push(Frame {
                        name: Some(name),
                        text: String::new(),
                        pos: 0,
                        out: String::new(),
                        missing: Vec::new(),
                        cut: false,
                    });
                    return too_large(text, &stack, &mut memo);
                }
                None => {
                    let on_stack = stack.iter().any(|f| f.name.as_deref() == Some(name.as_str()));
                    let value = if on_stack || depth > MAX_NESTING { None } else { (self.lookup)(&name) };
                    let Some(top) = stack.last_mut() else { break };
                    match value {
                        Some(v) => {
                            stack.push(Frame {
                                name: Some(name),
                                text: v,
                                pos: 0,
                                out: String::new(),
                                missing: Vec::new(),
                                cut: false,
                            });
                            continue;
                        }
                        None => {
                            // Left as written: undefined, or a reference back into its own expansion.
                            top.cut |= on_stack || depth > MAX_NESTING;
                            top.out.push_str("${");
                            top.out.push_str(&name);
                            top.out.push('}');
                            add_missing(&mut top.missing, &name);
                        }
                    }
                }
            }
            if stack.last().is_some_and(|top| top.out.len() > MAX_EXPANDED) {
                return too_large(text, &stack, &mut memo);
            }
        }
        Interpolated { text: text.to_string(), ..Interpolated::default() }
    }
}

/// Gives up on a value past the bounds: every property being expanded is too large from here on, and the
/// value stays as written, naming the outermost one.
fn too_large(text: &str, stack: &[Frame], memo: &mut HashMap<String, Memo>) -> Interpolated {
    for f in stack {
        if let Some(n) = &f.name {
            memo.insert(n.clone(), Memo::TooLarge);
        }
    }
    Interpolated { text: text.to_string(), missing: Vec::new(), too_large: stack.iter().find_map(|f| f.name.clone()) }
}

/// Replaces `${name}` recursively; returns the text and the names that could not be resolved (left as
/// written). Cycles are cut; a value expanding past the bounds is left as written (see [`Interpolator`]).
pub fn interpolate(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> (String, Vec<String>) {
    let r = Interpolator::new(lookup).expand(text);
    (r.text, r.missing)
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

    #[test]
    fn interpolation_stops_at_the_bounds_and_names_the_property() {
        // Doubling: 2^40 bytes as written, one expansion per name until 64 KiB.
        let f = |n: &str| -> Option<String> {
            let i: u32 = n.strip_prefix('p')?.parse().ok()?;
            Some(if i == 40 { "x".into() } else { format!("${{p{j}}}${{p{j}}}", j = i + 1) })
        };
        let it = Interpolator::new(&f);
        let r = it.expand("1.${p0}");
        assert_eq!((r.text.as_str(), r.too_large.as_deref()), ("1.${p0}", Some("p0")));
        // p23 is 128 KiB: past the bound; p24 is 64 KiB: expanded whole.
        assert_eq!(it.expand("${p23}").too_large.as_deref(), Some("p23"));
        assert_eq!(it.expand("${p24}").text.len(), MAX_EXPANDED);
        // Thousands of references written in the value itself: the bound names the reference.
        let many = "${p40}".repeat(MAX_SUBSTITUTIONS + 1);
        assert_eq!(Interpolator::new(&f).expand(&many).too_large.as_deref(), Some("p40"));
        // An undefined name inside a remembered expansion is reported each time it is used.
        let g = |n: &str| (n == "a").then(|| "${undefined}".to_string());
        let it = Interpolator::new(&g);
        assert_eq!(it.expand("${a}").missing, ["undefined"]);
        assert_eq!(it.expand("${a}").missing, ["undefined"]);
    }
}
