//! Spring wiring of mapper and sqlMap files to Zdal data sources (zdal.md §7.1): a run-wide fact.
//!
//! MyBatis `SqlSessionFactoryBean` (`mapperLocations`, `configLocation` → `<mappers><mapper resource>`) and
//! iBatis `SqlMapClientFactoryBean` (`configLocation` → `<sqlMap resource>`) select mapper files; their
//! `dataSource` ref leads (through `targetDataSource` proxies and `parent=` beans) to a `ZdalDataSource`
//! `{appName, appDsName}`. Only XML files that mention one of these classes are read, once per run, and
//! only when a checked SQL or mapper file needs the binding.

use std::collections::HashMap;
use std::sync::Arc;

use precheck_core::{FileSource, RepoCtx};
use quick_xml::Reader;
use quick_xml::events::Event;
use regex::Regex;

/// A bean as far as the wiring needs it.
#[derive(Debug, Default)]
struct Bean {
    id: Option<String>,
    class: String,
    parent: Option<String>,
    /// property name → (value texts, refs)
    props: HashMap<String, (Vec<String>, Vec<String>)>,
}

impl Bean {
    fn value(&self, name: &str) -> Option<&str> {
        self.props.get(name).and_then(|(v, _)| v.first()).map(String::as_str)
    }

    fn reference(&self, name: &str) -> Option<&str> {
        self.props.get(name).and_then(|(_, r)| r.first()).map(String::as_str)
    }

    fn is(&self, class: &str) -> bool {
        self.class.rsplit('.').next() == Some(class)
    }
}

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
        let beans: Vec<Bean> = xml
            .par_iter()
            .filter_map(|info| {
                let no_marker = |b: &[u8]| !MARKERS.iter().any(|m| memchr::memmem::find(b, m).is_some());
                let bytes = seen.read(source, &info.path, no_marker)?;
                Some(parse_beans(&precheck_core::text::decode(&bytes).text))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect();
        seen.save();
        let by_id: HashMap<&str, &Bean> = beans.iter().filter_map(|b| b.id.as_deref().map(|i| (i, b))).collect();
        let mut factories = Vec::new();
        for b in &beans {
            let mybatis = b.is("SqlSessionFactoryBean");
            if !mybatis && !b.is("SqlMapClientFactoryBean") {
                continue;
            }
            let mut patterns = Vec::new();
            if let Some((values, _)) = b.props.get("mapperLocations") {
                for v in values {
                    patterns.extend(v.split([',', ';', ' ', '\n', '\t']).filter(|s| !s.is_empty()).filter_map(glob));
                }
            }
            if let Some(cfg) = b.value("configLocation") {
                for res in config_resources(source, cfg) {
                    patterns.extend(glob(&res));
                }
            }
            let target = b.reference("dataSource").map_or(Target::Unknown, |r| resolve(&by_id, r, 0));
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

/// Follows a `dataSource` ref to a ZdalDataSource (through proxies' `targetDataSource`).
fn resolve(by_id: &HashMap<&str, &Bean>, id: &str, depth: usize) -> Target {
    let Some(b) = by_id.get(id) else { return Target::Unknown };
    if depth > 8 {
        return Target::Unknown;
    }
    if b.is("ZdalDataSource") || b.class.is_empty() {
        // Properties may come from `parent=` abstract beans.
        let lookup = |name: &str| {
            let mut cur = Some(*b);
            for _ in 0..8 {
                let c = cur?;
                if let Some(v) = c.value(name) {
                    return Some(v.trim().to_string());
                }
                cur = c.parent.as_deref().and_then(|p| by_id.get(p).copied());
            }
            None
        };
        let is_zdal = b.is("ZdalDataSource") || {
            let mut cur = b.parent.as_deref().and_then(|p| by_id.get(p).copied());
            let mut found = false;
            for _ in 0..8 {
                let Some(c) = cur else { break };
                if c.is("ZdalDataSource") {
                    found = true;
                    break;
                }
                cur = c.parent.as_deref().and_then(|p| by_id.get(p).copied());
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
    match b.reference("targetDataSource") {
        Some(t) => resolve(by_id, t, depth + 1),
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
        let text = precheck_core::text::decode(&bytes).text.into_owned();
        let mut reader = Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e)) => {
                    let name = e.local_name();
                    if name.as_ref() == b"mapper" || name.as_ref() == b"sqlMap" {
                        // No duplicate check: quick-xml's compares each attribute with every earlier one.
                        for a in e.attributes().with_checks(false).flatten() {
                            if a.key.local_name().as_ref() == b"resource" {
                                out.push(String::from_utf8_lossy(&a.value).into_owned());
                            }
                        }
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
    out
}

/// The beans of one Spring XML file (ids, classes, parents, property values and refs).
fn parse_beans(text: &str) -> Vec<Bean> {
    let mut reader = Reader::from_str(text);
    let mut done = Vec::new();
    let mut stack: Vec<Bean> = Vec::new();
    // The property being read, per open bean: its name, and whether we are inside `<value>`.
    let mut prop: Vec<Option<String>> = Vec::new();
    let mut in_value = false;
    let mut anon = 0usize;
    loop {
        let ev = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                // No duplicate check (quadratic on one element with 100k attributes); `attr` finds the first.
                let attrs: Vec<(String, String)> = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .map(|a| {
                        (
                            String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(),
                            String::from_utf8_lossy(&a.value).into_owned(),
                        )
                    })
                    .collect();
                let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                match e.local_name().as_ref() {
                    b"bean" => {
                        let mut b = Bean {
                            id: attr("id")
                                .or_else(|| attr("name").and_then(|n| n.split([',', ' ']).next().map(String::from))),
                            class: attr("class").unwrap_or_default(),
                            parent: attr("parent"),
                            props: HashMap::new(),
                        };
                        // An inline bean is the value of the enclosing property: give it an id to ref.
                        if let (Some(Some(p)), Some(outer)) = (prop.last(), stack.last_mut()) {
                            if b.id.is_none() {
                                anon += 1;
                                b.id = Some(format!("(inner bean {anon})"));
                            }
                            outer.props.entry(p.clone()).or_default().1.extend(b.id.clone());
                        }
                        if empty {
                            done.push(b);
                        } else {
                            stack.push(b);
                            prop.push(None);
                        }
                    }
                    b"property" => {
                        let name = attr("name").unwrap_or_default();
                        if let Some(b) = stack.last_mut() {
                            let entry = b.props.entry(name.clone()).or_default();
                            entry.0.extend(attr("value"));
                            entry.1.extend(attr("ref"));
                        }
                        if !empty {
                            if let Some(p) = prop.last_mut() {
                                *p = Some(name);
                            }
                        }
                    }
                    b"ref" | b"idref" => {
                        if let (Some(Some(p)), Some(b)) = (prop.last(), stack.last_mut()) {
                            let r = attr("bean").or_else(|| attr("local")).or_else(|| attr("parent"));
                            b.props.entry(p.clone()).or_default().1.extend(r);
                        }
                    }
                    b"value" => in_value = !empty,
                    _ => {}
                }
            }
            Event::Text(t) if in_value => {
                if let (Some(Some(p)), Some(b)) = (prop.last(), stack.last_mut()) {
                    let v = String::from_utf8_lossy(&t).trim().to_string();
                    b.props.entry(p.clone()).or_default().0.push(v);
                }
            }
            Event::CData(t) if in_value => {
                if let (Some(Some(p)), Some(b)) = (prop.last(), stack.last_mut()) {
                    let v = String::from_utf8_lossy(&t).trim().to_string();
                    b.props.entry(p.clone()).or_default().0.push(v);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"bean" => {
                    prop.pop();
                    done.extend(stack.pop());
                }
                b"property" => {
                    if let Some(p) = prop.last_mut() {
                        *p = None;
                    }
                }
                b"value" => in_value = false,
                _ => {}
            },
            _ => {}
        }
    }
    done.extend(stack);
    done
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
        let beans = parse_beans(xml);
        let by_id: HashMap<&str, &Bean> = beans.iter().filter_map(|b| b.id.as_deref().map(|i| (i, b))).collect();
        assert_eq!(resolve(&by_id, "ds", 0), Target::Zdal("order".into(), "orderDs".into()));
        let f = by_id["f"];
        assert_eq!(f.reference("dataSource"), Some("ds"));
        assert_eq!(f.value("mapperLocations"), Some("classpath:mapper/*.xml"));
    }
}
