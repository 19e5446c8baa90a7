//! Everything the rules read, built once per run: the reactors of the checked revision (every `pom.xml`
//! that is not a module of another), each module's effective model and resolution, the POMs as written,
//! and span helpers that point findings at the lines a change touched.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use precheck_core::text::LineIndex;
use precheck_core::{ChangeSet, FileSource, Span};

use crate::config::Settings;
use crate::model::{Builder, Effective, Origin, Problem};
use crate::pom::RawPom;
use crate::repo::{LocalRepo, normalise};
use crate::resolve::{Resolution, Resolver};

/// One reactor module.
#[derive(Debug)]
pub struct Module {
    /// Its POM, repo-relative.
    pub path: Arc<str>,
    /// The aggregator POM at the top of its reactor (itself for a stand-alone POM).
    pub reactor: Arc<str>,
    pub model: Rc<Effective>,
    pub resolution: Resolution,
    /// Byte range of the module's own `<artifactId>`.
    pub anchor: (usize, usize),
}

/// A POM of the checked revision that could not be parsed.
#[derive(Debug)]
pub struct Broken {
    pub path: Arc<str>,
    pub why: String,
    /// Where the parser stopped, in the decoded text.
    pub offset: usize,
}

/// A file's decoded text and its line index.
type Text = (String, LineIndex);

pub struct Analysis<'a> {
    pub settings: &'a Settings,
    pub source: &'a dyn FileSource,
    pub changes: Option<&'a ChangeSet>,
    pub pushed_ref: Option<&'a str>,
    pub repo: &'a LocalRepo,
    pub modules: Vec<Module>,
    /// Every reactor POM as written (modules and in-revision parents), in path order.
    pub poms: Vec<(Arc<str>, Arc<RawPom>)>,
    pub broken: Vec<Broken>,
    /// Model problems, deduplicated, with the module whose build met them.
    pub problems: Vec<(Arc<str>, Problem)>,
    texts: RefCell<HashMap<Arc<str>, Rc<Text>>>,
}

/// POMs that are build output or test data of a project (`target/`, `src/test/`, `src/it/`), never modules.
fn is_test_data(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    parts.contains(&"target") || parts.windows(2).any(|w| w[0] == "src" && (w[1] == "test" || w[1] == "it"))
}

fn module_pom(dir_pom: &str, module: &str) -> Option<String> {
    let dir = dir_pom.rsplit_once('/').map_or("", |(d, _)| d);
    let joined = if dir.is_empty() { module.to_string() } else { format!("{dir}/{module}") };
    let p = normalise(&joined.replace('\\', "/"))?;
    Some(if p.ends_with(".xml") {
        p
    } else if p.is_empty() {
        "pom.xml".into()
    } else {
        format!("{p}/pom.xml")
    })
}

impl<'a> Analysis<'a> {
    pub fn build(
        settings: &'a Settings,
        source: &'a dyn FileSource,
        changes: Option<&'a ChangeSet>,
        pushed_ref: Option<&'a str>,
        repo: &'a LocalRepo,
        memo: Option<&precheck_core::Memo>,
    ) -> Analysis<'a> {
        let builder = Builder::new(source, repo, &settings.jdk);
        let mut an = Analysis {
            settings,
            source,
            changes,
            pushed_ref,
            repo,
            modules: Vec::new(),
            poms: Vec::new(),
            broken: Vec::new(),
            problems: Vec::new(),
            texts: RefCell::new(HashMap::new()),
        };
        let in_repo = |p: &str| {
            repo.locs.iter().any(|l| match l {
                crate::repo::RepoLoc::Source(prefix) => p.starts_with(&format!("{prefix}/")),
                crate::repo::RepoLoc::Fs(_) => false,
            })
        };
        let all: Vec<String> = source
            .paths()
            .iter()
            .filter(|f| f.file_name() == "pom.xml" && !in_repo(&f.path) && !is_test_data(&f.path))
            .map(|f| f.path.to_string())
            .collect();
        // Read every POM once; aggregators name their modules.
        let mut raws: HashMap<String, Arc<RawPom>> = HashMap::new();
        for p in &all {
            // The runs of a semantic comparison parse each POM blob once for the merged trees and the sides.
            // A POM that cannot be read is left out, as if absent.
            let parse = || -> Option<Result<Arc<RawPom>, crate::pom::XmlError>> {
                let bytes = source.read(p).ok()?;
                Some(RawPom::parse(&precheck_core::text::decode(&bytes).text).map(Arc::new))
            };
            let parsed = match (memo, source.content_id(p)) {
                (Some(memo), Some(id)) => {
                    Option::clone(&memo.get_or_insert(&precheck_core::memo::blob_key("jar-pom", p, &id), parse))
                }
                _ => parse(),
            };
            let Some(parsed) = parsed else { continue };
            match parsed {
                Ok(raw) => {
                    builder.seed_source(p, Arc::clone(&raw));
                    raws.insert(p.clone(), raw);
                }
                Err(e) => an.broken.push(Broken { path: Arc::from(p.as_str()), why: e.message, offset: e.offset }),
            }
        }
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        let mut is_module: HashSet<String> = HashSet::new();
        for p in &all {
            let Some(raw) = raws.get(p) else { continue };
            let mut mods: Vec<String> = raw.body.modules.clone();
            for prof in builder.active_profiles(raw) {
                mods.extend(prof.body.modules.iter().cloned());
            }
            let list: Vec<String> =
                mods.iter().filter_map(|m| module_pom(p, m)).filter(|m| raws.contains_key(m)).collect();
            is_module.extend(list.iter().cloned());
            children.insert(p.clone(), list);
        }
        // Reactors: each POM that no other POM lists as a module, expanded depth-first in module order.
        let mut order: Vec<(String, String)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for root in all.iter().filter(|p| raws.contains_key(*p) && !is_module.contains(*p)) {
            let mut stack = vec![root.clone()];
            while let Some(p) = stack.pop() {
                if !seen.insert(p.clone()) {
                    continue;
                }
                order.push((p.clone(), root.clone()));
                if let Some(kids) = children.get(&p) {
                    stack.extend(kids.iter().rev().cloned());
                }
            }
        }
        let mut models: Vec<(String, String, Rc<Effective>)> = Vec::new();
        for (p, root) in &order {
            if let Ok(m) = builder.source_model(p) {
                models.push((p.clone(), root.clone(), m));
            }
        }
        let mut seen_problems: HashSet<(Arc<str>, usize, String)> = HashSet::new();
        for (p, _, m) in &models {
            for pr in &m.problems {
                if seen_problems.insert((Arc::clone(&pr.origin.path), pr.origin.start, pr.message.clone())) {
                    an.problems.push((Arc::from(p.as_str()), pr.clone()));
                }
            }
        }
        // Each reactor resolves its siblings from source.
        let mut by_reactor: HashMap<String, HashMap<String, Rc<Effective>>> = HashMap::new();
        for (_, root, m) in &models {
            by_reactor.entry(root.clone()).or_default().insert(m.gav(), Rc::clone(m));
        }
        let empty = HashMap::new();
        for (p, root, m) in models {
            let reactor = by_reactor.get(&root).unwrap_or(&empty);
            let resolver = Resolver { builder: &builder, reactor };
            let resolution = resolver.resolve(&m);
            let anchor = raws.get(&p).map_or((0, 0), |r| r.artifact_at);
            an.modules.push(Module {
                path: Arc::from(p.as_str()),
                reactor: Arc::from(root.as_str()),
                model: m,
                resolution,
                anchor,
            });
        }
        let mut poms: Vec<(Arc<str>, Arc<RawPom>)> =
            raws.into_iter().map(|(p, r)| (Arc::from(p.as_str()), r)).collect();
        poms.sort_by(|a, b| a.0.cmp(&b.0));
        an.poms = poms;
        an.modules.sort_by(|a, b| a.path.cmp(&b.path));
        an
    }

    fn text(&self, path: &Arc<str>) -> Option<Rc<Text>> {
        if let Some(t) = self.texts.borrow().get(path) {
            return Some(Rc::clone(t));
        }
        let bytes = self.source.read(path).ok()?;
        let text = precheck_core::text::decode(&bytes).text.into_owned();
        let index = LineIndex::new(&text);
        let t = Rc::new((text, index));
        self.texts.borrow_mut().insert(Arc::clone(path), Rc::clone(&t));
        Some(t)
    }

    /// A span over `start..end` of a file of the checked revision.
    pub fn span(&self, path: &Arc<str>, start: usize, end: usize) -> Option<Span> {
        let t = self.text(path)?;
        let end = end.min(t.0.len());
        let start = start.min(end);
        Some(t.1.span(path, &t.0, start..end))
    }

    /// The span of a declaration: its `<version>` element when it has one, else the whole element.
    pub fn origin_span(&self, o: &Origin) -> Option<Span> {
        if !o.in_source {
            return None;
        }
        let (s, e) = o.version.unwrap_or((o.start, o.end));
        self.span(&o.path, s, e)
    }

    /// Whether the change added or modified any line of `span`.
    pub fn touched(&self, span: &Span) -> bool {
        let Some(c) = self.changes.and_then(|c| c.get(&span.path)) else { return false };
        c.added_lines.intersects(span.start.line, span.end.line.max(span.start.line))
    }

    /// Where a module-level finding points: the module's `<artifactId>`.
    pub fn anchor(&self, m: &Module) -> Span {
        self.span(&m.path, m.anchor.0, m.anchor.1).unwrap_or_else(|| Span::file(Arc::clone(&m.path)))
    }

    /// The primary span for a finding caused by `candidates` (declarations on the paths involved): the first
    /// one in the module's own POM that the change touched, else the first one in the module's POM, else the
    /// module's `<artifactId>`. The primary always lies in the module's POM, so the fingerprint (keyed by
    /// module, artifact and rule) is the same at the merge base and the head. Every other candidate of the
    /// checked revision becomes a label, so a change to an inherited or managed declaration is still shown.
    pub fn place(&self, m: &Module, candidates: &[(Origin, String)]) -> (Span, Vec<(Span, String)>) {
        let spans: Vec<(Span, &str)> =
            candidates.iter().filter_map(|(o, why)| self.origin_span(o).map(|s| (s, why.as_str()))).collect();
        let mine = |s: &Span| s.path == m.path;
        let pick = spans
            .iter()
            .position(|(s, _)| mine(s) && self.touched(s))
            .or_else(|| spans.iter().position(|(s, _)| mine(s)));
        let primary = pick.map_or_else(|| self.anchor(m), |i| spans[i].0.clone());
        let mut labels = Vec::new();
        let mut seen = BTreeSet::new();
        // The primary's own role ("wins: …") is a label too: the message cannot carry every path.
        for (s, why) in &spans {
            if seen.insert((s.path.clone(), s.range.start, why.to_string())) {
                labels.push((s.clone(), (*why).to_string()));
            }
        }
        (primary, labels)
    }

    /// Whether `[jar] ignore-dependencies` names `g:a`.
    pub fn ignored(&self, group: &str, artifact: &str) -> bool {
        self.settings.ignore_dependencies.iter().any(|d| d.split_once(':') == Some((group, artifact)))
    }

    /// The module POM relative to its reactor, for messages (`app/pom.xml`).
    pub fn module_name(&self, m: &Module) -> String {
        format!("{}:{}", m.model.group, m.model.artifact)
    }
}
