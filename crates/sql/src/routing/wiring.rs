//! Spring wiring of mapper and sqlMap files to Zdal data sources (zdal.md §7.1): a run-wide fact.
//!
//! MyBatis `SqlSessionFactoryBean` (`mapperLocations`, `configLocation` → `<mappers><mapper resource>`) and
//! iBatis `SqlMapClientFactoryBean` (`configLocation` → `<sqlMap resource>`) select mapper files; their
//! `dataSource` ref leads (through `targetDataSource` proxies and `parent=` beans) to a `ZdalDataSource`
//! `{appName, appDsName}`. Only XML files that mention one of these classes are read, once per run, and
//! only when a checked SQL or mapper file needs the binding.

use std::sync::Arc;

use precheck_core::{FileSource, RepoCtx};
use precheck_xml::beans::{self, Bean, BeanId, Index, Target as Ref};
use regex::Regex;

/// A session / sqlMap-client factory: which files it loads and where its data source leads.
#[derive(Debug)]
struct Factory {
    patterns: Vec<Regex>,
    target: Target,
}

/// Where a factory's `dataSource` leads.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    /// A `ZdalDataSource(appName, appDsName)`.
    Zdal(String, String),
    /// A data source that is not Zdal's: no routing rules apply.
    Other,
    /// The ref does not resolve (or the bean is incomplete): treated as unwired.
    Unknown,
}

/// How a mapper file is bound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bound {
    /// Wired to these Zdal data sources `(appName, appDsName)` (several: a mapper shared by factories).
    Zdal(Vec<(String, String)>),
    /// Wired only to data sources that are not Zdal's.
    NotZdal,
    /// No factory selects the file: the caller falls back on the table name.
    Unwired,
}

/// Every factory of the repository.
#[derive(Debug, Default)]
pub struct Wiring {
    factories: Vec<Factory>,
}

const MARKERS: [&[u8]; 3] = [b"SqlSessionFactoryBean", b"SqlMapClientFactoryBean", b"ZdalDataSource"];

/// The XML blobs without any of the [`MARKERS`], kept between runs; bump the version when they change.
const SCAN: &str = "spring-wiring-scan-v1";

impl Wiring {
    /// The wiring of the revision being checked, built once per run.
    pub fn of(cx: &RepoCtx<'_>) -> Arc<Wiring> {
        cx.fact(|| Wiring::build(cx.source, cx.cache_dir))
    }

    pub fn build(source: &dyn FileSource, cache_dir: Option<&std::path::Path>) -> Wiring {
        // Every XML file is read to find the wiring: in parallel, hits kept in path order (deterministic).
        use rayon::prelude::*;
        let xml: Vec<&precheck_core::FileInfo> =
            source.paths().iter().filter(|f| f.extension().eq_ignore_ascii_case("xml")).collect();
        // Blobs an earlier run found none of the markers in are not read again ([`precheck_core::BlobCache`]).
        let seen = precheck_core::BlobCache::load(cache_dir, SCAN);
        let docs: Vec<(String, precheck_xml::Doc)> = xml
            .par_iter()
            .filter_map(|info| {
                let no_marker = |b: &[u8]| !MARKERS.iter().any(|m| memchr::memmem::find(b, m).is_some());
                let bytes = seen.read(source, &info.path, no_marker)?;
                let text = precheck_xml::decode::text(&bytes).into_owned();
                // Leniently, as far as the file reads: a malformed file still wires what comes before the error.
                let (doc, _) = precheck_xml::parse_lenient(&text);
                Some((text, doc))
            })
            .collect();
        seen.save();
        let mut beans: Vec<Bean> = Vec::new();
        for (file, (text, doc)) in docs.iter().enumerate() {
            beans::collect_all(doc, text, file, &mut beans);
        }
        let index = Index::new(&beans);
        let mut factories = Vec::new();
        for b in &beans {
            let class = b.class.as_ref().map_or("", |(c, _)| c.as_str());
            let mybatis = beans::is_class(class, "SqlSessionFactoryBean");
            if !mybatis && !beans::is_class(class, "SqlMapClientFactoryBean") {
                continue;
            }
            let mut patterns = Vec::new();
            for v in values(b, "mapperLocations") {
                patterns.extend(v.split([',', ';', ' ', '\n', '\t']).filter(|s| !s.is_empty()).filter_map(glob));
            }
            if let Some(cfg) = values(b, "configLocation").first() {
                for res in config_resources(source, cfg) {
                    patterns.extend(glob(&res));
                }
            }
            let target = reference(b, "dataSource")
                .and_then(|r| index.resolve(r))
                .map_or(Target::Unknown, |r| resolve(&beans, &index, r, 0));
            factories.push(Factory { patterns, target });
        }
        Wiring { factories }
    }

    /// How the file at `path` is bound.
    pub fn bind(&self, path: &str) -> Bound {
        let mut zdal: Vec<(String, String)> = Vec::new();
        let mut other = false;
        for f in self.factories.iter().filter(|f| f.patterns.iter().any(|p| p.is_match(path))) {
            match &f.target {
                Target::Zdal(a, d) => {
                    if !zdal.iter().any(|(x, y)| x == a && y == d) {
                        zdal.push((a.clone(), d.clone()));
                    }
                }
                Target::Other => other = true,
                Target::Unknown => {}
            }
        }
        match (zdal.is_empty(), other) {
            (false, _) => Bound::Zdal(zdal),
            (true, true) => Bound::NotZdal,
            (true, false) => Bound::Unwired,
        }
    }
}

/// The texts of a bean's properties named `name`, in document order (`value=`, `<value>`, list items).
fn values<'b>(b: &'b Bean, name: &str) -> Vec<&'b str> {
    b.props.iter().filter(|p| p.name == name).flat_map(|p| beans::texts(&p.value)).collect()
}

/// The first bean a bean's properties named `name` refer to (`ref=`, `<ref>`, an inline bean).
fn reference<'b>(b: &'b Bean, name: &str) -> Option<Ref<'b>> {
    b.props.iter().filter(|p| p.name == name).find_map(|p| beans::refs(&p.value).into_iter().next())
}

fn is(beans: &[Bean], b: BeanId, class: &str) -> bool {
    beans[b].class.as_ref().is_some_and(|(c, _)| beans::is_class(c, class))
}

/// Follows a `dataSource` ref to a ZdalDataSource (through proxies' `targetDataSource`).
fn resolve(beans: &[Bean], index: &Index, b: BeanId, depth: usize) -> Target {
    if depth > 8 {
        return Target::Unknown;
    }
    let parent = |b: BeanId| beans[b].parent.as_ref().and_then(|(p, _)| index.get(p));
    if is(beans, b, "ZdalDataSource") || beans[b].class.as_ref().is_none_or(|(c, _)| c.is_empty()) {
        // Properties may come from `parent=` abstract beans.
        let lookup = |name: &str| {
            let mut cur = Some(b);
            for _ in 0..8 {
                let c = cur?;
                if let Some(v) = values(&beans[c], name).first() {
                    return Some(v.trim().to_string());
                }
                cur = parent(c);
            }
            None
        };
        let is_zdal = is(beans, b, "ZdalDataSource") || {
            let mut cur = parent(b);
            let mut found = false;
            for _ in 0..8 {
                let Some(c) = cur else { break };
                if is(beans, c, "ZdalDataSource") {
                    found = true;
                    break;
                }
                cur = parent(c);
            }
            found
        };
        if is_zdal {
            return match (lookup("appName"), lookup("appDsName")) {
                (Some(a), Some(d)) if !a.is_empty() && !d.is_empty() && !a.contains("${") && !d.contains("${") => {
                    Target::Zdal(a, d)
                }
                _ => Target::Unknown,
            };
        }
    }
    match reference(&beans[b], "targetDataSource") {
        Some(t) => index.resolve(t).map_or(Target::Unknown, |t| resolve(beans, index, t, depth + 1)),
        None => Target::Other,
    }
}

/// A Spring resource pattern as a regex over repository paths (classpath roots are any folder).
fn glob(pattern: &str) -> Option<Regex> {
    let p = pattern.trim();
    let p = p
        .strip_prefix("classpath*:")
        .or_else(|| p.strip_prefix("classpath:"))
        .or_else(|| p.strip_prefix("file:"))
        .unwrap_or(p)
        .trim_start_matches('/');
    if p.is_empty() || p.contains("${") {
        return None;
    }
    let mut re = String::from("(?:^|/)");
    let mut rest = p;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("**/") {
            re.push_str("(?:[^/]+/)*");
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix("**") {
            re.push_str(".*");
            rest = r;
            continue;
        }
        match c {
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            _ => re.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    re.push('$');
    Regex::new(&re).ok()
}

/// The mapper / sqlMap resources a MyBatis or iBatis config file lists.
fn config_resources(source: &dyn FileSource, location: &str) -> Vec<String> {
    let Some(re) = glob(location) else { return Vec::new() };
    let mut out = Vec::new();
    for info in source.paths().iter().filter(|f| re.is_match(&f.path)) {
        let Ok(bytes) = source.read(&info.path) else { continue };
        let text = precheck_xml::decode::text(&bytes);
        let (doc, _) = precheck_xml::parse_lenient(&text);
        for e in doc.elems.iter().filter(|e| matches!(e.local(), "mapper" | "sqlMap")) {
            out.extend(
                e.attrs.iter().filter(|a| a.name.rsplit(':').next() == Some("resource")).map(|a| a.value.clone()),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_repository_paths() {
        let g = glob("classpath*:mapper/**/*.xml").expect("valid glob");
        assert!(g.is_match("src/main/resources/mapper/OrderMapper.xml"));
        assert!(g.is_match("src/main/resources/mapper/a/b/OrderMapper.xml"));
        assert!(!g.is_match("src/main/resources/other/OrderMapper.xml"));
        let g = glob("classpath:sqlmap/order.xml").expect("valid glob");
        assert!(g.is_match("app/src/main/resources/sqlmap/order.xml"));
        assert!(!g.is_match("app/src/main/resources/sqlmap/order2.xml"));
    }

    #[test]
    fn beans_with_values_refs_and_inner_beans() {
        let xml = r#"<beans>
<bean id="ds" parent="base"><property name="appDsName" value="orderDs"/></bean>
<bean id="base" class="com.alipay.zdal.client.jdbc.ZdalDataSource" abstract="true">
  <property name="appName"><value> order </value></property></bean>
<bean id="f" class="org.mybatis.spring.SqlSessionFactoryBean">
  <property name="dataSource"><ref bean="ds"/></property>
  <property name="mapperLocations"><list><value>classpath:mapper/*.xml</value></list></property>
</bean></beans>"#;
        let (doc, _) = precheck_xml::parse_lenient(xml);
        let mut beans = Vec::new();
        beans::collect_all(&doc, xml, 0, &mut beans);
        let index = Index::new(&beans);
        let ds = index.get("ds").unwrap_or_default();
        assert_eq!(resolve(&beans, &index, ds, 0), Target::Zdal("order".into(), "orderDs".into()));
        let f = &beans[index.get("f").unwrap_or_default()];
        assert_eq!(reference(f, "dataSource"), Some(Ref::Id("ds")));
        assert_eq!(values(f, "mapperLocations").first().copied(), Some("classpath:mapper/*.xml"));
    }

    #[test]
    fn nested_profiles_inline_beans_and_a_malformed_tail_still_wire() {
        // Beans in a nested `<beans profile>`, a data source given inline, and a file that breaks after them:
        // as with the event reader this replaced, what precedes the error is read.
        let xml = r#"<?xml version="1.0"?>
<beans><beans profile="prod">
<bean id="f" class="org.mybatis.spring.SqlSessionFactoryBean">
  <property name="dataSource"><bean class="com.alipay.zdal.client.jdbc.ZdalDataSource">
    <property name="appName" value="order"/><property name="appDsName"><value>orderDs</value></property>
  </bean></property>
  <property name="mapperLocations" value="classpath:mapper/*.xml"/>
</bean></beans>
<bean id="broken" x="1" x="2"><property name="a" value="&nope;"/></oops>"#;
        let (doc, error) = precheck_xml::parse_lenient(xml);
        assert!(error.is_some());
        let mut beans = Vec::new();
        beans::collect_all(&doc, xml, 0, &mut beans);
        let index = Index::new(&beans);
        let f = &beans[index.get("f").unwrap_or_default()];
        let ds = reference(f, "dataSource").and_then(|r| index.resolve(r));
        let ds = ds.unwrap_or_else(|| panic!("no data source"));
        assert_eq!(resolve(&beans, &index, ds, 0), Target::Zdal("order".into(), "orderDs".into()));
        assert!(index.get("broken").is_some());
    }
}
