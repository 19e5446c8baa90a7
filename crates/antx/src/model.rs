//! The model precheck builds of a repository's Antx configuration (antx.md §2): packages, descriptors,
//! templates as autoconfig resolves them, and the properties each package is configured with.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use encoding_rs::Encoding;
use precheck_core::text::{self, LineIndex};
use precheck_core::{FileSource, Span};

use crate::config::{KNOWN_SYSTEM_PROPERTIES, Settings};
use crate::descriptor::{self, Parsed};
use crate::props::{self, Entry};
use crate::velocity::{self, Scan};

/// A file the model read, decoded, with its line index.
#[derive(Debug)]
pub struct SourceFile {
    pub path: Arc<str>,
    pub bytes: Vec<u8>,
    pub text: String,
    pub index: LineIndex,
    pub encoding: &'static Encoding,
    /// The XML-declared encoding label, as written.
    pub declared: Option<String>,
    /// Raw byte offset of the first sequence that did not decode.
    pub malformed_at: Option<usize>,
}

impl SourceFile {
    fn new(path: &str, bytes: Vec<u8>) -> SourceFile {
        let decoded = text::decode(&bytes);
        let text = decoded.text.into_owned();
        let (encoding, declared, malformed_at) = (decoded.encoding, decoded.declared, decoded.malformed_at);
        let index = LineIndex::new(&text);
        SourceFile { path: Arc::from(path), bytes, text, index, encoding, declared, malformed_at }
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        let end = range.end.min(self.text.len());
        self.index.span(&self.path, &self.text, range.start.min(end)..end)
    }

    /// The whole of 1-based line `line`, without its terminator.
    pub fn line(&self, line: u32) -> Span {
        self.index.lines_span(&self.path, &self.text, line, line)
    }

    /// The file as a whole (line 1, column 1).
    pub fn whole(&self) -> Span {
        Span::file(Arc::clone(&self.path))
    }
}

/// What kind of artifact a descriptor's sources end up in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `…/src/main/webapp`: the war root; `WEB-INF/classes/` is `src/main/resources/`.
    War,
    /// `…/src/main/resources`: the jar root.
    Jar,
    /// The directory holding `META-INF` or `conf`, or the descriptor's own directory.
    Plain,
}

/// Where a descriptor sits in its artifact.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The artifact root in the repository (`svc/src/main/webapp`), `""` for the repository root.
    pub root: String,
    /// The module the artifact is built from (`svc`).
    pub module: String,
    pub kind: Kind,
}

/// One `<generate>`, resolved.
#[derive(Clone, Debug)]
pub struct Gen {
    /// Index into the descriptor's `Parsed::generates`.
    pub elem: usize,
    /// `template`, trimmed (empty when blank or absent).
    pub template: String,
    /// The template file found, if any.
    pub resolved: Option<String>,
    /// The paths searched, in order.
    pub tried: Vec<String>,
    /// `destfile`, defaulting to the template, normalised relative to the artifact root.
    pub dest: String,
}

/// One descriptor.
#[derive(Debug)]
pub struct Descriptor {
    pub file: usize,
    pub package: usize,
    pub layout: Layout,
    pub parsed: Option<Parsed>,
    /// Why the descriptor does not load (AX001): message and decoded-text offset.
    pub error: Option<(String, usize)>,
    pub gens: Vec<Gen>,
}

impl Descriptor {
    pub fn dir(&self, m: &Model) -> String {
        dir_of(&m.files[self.file].path).to_string()
    }
}

/// A template as read.
#[derive(Debug)]
pub enum Template {
    Loaded { file: usize, scan: Scan },
    Unreadable(String),
}

/// Where a shared-set entry points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SharedTarget {
    /// A properties file of the repository (index into `Model::props`).
    Local(usize),
    /// `http(s)://`: never fetched.
    Remote,
    /// Not usable: why.
    Invalid(String),
}

/// An `antx.properties.<set>.<n>` entry of a user properties file.
#[derive(Clone, Debug)]
pub struct SharedEntry {
    pub set: String,
    pub n: u64,
    /// Index of the entry in the user file.
    pub entry: usize,
    pub target: SharedTarget,
}

/// A properties file and its entries.
#[derive(Debug)]
pub struct PropsFile {
    pub file: usize,
    pub entries: Vec<Entry>,
    /// Read as a shared set, not as a module's user properties.
    pub shared: bool,
    /// For a user file: its shared-set entries, and the set it selects (`antx.properties = <set>`, entry index).
    pub shared_entries: Vec<SharedEntry>,
    pub selected: Option<(String, usize)>,
}

impl PropsFile {
    /// The set's local shared files, in order.
    pub fn selected_local(&self) -> Vec<usize> {
        let Some((set, _)) = &self.selected else { return Vec::new() };
        let mut list: Vec<&SharedEntry> = self.shared_entries.iter().filter(|e| &e.set == set).collect();
        list.sort_by_key(|e| e.n);
        list.iter().filter_map(|e| if let SharedTarget::Local(p) = e.target { Some(p) } else { None }).collect()
    }

    /// Whether the selected set has an entry that cannot be read offline.
    pub fn selected_remote(&self) -> bool {
        let Some((set, _)) = &self.selected else { return false };
        self.shared_entries.iter().any(|e| &e.set == set && e.target == SharedTarget::Remote)
    }
}

/// Where a merged value comes from: (props file, entry).
pub type Origin = (usize, usize);

/// An artifact with its descriptors and the properties it is configured with.
#[derive(Debug)]
pub struct Package {
    pub module: String,
    pub descriptors: Vec<usize>,
    /// The user properties file (`antx.properties` at the module root or the nearest ancestor).
    pub user: Option<usize>,
    /// The selected shared set's local files, in order.
    pub shared: Vec<usize>,
    /// The selected set has `http(s)` entries that precheck does not fetch.
    pub remote: bool,
    /// The merged view: user over shared (later shared files over earlier ones).
    pub merged: HashMap<String, Origin>,
}

/// The whole model.
#[derive(Debug)]
pub struct Model {
    pub settings: Settings,
    pub files: Vec<SourceFile>,
    by_path: HashMap<String, usize>,
    pub descriptors: Vec<Descriptor>,
    pub packages: Vec<Package>,
    pub templates: BTreeMap<String, Template>,
    pub props: Vec<PropsFile>,
    /// Files under a descriptor's `autoconf/` directory, or `*.vm` beside a descriptor, with that descriptor.
    pub beside: Vec<(String, usize)>,
}

/// The directory part of a path (`""` at the root).
pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn base_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `dir` joined with a relative `rel`, `.` and `..` resolved; `None` when it leaves the repository.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() { Vec::new() } else { dir.split('/').collect() };
    for p in rel.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// A descriptor's layout when `path` is one by the built-in patterns.
fn builtin_layout(path: &str) -> Option<Layout> {
    if base_of(path) != "auto-config.xml" {
        return None;
    }
    let comps: Vec<&str> = path.split('/').collect();
    let dirs = &comps[..comps.len() - 1];
    if dirs.contains(&"target") {
        return None; // Build output: a copy of the sources.
    }
    let root_of = |i: usize| dirs[..i].join("/");
    if dirs.last() == Some(&"autoconf") {
        if let Some(i) = dirs.iter().rposition(|d| *d == "META-INF") {
            let root = root_of(i);
            for (suffix, kind) in [("src/main/webapp", Kind::War), ("src/main/resources", Kind::Jar)] {
                if root == suffix || root.ends_with(&format!("/{suffix}")) {
                    let module = root.strip_suffix(suffix).unwrap_or_default().trim_end_matches('/').to_string();
                    return Some(Layout { root, module, kind });
                }
            }
            return Some(Layout { module: root.clone(), root, kind: Kind::Plain });
        }
    }
    let i = dirs.iter().rposition(|d| *d == "conf")?;
    let root = root_of(i);
    Some(Layout { module: root.clone(), root, kind: Kind::Plain })
}

/// Whether `n` is a system property the build knows (always-known ones and `system-properties`).
pub fn is_system_property(settings: &Settings, n: &str) -> bool {
    KNOWN_SYSTEM_PROPERTIES.contains(&n) || settings.system_properties.contains_key(n)
}

/// autoconfig's identifier form of a property name: characters outside `[A-Za-z0-9_]` become `_`.
pub fn identifier(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}

/// Whether a path is one of the model's user properties files by name or glob.
pub fn is_user_properties(settings: &Settings, path: &str) -> bool {
    base_of(path) == "antx.properties" || settings.user_properties.is_match(path)
}

/// Whether a path is a descriptor by the built-in patterns or `include-descriptors`.
pub fn is_descriptor(settings: &Settings, path: &str) -> bool {
    builtin_layout(path).is_some() || settings.include_descriptors.is_match(path)
}

impl Model {
    /// Builds the model from every file of the revision.
    pub fn build(settings: Settings, source: &dyn FileSource) -> Model {
        let mut m = Model {
            settings,
            files: Vec::new(),
            by_path: HashMap::new(),
            descriptors: Vec::new(),
            packages: Vec::new(),
            templates: BTreeMap::new(),
            props: Vec::new(),
            beside: Vec::new(),
        };
        let listing = source.paths();
        let mut user_candidates: HashMap<String, Vec<String>> = HashMap::new();
        let mut package_of: HashMap<String, usize> = HashMap::new();
        for f in listing {
            let path: &str = &f.path;
            if is_user_properties(&m.settings, path) {
                user_candidates.entry(dir_of(path).to_string()).or_default().push(path.to_string());
            }
            let layout = match builtin_layout(path) {
                Some(l) => l,
                None if m.settings.include_descriptors.is_match(path) => {
                    let dir = dir_of(path).to_string();
                    Layout { root: dir.clone(), module: dir, kind: Kind::Plain }
                }
                None => continue,
            };
            let Ok(file) = m.load(source, path) else { continue };
            let next = m.packages.len();
            let package = *package_of.entry(layout.module.clone()).or_insert(next);
            if package == next {
                m.packages.push(Package {
                    module: layout.module.clone(),
                    descriptors: Vec::new(),
                    user: None,
                    shared: Vec::new(),
                    remote: false,
                    merged: HashMap::new(),
                });
            }
            let index = m.descriptors.len();
            m.packages[package].descriptors.push(index);
            let (parsed, error) = parse_descriptor(&m.files[file]);
            m.descriptors.push(Descriptor { file, package, layout, parsed, error, gens: Vec::new() });
        }
        m.resolve_generates(source);
        m.find_beside(source);
        m.load_properties(source, &user_candidates);
        m
    }

    /// Reads and decodes `path` once.
    fn load(&mut self, source: &dyn FileSource, path: &str) -> Result<usize, String> {
        if let Some(&i) = self.by_path.get(path) {
            return Ok(i);
        }
        let bytes = source.read(path).map_err(|e| e.to_string())?;
        let i = self.files.len();
        self.files.push(SourceFile::new(path, bytes));
        self.by_path.insert(path.to_string(), i);
        Ok(i)
    }

    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        self.by_path.get(path).map(|&i| &self.files[i])
    }

    fn resolve_generates(&mut self, source: &dyn FileSource) {
        for d in 0..self.descriptors.len() {
            let desc = &self.descriptors[d];
            let Some(parsed) = &desc.parsed else { continue };
            let dir = dir_of(&self.files[desc.file].path).to_string();
            let layout = desc.layout.clone();
            let mut gens = Vec::new();
            for (i, g) in parsed.generates.iter().enumerate() {
                let template = g.value("template").unwrap_or_default().trim_start_matches('/').to_string();
                let dest_raw = g.value("destfile").filter(|s| !s.is_empty()).unwrap_or(&template);
                let dest = join("", dest_raw).unwrap_or_else(|| dest_raw.to_string());
                let mut tried = Vec::new();
                if !template.is_empty() {
                    tried.extend(join(&dir, &template));
                    let in_root = match (layout.kind, template.strip_prefix("WEB-INF/classes/")) {
                        (Kind::War, Some(rest)) => join(&layout.module, &format!("src/main/resources/{rest}")),
                        _ => join(&layout.root, &template),
                    };
                    tried.extend(in_root);
                    tried.dedup();
                }
                let resolved = tried.iter().find(|p| source.exists(p)).cloned();
                gens.push(Gen { elem: i, template, resolved, tried, dest });
            }
            for g in &gens {
                if let Some(path) = &g.resolved {
                    if !self.templates.contains_key(path) {
                        let t = match self.load(source, path) {
                            Ok(file) => Template::Loaded { file, scan: velocity::scan(&self.files[file].text) },
                            Err(e) => Template::Unreadable(e),
                        };
                        self.templates.insert(path.clone(), t);
                    }
                }
            }
            self.descriptors[d].gens = gens;
        }
    }

    /// Files an unused-template check looks at: under an `autoconf/` descriptor directory, or `*.vm` beside
    /// any descriptor.
    fn find_beside(&mut self, source: &dyn FileSource) {
        let mut dirs: HashMap<String, usize> = HashMap::new();
        for (i, d) in self.descriptors.iter().enumerate() {
            dirs.entry(dir_of(&self.files[d.file].path).to_string()).or_insert(i);
        }
        for f in source.paths() {
            let path: &str = &f.path;
            if is_descriptor(&self.settings, path) || path.ends_with(".log") {
                continue;
            }
            let dir = dir_of(path);
            if let Some(&d) = dirs.get(dir) {
                if path.ends_with(".vm") || base_of(dir) == "autoconf" {
                    self.beside.push((path.to_string(), d));
                }
                continue;
            }
            // Deeper under an `autoconf/` descriptor directory.
            let mut anc = dir;
            while let Some((parent, _)) = anc.rsplit_once('/') {
                anc = parent;
                if let Some(&d) = dirs.get(anc) {
                    if base_of(anc) == "autoconf" {
                        self.beside.push((path.to_string(), d));
                    }
                    break;
                }
            }
        }
    }

    fn load_properties(&mut self, source: &dyn FileSource, candidates: &HashMap<String, Vec<String>>) {
        let mut user_of: HashMap<String, Option<usize>> = HashMap::new();
        for p in 0..self.packages.len() {
            let module = self.packages[p].module.clone();
            let mut dir = module.as_str();
            let mut found = None;
            loop {
                if let Some(list) = candidates.get(dir) {
                    found = list.first().cloned();
                    break;
                }
                if dir.is_empty() {
                    break;
                }
                dir = dir_of(dir);
            }
            let Some(path) = found else { continue };
            let user = match user_of.get(&path) {
                Some(u) => *u,
                None => {
                    let u = self.load_props(source, &path, false);
                    if let Some(u) = u {
                        self.resolve_shared(source, u);
                    }
                    user_of.insert(path.clone(), u);
                    u
                }
            };
            let Some(user) = user else { continue };
            let shared = self.props[user].selected_local();
            let mut merged = HashMap::new();
            for &s in &shared {
                for (i, e) in self.props[s].entries.iter().enumerate() {
                    merged.insert(e.key.clone(), (s, i));
                }
            }
            for (i, e) in self.props[user].entries.iter().enumerate() {
                merged.insert(e.key.clone(), (user, i));
            }
            let pkg = &mut self.packages[p];
            pkg.user = Some(user);
            pkg.remote = self.props[user].selected_remote();
            pkg.shared = shared;
            pkg.merged = merged;
        }
    }

    fn load_props(&mut self, source: &dyn FileSource, path: &str, shared: bool) -> Option<usize> {
        if let Some(i) = self.props.iter().position(|p| *self.files[p.file].path == *path) {
            return Some(i);
        }
        let file = self.load(source, path).ok()?;
        let entries = props::parse(&self.files[file].text);
        self.props.push(PropsFile { file, entries, shared, shared_entries: Vec::new(), selected: None });
        Some(self.props.len() - 1)
    }

    /// Reads the `antx.properties[.<set>.<n>]` keys of user file `u` and loads the local shared files.
    fn resolve_shared(&mut self, source: &dyn FileSource, u: usize) {
        let dir = dir_of(&self.files[self.props[u].file].path).to_string();
        let mut selected = None;
        let mut list = Vec::new();
        for (i, e) in self.props[u].entries.iter().enumerate() {
            if e.key == "antx.properties" {
                selected = Some((e.value.trim().to_string(), i));
            } else if let Some(rest) = e.key.strip_prefix("antx.properties.") {
                let Some((set, n)) = rest.rsplit_once('.') else { continue };
                let Ok(n) = n.parse::<u64>() else { continue };
                list.push((set.to_string(), n, i, e.value.trim().to_string()));
            }
        }
        let mut shared_entries = Vec::new();
        for (set, n, entry, value) in list {
            let target = self.shared_target(source, &dir, &value);
            shared_entries.push(SharedEntry { set, n, entry, target });
        }
        self.props[u].selected = selected;
        self.props[u].shared_entries = shared_entries;
    }

    fn shared_target(&mut self, source: &dyn FileSource, dir: &str, value: &str) -> SharedTarget {
        if value.is_empty() {
            return SharedTarget::Invalid("is empty".into());
        }
        let lower = value.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return if value.len() > lower.find("://").map_or(0, |i| i + 3) && !value.contains(char::is_whitespace) {
                SharedTarget::Remote
            } else {
                SharedTarget::Invalid("is not a valid URL".into())
            };
        }
        let path = value.strip_prefix("file://").or_else(|| value.strip_prefix("file:")).unwrap_or(value);
        if let Some((scheme, _)) = path.split_once("://") {
            return SharedTarget::Invalid(format!("uses `{scheme}://`, which precheck cannot read"));
        }
        if path.starts_with('/') || path.as_bytes().get(1) == Some(&b':') {
            return SharedTarget::Invalid("is an absolute path outside the repository".into());
        }
        match join(dir, path) {
            Some(p) if source.exists(&p) => match self.load_props(source, &p, true) {
                Some(i) => SharedTarget::Local(i),
                None => SharedTarget::Invalid("cannot be read".into()),
            },
            _ => SharedTarget::Invalid("is not a file of the repository".into()),
        }
    }

    /// The value of `key` for package `p`: merged properties, then configured system properties.
    pub fn value(&self, p: usize, key: &str) -> Option<String> {
        if let Some(&(f, e)) = self.packages[p].merged.get(key) {
            return Some(self.props[f].entries[e].value.clone());
        }
        self.settings.system_properties.get(key).cloned()
    }

    /// Every name (and identifier form) declared by descriptor `d`.
    pub fn declared_names(&self, d: usize) -> HashSet<String> {
        let mut names = HashSet::new();
        if let Some(parsed) = &self.descriptors[d].parsed {
            for p in &parsed.properties {
                let n = p.name();
                if !n.is_empty() {
                    names.insert(n.to_string());
                    names.insert(identifier(n));
                }
            }
        }
        names
    }

    /// The template scan of a generate, if it was found and read.
    pub fn scan_of(&self, g: &Gen) -> Option<(&SourceFile, &Scan)> {
        match self.templates.get(g.resolved.as_ref()?)? {
            Template::Loaded { file, scan } => Some((&self.files[*file], scan)),
            Template::Unreadable(_) => None,
        }
    }
}

/// Decodes and parses a descriptor: the parse, or the reason it does not load.
fn parse_descriptor(file: &SourceFile) -> (Option<Parsed>, Option<(String, usize)>) {
    if let Some(label) = &file.declared {
        if text::encoding_for_label(label).is_none() {
            return (None, Some((format!("unsupported encoding `{label}`"), 0)));
        }
    }
    if let Some(at) = file.malformed_at {
        // The offset is in raw bytes; the decoded text keeps line structure, so report on that line.
        let line = file.bytes[..at.min(file.bytes.len())].iter().filter(|&&b| b == b'\n').count();
        let offset = file.index.line_range(u32::try_from(line + 1).unwrap_or(u32::MAX)).start;
        let enc = file.declared.clone().unwrap_or_else(|| file.encoding.name().to_string());
        return (None, Some((format!("bytes that are not valid `{enc}` (the charset the file declares)"), offset)));
    }
    match descriptor::parse(&file.text) {
        Ok(parsed) => (Some(parsed), None),
        Err((message, offset)) => (None, Some((message, offset))),
    }
}
