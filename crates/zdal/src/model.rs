//! The repository's Zdal configuration: the files recognised by content, each ds file paired with its rule
//! file into one bean namespace, the profile of each pair, and the typed view the rules read (apps,
//! AppDataSources with their pool keys, table rules). Built once per run in `check_repo`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use precheck_core::text::LineIndex;
use precheck_core::{FileSource, Span};

use crate::config::Profile;
use precheck_xml::beans::{self as spring, Bean, BeanId, FileId, Kind, Loc, Prop, Value};
use precheck_xml::reader::{self as xml, Doc, XmlError};

/// What a recognised file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Declares a `ZdalAppBean`.
    Ds,
    /// Declares `AppRule`/`ShardRule`/`TableRule` beans, or is the `<beans/>` sibling of a ds file.
    Rule,
    /// The console/export format: an `<App>` root.
    AppDsl,
    /// An application context wiring a `ZdalDataSource` or an iBatis factory.
    Context,
    /// Mentions Zdal but declares none of the above.
    Other,
    /// A `…-tair.xml` file: no public loader reads it (RUNTIME-SEMANTICS.md 6.1, 6.2), so it gets only the
    /// generic checks (XML, encoding, bean ids, refs) in a namespace of its own, never the JDBC ones.
    Tair,
    /// An iBatis sqlmap config read because a recognised context's `SqlMapClientFactoryBean` names it
    /// (ZD076 only: it is not a Spring or Zdal file, so the other rules do not judge it).
    SqlMapConfig,
}

pub use precheck_xml::decode::DecodeProblem;

/// One recognised file.
#[derive(Debug)]
pub struct ZFile {
    pub path: Arc<str>,
    pub text: String,
    pub lines: LineIndex,
    pub kind: FileKind,
    pub decode: Option<DecodeProblem>,
    pub xml_error: Option<XmlError>,
    pub doc: Option<Doc>,
    /// Top-level beans.
    pub beans: Vec<BeanId>,
    pub pair: Option<usize>,
}

impl ZFile {
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    pub fn dir(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(d, _)| d)
    }
}

/// The parts of a ds/rule file name: `{appName}-{dbmode}[-{zone}]-ds.xml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameParts {
    pub app: String,
    pub dbmode: String,
    pub zone: Option<String>,
}

/// A ds file and its rule file, loaded together into one bean namespace.
#[derive(Debug)]
pub struct Pair {
    pub ds: Option<FileId>,
    pub rule: Option<FileId>,
    /// Where the loader looks for the rule file (`…-rule.xml` beside the ds file).
    pub rule_path: Option<String>,
    pub ns: HashMap<String, Vec<BeanId>>,
    pub profile: Profile,
    /// From the ds file name, when it ends in `-ds.xml`.
    pub name: Option<NameParts>,
    /// The `ZdalAppBean` the pair is loaded through.
    pub app: Option<BeanId>,
    /// A Tair file, alone in its namespace.
    pub tair: Option<FileId>,
    /// Why the `auto` profile could not tell the loader generation from the files (ZD077), and which one the
    /// pair is judged by all the same.
    pub undecided: Option<String>,
}

/// `configType` (case-insensitive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConfigType {
    Group,
    Shard,
    ShardGroup,
    ShardFailover,
    /// ⊕ read/write split of the zone-aware client.
    Rw,
}

/// A `configType` as one loader generation reads it (RUNTIME-SEMANTICS.md 2.1, 4.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeOf {
    /// A type that builds selectors and rules (aliases already resolved: [Z] `RW`/`LOAD_BALANCE` are GROUP,
    /// `SHARD_RW` is SHARD_GROUP).
    Known(ConfigType),
    /// A [Z] type that loads but builds no dispatcher: ATOM, OB, HBase, Neo4J, TAIR (4.6).
    Inert,
    /// A value the generation rejects at startup.
    Unknown,
}

impl ConfigType {
    /// `DataSourceConfigType.typeOf` of the public loader (2.1: four types, no alias) or of the zone-aware
    /// one (4.4: aliases and the types that build nothing), case-insensitive.
    pub fn type_of(s: &str, zone_aware: bool) -> TypeOf {
        let upper = s.trim().to_ascii_uppercase();
        match (upper.as_str(), zone_aware) {
            ("GROUP", _) => TypeOf::Known(ConfigType::Group),
            ("SHARD", _) => TypeOf::Known(ConfigType::Shard),
            ("SHARD_GROUP", _) => TypeOf::Known(ConfigType::ShardGroup),
            ("SHARD_FAILOVER", _) => TypeOf::Known(ConfigType::ShardFailover),
            ("RW" | "LOAD_BALANCE", true) => TypeOf::Known(ConfigType::Group),
            ("SHARD_RW", true) => TypeOf::Known(ConfigType::ShardGroup),
            ("ATOM" | "OB" | "HBASE" | "NEO4J" | "TAIR", true) => TypeOf::Inert,
            _ => TypeOf::Unknown,
        }
    }

    pub fn parse(s: &str) -> Option<ConfigType> {
        match s.trim().to_ascii_uppercase().as_str() {
            "GROUP" => Some(ConfigType::Group),
            "SHARD" => Some(ConfigType::Shard),
            "SHARD_GROUP" => Some(ConfigType::ShardGroup),
            "SHARD_FAILOVER" => Some(ConfigType::ShardFailover),
            "RW" => Some(ConfigType::Rw),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ConfigType::Group => "GROUP",
            ConfigType::Shard => "SHARD",
            ConfigType::ShardGroup => "SHARD_GROUP",
            ConfigType::ShardFailover => "SHARD_FAILOVER",
            ConfigType::Rw => "RW",
        }
    }

    /// Whether the pool keys are `{groupKey}_r` / `{groupKey}_w` (zdal.md §3.4).
    pub fn grouped(self) -> bool {
        matches!(self, ConfigType::Group | ConfigType::ShardGroup | ConfigType::Rw)
    }

    pub fn sharded(self) -> bool {
        matches!(self, ConfigType::Shard | ConfigType::ShardGroup | ConfigType::ShardFailover)
    }
}

/// A map entry whose value is a string (group weights, failover rules).
#[derive(Clone, Debug)]
pub struct StrEntry {
    pub key: String,
    /// The key as written (see `precheck_xml::beans::Entry::raw_key`).
    pub raw_key: String,
    pub key_loc: Loc,
    pub value: String,
    pub loc: Loc,
}

/// A logical DB name and the physical bean that contributes it.
#[derive(Clone, Debug)]
pub struct Logical {
    pub name: String,
    pub loc: Loc,
    pub physical: BeanId,
    /// [Z] a physical bean whose `failoverRule` is not `master` puts its names in the failover map (4.8).
    pub failover: bool,
}

/// Which AppRule slot a ShardRule is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    ReadWrite,
    Master,
    Slave,
}

impl Role {
    pub fn prop(self) -> &'static str {
        match self {
            Role::ReadWrite => "readwriteRule",
            Role::Master => "masterRule",
            Role::Slave => "slaveRule",
        }
    }
}

/// One `tableRules` entry reached through an AppRule.
#[derive(Clone, Debug)]
pub struct TableUse {
    pub role: Role,
    pub shard_rule: BeanId,
    pub key: String,
    pub key_loc: Loc,
    pub table_rule: Option<BeanId>,
}

/// One AppDataSourceBean of an app.
#[derive(Clone, Debug)]
pub struct AppDs {
    pub pair: usize,
    pub bean: BeanId,
    pub name: String,
    /// Lower-cased `dataBaseType`.
    pub db_type: Option<String>,
    /// The type the loader works with: aliases resolved and, in the zone-aware loader, SHARD promoted (4.5).
    /// None when the value is missing, unknown to the generation, or builds nothing.
    pub config: Option<ConfigType>,
    /// Judged by the zone-aware loader ([Z] of RUNTIME-SEMANTICS.md) rather than the public one ([M]).
    pub zone_aware: bool,
    /// [Z]: the declared SHARD the loader promoted (4.5), for messages.
    pub promoted_from: Option<ConfigType>,
    /// [Z]: the type loads but builds no dispatcher, so every query fails (4.6): an ATOM/OB/HBase/Neo4J/TAIR
    /// type, or a SHARD with neither a group map nor a master logical name.
    pub inert: bool,
    pub physicals: Vec<BeanId>,
    pub logical: Vec<Logical>,
    pub groups: Option<(Loc, Vec<StrEntry>)>,
    pub failovers: Option<(Loc, Vec<StrEntry>)>,
    pub app_rule: Option<BeanId>,
    /// Every pool key and where it comes from.
    pub pool_keys: BTreeMap<String, Loc>,
    pub tables: Vec<TableUse>,
}

/// How a TableRule names its dbIndexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbIndexForm {
    List,
    SetByPool,
    SetByGroovy,
    SetByRule,
    Array,
    Prefix,
}

/// The dbIndexes of a TableRule, each with its place.
#[derive(Clone, Debug)]
pub struct DbIndexes {
    pub form: DbIndexForm,
    pub loc: Loc,
    pub raw: String,
    pub items: Vec<(String, Loc)>,
}

impl DbIndexes {
    /// How many dbIndexes there are: a `SETBYRULE:` item counts as the indexes it expands to (one when it
    /// does not parse), any other item as one.
    #[allow(clippy::string_slice, reason = "`open` is a `find` of ASCII `[` in the same str")]
    pub fn count(&self) -> usize {
        if self.form != DbIndexForm::SetByRule {
            return self.items.len();
        }
        self.items
            .iter()
            .map(|(item, _)| match item.find('[') {
                Some(open) => crate::grammar::expand_set_by_rule(item[..open].trim(), &item[open..]).len().max(1),
                None => 1,
            })
            .sum()
    }
}

/// What a TableRule declares.
#[derive(Clone, Debug, Default)]
pub struct TableRuleInfo {
    pub db_indexes: Option<DbIndexes>,
    pub db_rules: Vec<(String, Loc)>,
    pub tb_rules: Vec<(String, Loc)>,
    pub suffix: Option<(String, Loc)>,
    pub disable_full_table_scan: bool,
    pub full_scan_loc: Option<Loc>,
}

/// What a ds file's name says about the loader generation.
enum NameEvidence {
    /// No usable name (not `…-ds.xml`, or not starting with the appName).
    None,
    /// Exactly `{appName}-{dbmode}-ds.xml`.
    Public,
    /// `{appName}-{dbmode}-{zone}-ds.xml`.
    Zone,
    /// More than one way to split the name, and no literal appName to settle it.
    Ambiguous(String),
}

/// The whole model.
#[derive(Debug, Default)]
pub struct Model {
    pub files: Vec<ZFile>,
    pub beans: Vec<Bean>,
    pub pairs: Vec<Pair>,
    pub parents: Vec<Option<BeanId>>,
    /// Beans whose `parent=` chain loops.
    pub parent_cycles: Vec<BeanId>,
    pub app_ds: Vec<AppDs>,
    /// Zone-aware AppDataSources of a non-JDBC type (TAIR, HBase, Neo4J): kept out of `app_ds`, so that no
    /// JDBC rule judges them; ZD080 says once that they are not checked (issue 17).
    pub non_jdbc: Vec<AppDs>,
    pub table_rules: HashMap<BeanId, TableRuleInfo>,
    /// Every XML path of the revision (Zdal or not), sorted: where ZD003 looks for the files a
    /// `ZdalDataSource` names.
    pub xml_paths: Vec<Arc<str>>,
}

/// The ⊕ properties of the zone-aware client (zdal.md §1, §3).
pub const ZONE_PROPS: &[&str] = &[
    "idcName",
    "zoneError",
    "zoneDSSet",
    "maxReadThreshold",
    "maxWriteThreshold",
    "failoverRule",
    "logicTableName",
    "dbtype",
];

/// The cheap content test every candidate file passes first (zdal.md §2).
/// The blobs [`may_be_zdal`] said no to, kept between runs ([`precheck_core::BlobCache`]); bump the version when
/// it changes what it accepts.
const RECOGNITION: &str = "zdal-recognition-v1";

pub fn may_be_zdal(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"com.alipay.zdal").is_some()
        || (memchr::memmem::find(bytes, b"<App").is_some() && memchr::memmem::find(bytes, b"AppDataSource").is_some())
}

/// Whether a path names a Zdal Tair file (`…-tair.xml`, any case).
pub fn is_tair(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() > 9 && bytes[bytes.len() - 9..].eq_ignore_ascii_case(b"-tair.xml")
}

/// Whether a path is an XML file (`.xml`, any case).
pub fn is_xml(path: &str) -> bool {
    // Bytes, not `str` slicing: the fourth byte from the end may sit inside a multi-byte character.
    let bytes = path.as_bytes();
    bytes.len() > 4 && bytes[bytes.len() - 4..].eq_ignore_ascii_case(b".xml")
}

/// Splits a ds/rule file name into its parts; `app_hint` (the ZdalAppBean's appName) settles names with `-`.
pub fn name_parts(file_name: &str, suffix: &str, app_hint: Option<&str>) -> Option<NameParts> {
    let stem = file_name.strip_suffix(suffix)?;
    let (app, rest) = match app_hint
        .filter(|h| !h.is_empty())
        .and_then(|h| stem.strip_prefix(h)?.strip_prefix('-').map(|r| (h, r)))
    {
        Some((h, r)) => (h.to_string(), r),
        None => {
            let (a, r) = stem.split_once('-')?;
            (a.to_string(), r)
        }
    };
    let (dbmode, zone) = match rest.split_once('-') {
        Some((d, z)) => (d.to_string(), Some(z.to_string())),
        None => (rest.to_string(), None),
    };
    Some(NameParts { app, dbmode, zone })
}

impl Model {
    /// Recognises, decodes and parses every Zdal file of `source`, pairs them and builds the typed view.
    pub fn build(source: &dyn FileSource, profile: Profile, cache_dir: Option<&std::path::Path>) -> Model {
        let mut m = Model::default();
        // Recognition reads every XML file of the revision (zdal.md §2: by content, not by name), except blobs
        // an earlier run found no Zdal markers in: in parallel, then the hits in path order so the model is
        // the same whatever the thread count.
        use rayon::prelude::*;
        let xml: Vec<&precheck_core::FileInfo> = source.paths().iter().filter(|f| is_xml(&f.path)).collect();
        let seen = precheck_core::BlobCache::load(cache_dir, RECOGNITION);
        let hits: Vec<(Arc<str>, Vec<u8>)> = xml
            .par_iter()
            .filter_map(|info| {
                // A Tair file is read by its name: it need not mention `com.alipay.zdal`.
                let bytes = if is_tair(&info.path) {
                    source.read(&info.path).ok()?
                } else {
                    seen.read(source, &info.path, |b| !may_be_zdal(b))?
                };
                Some((Arc::clone(&info.path), bytes))
            })
            .collect();
        seen.save();
        for (path, bytes) in hits {
            m.add_file(path, &bytes, None);
        }
        m.xml_paths = xml.iter().map(|f| Arc::clone(&f.path)).collect();
        m.xml_paths.sort_unstable();
        m.read_sqlmap_configs(source);
        m.pair_files(source);
        m.resolve_parents();
        m.assign_profiles(profile);
        m.build_app_ds();
        m
    }

    /// Decodes, parses and classifies one file; `forced` sets the kind (the `<beans/>` sibling rule file).
    fn add_file(&mut self, path: Arc<str>, bytes: &[u8], forced: Option<FileKind>) -> FileId {
        let id = self.files.len();
        let precheck_xml::decode::Decoded { text, problem: decode } = precheck_xml::decode::decode(bytes);
        let lines = LineIndex::new(&text);
        let (doc, xml_error) = match xml::parse(&text) {
            Ok(d) => (Some(d), None),
            Err(e) => (None, Some(e)),
        };
        let mut beans = Vec::new();
        let kind = match &doc {
            Some(d) if d.root().is_some_and(|r| r.local() == "App") => FileKind::AppDsl,
            Some(d) => {
                beans = spring::collect(d, &text, id, &mut self.beans);
                let kinds: HashSet<Kind> = beans.iter().map(|&b| self.beans[b].kind).collect();
                if kinds.contains(&Kind::ZdalApp) {
                    FileKind::Ds
                } else if kinds.contains(&Kind::AppRule)
                    || kinds.contains(&Kind::ShardRule)
                    || kinds.contains(&Kind::TableRule)
                {
                    FileKind::Rule
                } else if kinds.contains(&Kind::ZdalDataSource) || kinds.contains(&Kind::SqlMapClientFactory) {
                    FileKind::Context
                } else {
                    FileKind::Other
                }
            }
            // Unparsable: classify by the words in it so the pair still forms and the file is reported.
            None if text.contains("ZdalAppBean") => FileKind::Ds,
            None if text.contains("rule.config.beans") => FileKind::Rule,
            None if text.contains("<App") => FileKind::AppDsl,
            None => FileKind::Context,
        };
        let mut kind = forced.unwrap_or(kind);
        if forced.is_none() && is_tair(&path) && kind != FileKind::AppDsl {
            // Generic checks only: its beans are not read as JDBC configuration (issue 17, zdal.md §1).
            kind = FileKind::Tair;
            for b in self.beans.iter_mut().filter(|b| b.file == id) {
                b.kind = Kind::Other;
            }
        }
        self.files.push(ZFile { path, text, lines, kind, decode, xml_error, doc, beans, pair: None });
        id
    }

    /// Reads the sqlmap configs the recognised contexts' `SqlMapClientFactoryBean`s name (ZD076).
    fn read_sqlmap_configs(&mut self, source: &dyn FileSource) {
        let mut wanted: Vec<String> = Vec::new();
        for (b, bean) in self.beans.iter().enumerate() {
            if self.files[bean.file].kind != FileKind::Context {
                continue;
            }
            let chain = crate::wiring::chain(self, b);
            let class = chain.iter().find_map(|&c| self.beans[c].class.as_ref().map(|(c, _)| Kind::of_class(c)));
            if class != Some(Kind::SqlMapClientFactory) {
                continue;
            }
            let Some(loc) = crate::wiring::setting(self, &chain, "configLocation") else { continue };
            if let Some(path) = self.resolve_classpath(&loc.0) {
                if !wanted.contains(&path) {
                    wanted.push(path);
                }
            }
        }
        for path in wanted {
            if self.files.iter().any(|f| *f.path == *path) {
                continue;
            }
            if let Ok(bytes) = source.read(&path) {
                self.add_file(Arc::from(path.as_str()), &bytes, Some(FileKind::SqlMapConfig));
            }
        }
    }

    /// The repository XML file a `classpath:` location names (looked for under every folder, first match);
    /// None for placeholders, patterns, locations outside the classpath, or nothing found.
    pub fn resolve_classpath(&self, location: &str) -> Option<String> {
        let rel = self.classpath_relative(location)?;
        self.xml_paths
            .iter()
            .find(|p| p.as_ref() == rel.as_str() || p.ends_with(&format!("/{rel}")))
            .map(|p| p.to_string())
    }

    /// The classpath-relative path of a location (`classpath:`, `classpath*:` or a bare relative path); None
    /// for placeholders, patterns and `file:` or absolute locations.
    pub fn classpath_relative(&self, location: &str) -> Option<String> {
        let l = location.trim();
        if l.is_empty() || Model::deferred(l) || l.contains('*') && !l.starts_with("classpath*:") {
            return None;
        }
        let rel = match l.strip_prefix("classpath*:").or_else(|| l.strip_prefix("classpath:")) {
            Some(r) => r.trim_start_matches('/'),
            None if l.starts_with('/') || l.contains(':') => return None,
            None => l,
        };
        (!rel.is_empty() && !rel.contains('*') && !rel.contains('?')).then(|| rel.to_string())
    }

    /// Pairs every ds file with `…-rule.xml` beside it (reading the sibling when it is not a Zdal file by
    /// content, e.g. an empty `<beans/>`), and gives unpaired rule files a pair of their own.
    fn pair_files(&mut self, source: &dyn FileSource) {
        let by_path: HashMap<Arc<str>, FileId> =
            self.files.iter().enumerate().map(|(i, f)| (Arc::clone(&f.path), i)).collect();
        let ds_files: Vec<FileId> = (0..self.files.len()).filter(|&i| self.files[i].kind == FileKind::Ds).collect();
        for ds in ds_files {
            let name = self.files[ds].name().to_string();
            let dir = self.files[ds].dir().to_string();
            let rule_path = name
                .strip_suffix("-ds.xml")
                .map(|stem| if dir.is_empty() { format!("{stem}-rule.xml") } else { format!("{dir}/{stem}-rule.xml") });
            let rule = match &rule_path {
                Some(p) => match by_path.get(p.as_str()) {
                    Some(&r) if self.files[r].pair.is_none() => Some(r),
                    Some(_) => None,
                    None if source.exists(p) => match source.read(p) {
                        Ok(bytes) => Some(self.add_file(Arc::from(p.as_str()), &bytes, Some(FileKind::Rule))),
                        Err(_) => None,
                    },
                    None => None,
                },
                None => None,
            };
            if let Some(r) = rule {
                if self.files[r].kind != FileKind::Rule {
                    self.files[r].kind = FileKind::Rule;
                }
            }
            let p = self.pairs.len();
            self.files[ds].pair = Some(p);
            if let Some(r) = rule {
                self.files[r].pair = Some(p);
            }
            self.pairs.push(Pair {
                ds: Some(ds),
                rule,
                rule_path,
                ns: HashMap::new(),
                profile: Profile::Oss,
                name: None,
                app: None,
                tair: None,
                undecided: None,
            });
        }
        for f in 0..self.files.len() {
            if self.files[f].pair.is_none() && self.files[f].kind == FileKind::Rule {
                self.files[f].pair = Some(self.pairs.len());
                self.pairs.push(Pair {
                    ds: None,
                    rule: Some(f),
                    rule_path: None,
                    ns: HashMap::new(),
                    profile: Profile::Oss,
                    name: None,
                    app: None,
                    tair: None,
                    undecided: None,
                });
            }
        }
        for f in 0..self.files.len() {
            if self.files[f].pair.is_none() && self.files[f].kind == FileKind::Tair {
                self.files[f].pair = Some(self.pairs.len());
                self.pairs.push(Pair {
                    ds: None,
                    rule: None,
                    rule_path: None,
                    ns: HashMap::new(),
                    profile: Profile::Oss,
                    name: None,
                    app: None,
                    tair: Some(f),
                    undecided: None,
                });
            }
        }
        for p in 0..self.pairs.len() {
            let files: Vec<FileId> =
                self.pairs[p].ds.into_iter().chain(self.pairs[p].rule).chain(self.pairs[p].tair).collect();
            let mut ns: HashMap<String, Vec<BeanId>> = HashMap::new();
            for f in files {
                for &b in &self.files[f].beans {
                    if let Some(id) = self.beans[b].id() {
                        ns.entry(id.to_string()).or_default().push(b);
                    }
                }
            }
            self.pairs[p].ns = ns;
        }
    }

    /// The pair a bean belongs to (inline beans included).
    pub fn pair_of(&self, b: BeanId) -> Option<usize> {
        self.files[self.beans[b].file].pair
    }

    /// Resolves a bean name in a pair: Spring lets the later definition win.
    pub fn lookup(&self, pair: usize, name: &str) -> Option<BeanId> {
        self.pairs.get(pair)?.ns.get(name)?.last().copied()
    }

    /// The bean a value points at (`ref` or inline bean).
    pub fn target(&self, pair: Option<usize>, v: &Value) -> Option<BeanId> {
        match v {
            Value::Ref { bean, .. } => self.lookup(pair?, bean),
            Value::Bean { bean, .. } => Some(*bean),
            _ => None,
        }
    }

    fn resolve_parents(&mut self) {
        self.parents = vec![None; self.beans.len()];
        for b in 0..self.beans.len() {
            let Some((parent, _)) = &self.beans[b].parent else { continue };
            let pair = self.pair_of(b);
            self.parents[b] = pair.and_then(|p| self.lookup(p, parent)).filter(|&t| t != b);
            if pair.is_some() && self.parents[b].is_none() && self.lookup(pair.unwrap_or(0), parent) == Some(b) {
                self.parent_cycles.push(b);
            }
        }
        for b in 0..self.beans.len() {
            let mut seen = HashSet::new();
            let mut cur = Some(b);
            while let Some(c) = cur {
                if !seen.insert(c) {
                    if c == b {
                        self.parent_cycles.push(b);
                    }
                    break;
                }
                cur = self.parents[c];
            }
        }
        // A looping chain is cut so every later walk terminates.
        for &b in &self.parent_cycles {
            self.parents[b] = None;
        }
        self.parent_cycles.sort_unstable();
        self.parent_cycles.dedup();
    }

    /// The class of a bean, inherited through `parent=`.
    pub fn kind(&self, b: BeanId) -> Kind {
        let mut cur = Some(b);
        let mut steps = 0;
        while let Some(c) = cur {
            if self.beans[c].class.is_some() || steps > 64 {
                return self.beans[c].kind;
            }
            cur = self.parents[c];
            steps += 1;
        }
        Kind::Other
    }

    /// A property, inherited through `parent=` (the child's own definition wins).
    pub fn prop(&self, b: BeanId, name: &str) -> Option<&Prop> {
        let mut cur = Some(b);
        let mut steps = 0;
        while let Some(c) = cur {
            if let Some(p) = self.beans[c].props.iter().rev().find(|p| p.name == name) {
                return Some(p);
            }
            cur = self.parents[c];
            steps += 1;
            if steps > 64 {
                break;
            }
        }
        None
    }

    /// A string property's text and place.
    pub fn str_prop(&self, b: BeanId, name: &str) -> Option<(&str, &Loc)> {
        let p = self.prop(b, name)?;
        match &p.value {
            Value::Text { text, loc } => Some((text.as_str(), loc)),
            _ => None,
        }
    }

    pub fn span(&self, loc: &Loc) -> Span {
        let f = &self.files[loc.file];
        f.lines.span(&f.path, &f.text, loc.range.clone())
    }

    /// A place inside a string value: `off..off+len` of `value`, if the value is written verbatim at `loc`
    /// (no entities); otherwise the whole value.
    pub fn sub_loc(&self, loc: &Loc, value: &str, off: usize, len: usize) -> Loc {
        let raw = self.files[loc.file].text.get(loc.range.clone()).unwrap_or("");
        if raw == value && off + len <= value.len() {
            // Widened to whole characters: callers count bytes (ZD035 points at one), and a range that splits a
            // character (`€` decoded from a stray 0x80 in GBK) is not a place renderers can slice or show.
            let mut start = off;
            while !value.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = off + len;
            while !value.is_char_boundary(end) {
                end += 1;
            }
            Loc { file: loc.file, range: loc.range.start + start..loc.range.start + end }
        } else {
            loc.clone()
        }
    }

    /// Whether any bean of the pair uses a ⊕ property or value (auto profile, zdal.md §1).
    fn zone_aware_content(&self, pair: usize) -> bool {
        let p = &self.pairs[pair];
        p.ds.into_iter().chain(p.rule).any(|f| {
            self.beans.iter().filter(|b| b.file == f).any(|b| {
                b.props.iter().any(|prop| {
                    ZONE_PROPS.contains(&prop.name.as_str())
                        || (prop.name == "configType"
                            && prop
                                .value
                                .text()
                                .is_some_and(|t| ConfigType::type_of(t, true) != ConfigType::type_of(t, false)))
                        || (prop.name == "dbIndexes"
                            && prop.value.text().is_some_and(|t| t.trim_start().starts_with("SETBYRULE:")))
                })
            })
        })
    }

    /// Decides each pair's loader generation (RUNTIME-SEMANTICS.md "Snapshots"): the public loader [M] reads
    /// `{app}-{dbmode}-ds.xml` and knows none of the zone-aware properties; the zone-aware one [Z] reads
    /// `{app}-{dbmode}-{idc}-ds.xml` and requires `zoneError` (4.9). `auto` follows the evidence: zone-aware
    /// content or a zone in the file name is [Z], neither is [M]; when the content says [Z] but the name is
    /// exactly the public one, or the name cannot be split because the appName is not written literally, the
    /// pair is undecided (ZD077 says so once) and judged by the zone-aware rules, which report less.
    fn assign_profiles(&mut self, configured: Profile) {
        for p in 0..self.pairs.len() {
            if configured != Profile::Auto {
                self.pairs[p].profile = configured;
                continue;
            }
            let content = self.zone_aware_content(p);
            let (profile, undecided) = match self.name_evidence(p) {
                NameEvidence::Zone => (Profile::InternalLdc, None),
                NameEvidence::Public if content => (
                    Profile::InternalLdc,
                    Some("it uses zone-aware properties or values, but its file name has no zone part (`{appName}-{dbmode}-ds.xml`, the public loader's form)".to_string()),
                ),
                NameEvidence::Ambiguous(stem) if !content => (
                    Profile::Oss,
                    Some(format!("its appName is not written literally, so `{stem}` may be `{{appName}}-{{dbmode}}` with a `-` in the app name or `{{appName}}-{{dbmode}}-{{zone}}`")),
                ),
                _ if content => (Profile::InternalLdc, None),
                _ => (Profile::Oss, None),
            };
            self.pairs[p].profile = profile;
            self.pairs[p].undecided = undecided;
        }
    }

    /// What the ds file name of a pair says about the generation.
    fn name_evidence(&self, pair: usize) -> NameEvidence {
        let Some(ds) = self.pairs[pair].ds else { return NameEvidence::None };
        let Some(stem) = self.files[ds].name().strip_suffix("-ds.xml") else { return NameEvidence::None };
        let app = self.files[ds].beans.iter().copied().find(|&b| self.kind(b) == Kind::ZdalApp);
        let hint = app.and_then(|b| self.str_prop(b, "appName")).map(|(s, _)| s.trim()).filter(|s| !s.is_empty());
        let dbmode =
            app.and_then(|b| self.str_prop(b, "dbmode")).map(|(s, _)| s.trim()).filter(|s| !Model::deferred(s));
        match hint {
            Some(h) if !Model::deferred(h) => match stem.strip_prefix(h).and_then(|r| r.strip_prefix('-')) {
                // A literal dbmode settles a dbmode with a `-` in it (`pre-release`).
                Some(rest) if dbmode.is_some_and(|d| d.eq_ignore_ascii_case(rest)) => NameEvidence::Public,
                Some(rest) => match rest.split_once('-') {
                    Some(_) => NameEvidence::Zone,
                    None => NameEvidence::Public,
                },
                // [Z] does not compare appName (4.3): the name need not start with it; ZD005 judges the rest.
                None => NameEvidence::None,
            },
            _ if stem.matches('-').count() >= 2 => NameEvidence::Ambiguous(stem.to_string()),
            _ if stem.contains('-') => NameEvidence::Public,
            _ => NameEvidence::None,
        }
    }

    /// The profile a file is judged by.
    pub fn profile_of_file(&self, f: FileId) -> Profile {
        match self.files[f].pair {
            Some(p) => self.pairs[p].profile,
            None if self.files[f].kind == FileKind::AppDsl => Profile::AppDsl,
            None => Profile::Oss,
        }
    }

    fn list_targets(&self, pair: usize, v: Option<&Prop>) -> Vec<BeanId> {
        match v.map(|p| &p.value) {
            Some(Value::List { items, .. }) => items.iter().filter_map(|i| self.target(Some(pair), i)).collect(),
            Some(other) => self.target(Some(pair), other).into_iter().collect(),
            None => Vec::new(),
        }
    }

    fn str_map(&self, b: BeanId, name: &str) -> Option<(Loc, Vec<StrEntry>)> {
        let p = self.prop(b, name)?;
        let Value::Map { entries, .. } = &p.value else { return Some((p.loc.clone(), Vec::new())) };
        let list = entries
            .iter()
            .filter_map(|e| match &e.value {
                Value::Text { text, loc } => Some(StrEntry {
                    key: e.key.clone(),
                    raw_key: e.raw_key.clone(),
                    key_loc: e.key_loc.clone(),
                    value: text.clone(),
                    loc: loc.clone(),
                }),
                _ => None,
            })
            .collect();
        Some((p.loc.clone(), list))
    }

    fn build_app_ds(&mut self) {
        for pair in 0..self.pairs.len() {
            let Some(ds_file) = self.pairs[pair].ds else { continue };
            let file_name = self.files[ds_file].name().to_string();
            let apps: Vec<BeanId> =
                self.files[ds_file].beans.iter().copied().filter(|&b| self.kind(b) == Kind::ZdalApp).collect();
            let hint = apps.first().and_then(|&b| self.str_prop(b, "appName")).map(|(s, _)| s.trim().to_string());
            let parts = name_parts(&file_name, "-ds.xml", hint.as_deref());
            let by_name =
                parts.as_ref().and_then(|n| self.lookup(pair, &n.app)).filter(|&b| self.kind(b) == Kind::ZdalApp);
            self.pairs[pair].app = by_name.or(apps.first().copied());
            self.pairs[pair].name = parts;
            let Some(app) = self.pairs[pair].app else { continue };
            for ds in self.list_targets(pair, self.prop(app, "appDataSourceList")) {
                if self.kind(ds) != Kind::AppDs {
                    continue;
                }
                let built = self.app_ds(pair, ds);
                let non_jdbc = built.zone_aware
                    && self.str_prop(ds, "configType").is_some_and(|(t, _)| {
                        ["TAIR", "HBASE", "NEO4J"].contains(&t.trim().to_ascii_uppercase().as_str())
                    });
                if non_jdbc {
                    self.non_jdbc.push(built);
                } else {
                    self.app_ds.push(built);
                }
            }
        }
        let table_beans: Vec<BeanId> = (0..self.beans.len()).filter(|&b| self.kind(b) == Kind::TableRule).collect();
        for b in table_beans {
            let info = self.table_rule_info(b);
            self.table_rules.insert(b, info);
        }
    }

    fn app_ds(&self, pair: usize, ds: BeanId) -> AppDs {
        let zone_aware = self.pairs[pair].profile.zone_aware();
        let name = self.str_prop(ds, "appDataSourceName").map(|(s, _)| s.trim().to_string()).unwrap_or_default();
        let db_type = self.str_prop(ds, "dataBaseType").map(|(s, _)| s.trim().to_ascii_lowercase());
        let declared = self.str_prop(ds, "configType").map(|(s, _)| ConfigType::type_of(s, zone_aware));
        let physicals = self.list_targets(pair, self.prop(ds, "physicalDataSourceSet"));
        let mut logical = Vec::new();
        for &p in &physicals {
            // [Z] 4.8: `failoverRule` other than `master` (the default) files the names under failover.
            let failover = zone_aware
                && self
                    .str_prop(p, "failoverRule")
                    .is_some_and(|(r, _)| !r.trim().is_empty() && !r.trim().eq_ignore_ascii_case("master"));
            let set = match self.prop(p, "logicDbNameSet").map(|x| &x.value) {
                Some(Value::List { items, .. }) => items
                    .iter()
                    .filter_map(|i| match i {
                        Value::Text { text, loc } if !text.trim().is_empty() => {
                            Some((text.trim().to_string(), loc.clone()))
                        }
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            // [M] 1.9: an empty set defaults to the bean's `name`; [Z] 4.8 has no default logical name.
            if set.is_empty() && !zone_aware {
                if let Some((n, loc)) = self.str_prop(p, "name") {
                    if !n.trim().is_empty() {
                        logical.push(Logical { name: n.trim().to_string(), loc: loc.clone(), physical: p, failover });
                    }
                }
            } else {
                logical.extend(set.into_iter().map(|(name, loc)| Logical { name, loc, physical: p, failover }));
            }
        }
        let groups = self.str_map(ds, "groupDataSourceRuleMap");
        let failovers = self.str_map(ds, "failOverGroupRuleMap");
        // [Z] 4.5: SHARD becomes SHARD_GROUP with a group map, else SHARD_FAILOVER with a master logical name,
        // else stays SHARD, which builds nothing (4.6). [M] 2.2: no promotion, the map is ignored.
        let mut promoted_from = None;
        let mut inert = declared == Some(TypeOf::Inert);
        let config = match declared {
            Some(TypeOf::Known(ConfigType::Shard)) if zone_aware => {
                if groups.as_ref().is_some_and(|(_, e)| !e.is_empty()) {
                    promoted_from = Some(ConfigType::Shard);
                    Some(ConfigType::ShardGroup)
                } else if logical.iter().any(|l| !l.failover) {
                    promoted_from = Some(ConfigType::Shard);
                    Some(ConfigType::ShardFailover)
                } else {
                    inert = true;
                    Some(ConfigType::Shard)
                }
            }
            Some(TypeOf::Known(c)) => Some(c),
            _ => None,
        };
        let mut pool_keys = BTreeMap::new();
        let grouped = config.is_some_and(ConfigType::grouped);
        if !grouped {
            for l in &logical {
                pool_keys.entry(l.name.clone()).or_insert_with(|| l.loc.clone());
            }
        }
        if grouped || config.is_none() {
            if let Some((_, entries)) = &groups {
                for e in entries {
                    // Both loaders append `_r`/`_w` to the key as written, spaces and all (2.6).
                    for s in ["_r", "_w"] {
                        pool_keys.entry(format!("{}{s}", e.raw_key)).or_insert_with(|| e.key_loc.clone());
                    }
                }
            }
        }
        let app_rule = self.prop(ds, "appRule").and_then(|p| self.target(Some(pair), &p.value));
        let mut tables = Vec::new();
        if let Some(ar) = app_rule.filter(|&b| self.kind(b) == Kind::AppRule) {
            let rp = self.pair_of(ar).unwrap_or(pair);
            for role in [Role::ReadWrite, Role::Master, Role::Slave] {
                let Some(sr) = self.prop(ar, role.prop()).and_then(|p| self.target(Some(rp), &p.value)) else {
                    continue;
                };
                if self.kind(sr) != Kind::ShardRule {
                    continue;
                }
                if let Some(Value::Map { entries, .. }) = self.prop(sr, "tableRules").map(|p| &p.value) {
                    for e in entries {
                        tables.push(TableUse {
                            role,
                            shard_rule: sr,
                            key: e.key.trim().to_ascii_lowercase(),
                            key_loc: e.key_loc.clone(),
                            table_rule: self.target(Some(rp), &e.value).filter(|&t| self.kind(t) == Kind::TableRule),
                        });
                    }
                }
            }
        }
        if inert {
            pool_keys.clear(); // 4.6: pools but no selectors
        }
        AppDs {
            pair,
            bean: ds,
            name,
            db_type,
            config,
            zone_aware,
            promoted_from,
            inert,
            physicals,
            logical,
            groups,
            failovers,
            app_rule,
            pool_keys,
            tables,
        }
    }

    /// The texts of a list-or-string property; a string is split on `sep` when given.
    fn rule_texts(&self, b: BeanId, name: &str, sep: Option<char>) -> Vec<(String, Loc)> {
        match self.prop(b, name).map(|p| &p.value) {
            Some(Value::Text { text, loc }) => match sep {
                Some(c) => {
                    let mut out = Vec::new();
                    let mut off = 0;
                    for part in text.split(c) {
                        if !part.trim().is_empty() {
                            out.push((part.trim().to_string(), self.sub_loc(loc, text, off, part.len())));
                        }
                        off += part.len() + 1;
                    }
                    out
                }
                None if text.trim().is_empty() => Vec::new(),
                None => vec![(text.trim().to_string(), loc.clone())],
            },
            Some(Value::List { items, .. }) => items
                .iter()
                .filter_map(|i| match i {
                    Value::Text { text, loc } if !text.trim().is_empty() => {
                        Some((text.trim().to_string(), loc.clone()))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn table_rule_info(&self, b: BeanId) -> TableRuleInfo {
        let db_indexes = self.db_indexes(b);
        let mut db_rules = self.rule_texts(b, "dbRules", Some('|'));
        db_rules.extend(self.rule_texts(b, "dbRuleArray", None));
        db_rules.extend(self.rule_texts(b, "dbRuleList", None));
        let mut tb_rules = self.rule_texts(b, "tbRules", None);
        tb_rules.extend(self.rule_texts(b, "tbRuleArray", None));
        let suffix =
            self.str_prop(b, "tbSuffix").map(|(s, l)| (s.trim().to_string(), l.clone())).filter(|(s, _)| !s.is_empty());
        let scan = self.str_prop(b, "disableFullTableScan");
        TableRuleInfo {
            db_indexes,
            db_rules,
            tb_rules,
            suffix,
            disable_full_table_scan: scan.is_none_or(|(s, _)| !s.trim().eq_ignore_ascii_case("false")),
            full_scan_loc: scan.map(|(_, l)| l.clone()),
        }
    }

    fn db_indexes(&self, b: BeanId) -> Option<DbIndexes> {
        if let Some((raw, loc)) = self.str_prop(b, "dbIndexes") {
            let t = raw.trim_start();
            let lead = raw.len() - t.len();
            let (form, body_off) = if t.starts_with("SETBYPOOL:") {
                (DbIndexForm::SetByPool, lead + "SETBYPOOL:".len())
            } else if t.starts_with("SETBYGROOVY:") {
                (DbIndexForm::SetByGroovy, lead + "SETBYGROOVY:".len())
            } else if t.starts_with("SETBYRULE:") {
                (DbIndexForm::SetByRule, lead + "SETBYRULE:".len())
            } else {
                (DbIndexForm::List, lead)
            };
            let mut items = Vec::new();
            if form != DbIndexForm::SetByGroovy {
                let mut off = body_off;
                #[allow(
                    clippy::string_slice,
                    reason = "`body_off` ends the leading whitespace or an ASCII `SETBY…:` prefix after it"
                )]
                for part in raw[body_off..].split(',') {
                    let trimmed = part.trim();
                    let inner = part.len() - part.trim_start().len();
                    items.push((trimmed.to_string(), self.sub_loc(loc, raw, off + inner, trimmed.len())));
                    off += part.len() + 1;
                }
            }
            return Some(DbIndexes { form, loc: loc.clone(), raw: raw.to_string(), items });
        }
        if let Some(p) = self.prop(b, "dbIndexArray") {
            let items = match &p.value {
                Value::List { items, .. } => {
                    items.iter().filter_map(|i| i.text().map(|t| (t.trim().to_string(), i.loc().clone()))).collect()
                }
                _ => Vec::new(),
            };
            return Some(DbIndexes { form: DbIndexForm::Array, loc: p.loc.clone(), raw: String::new(), items });
        }
        let (prefix, loc) = self.str_prop(b, "dbIndexPrefix")?;
        let count = self.str_prop(b, "dbIndexCount").and_then(|(c, _)| c.trim().parse::<usize>().ok()).unwrap_or(0);
        let items = (0..count.min(4096)).map(|i| (format!("{}{i}", prefix.trim()), loc.clone())).collect();
        Some(DbIndexes { form: DbIndexForm::Prefix, loc: loc.clone(), raw: prefix.to_string(), items })
    }

    /// The `init-method` Spring runs for a bean: its own (or its file's default), else its `parent=` chain's.
    pub fn init_method(&self, b: BeanId) -> Option<&str> {
        let mut cur = Some(b);
        for _ in 0..16 {
            let c = cur?;
            if let Some(m) = self.beans[c].init_method.as_deref() {
                return Some(m);
            }
            cur = self.parents.get(c).copied().flatten();
        }
        None
    }

    /// Whether a value is deferred (`${…}`, rendered later by Antx or a placeholder configurer).
    pub fn deferred(s: &str) -> bool {
        s.contains("${")
    }
}

#[cfg(test)]
mod tests {
    use super::is_xml;

    #[test]
    fn xml_paths_by_extension_whatever_the_characters_before_it() {
        assert!(is_xml("conf/app-dev-ds.XML"));
        assert!(!is_xml(".xml"));
        // The fourth byte from the end sits inside `档`: a `str` slice there panicked and took the whole
        // repository-wide Zdal catalogue (and every SQL file that reads it) down with it.
        assert!(!is_xml("doc/XXL-JOB官方文档.md"));
        assert!(is_xml("文档/映射.xml"));
    }
}
