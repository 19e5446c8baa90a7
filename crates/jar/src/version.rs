//! Maven's version order (`ComparableVersion` of Maven 3.8) and version ranges (`VersionRange`).
//!
//! The order is reproduced item by item because it decides mediation outcomes and enforcer findings:
//! `1.0 == 1.0.0 == 1-0`, `alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp`,
//! unknown qualifiers after the known ones, lexically; numbers compare numerically at any length.

use std::cmp::Ordering;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    /// Digits without leading zeros ("" is zero).
    Int(String),
    /// A qualifier after aliasing (`ga`/`final`/`release` → "", `cr` → `rc`, `a1` → `alpha`…).
    Str(String),
    List(Vec<Item>),
}

const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

/// The sortable form Maven gives a qualifier: its index among the known ones, else `7-<qualifier>`.
fn comparable_qualifier(q: &str) -> String {
    match QUALIFIERS.iter().position(|k| *k == q) {
        Some(i) => i.to_string(),
        None => format!("{}-{q}", QUALIFIERS.len()),
    }
}

fn cmp_int(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl Item {
    fn is_null(&self) -> bool {
        match self {
            Item::Int(d) => d.is_empty(),
            Item::Str(s) => s.is_empty(),
            Item::List(l) => l.is_empty(),
        }
    }

    fn cmp_opt(&self, other: Option<&Item>) -> Ordering {
        match (self, other) {
            (Item::Int(d), None) => {
                if d.is_empty() {
                    Ordering::Equal
                } else {
                    Ordering::Greater
                }
            }
            (Item::Int(a), Some(Item::Int(b))) => cmp_int(a, b),
            (Item::Int(_), Some(_)) => Ordering::Greater,
            (Item::Str(s), None) => comparable_qualifier(s).cmp(&comparable_qualifier("")),
            (Item::Str(_), Some(Item::Int(_))) | (Item::Str(_), Some(Item::List(_))) => Ordering::Less,
            (Item::Str(a), Some(Item::Str(b))) => comparable_qualifier(a).cmp(&comparable_qualifier(b)),
            (Item::List(l), None) => l.first().map_or(Ordering::Equal, |f| f.cmp_opt(None)),
            (Item::List(_), Some(Item::Int(_))) => Ordering::Less,
            (Item::List(_), Some(Item::Str(_))) => Ordering::Greater,
            (Item::List(a), Some(Item::List(b))) => {
                let n = a.len().max(b.len());
                for i in 0..n {
                    let r = match (a.get(i), b.get(i)) {
                        (None, None) => Ordering::Equal,
                        (None, Some(r)) => r.cmp_opt(None).reverse(),
                        (Some(l), r) => l.cmp_opt(r),
                    };
                    if r != Ordering::Equal {
                        return r;
                    }
                }
                Ordering::Equal
            }
        }
    }
}

/// A Maven version with its original spelling and its parsed, comparable form.
#[derive(Clone, Debug)]
pub struct Version {
    text: String,
    items: Item,
}

impl Version {
    pub fn parse(text: &str) -> Version {
        Version { text: text.to_string(), items: parse_items(text) }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_snapshot(&self) -> bool {
        self.text.ends_with("-SNAPSHOT") || self.text == "SNAPSHOT"
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Version) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Version {}
impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Version {
    fn cmp(&self, other: &Version) -> Ordering {
        self.items.cmp_opt(Some(&other.items))
    }
}

/// Compares two version strings the way Maven does.
pub fn compare(a: &str, b: &str) -> Ordering {
    Version::parse(a).cmp(&Version::parse(b))
}

fn string_item(s: &str, followed_by_digit: bool) -> Item {
    let s = if followed_by_digit && s.len() == 1 {
        match s {
            "a" => "alpha",
            "b" => "beta",
            "m" => "milestone",
            other => other,
        }
    } else {
        s
    };
    let s = match s {
        "ga" | "final" | "release" => "",
        "cr" => "rc",
        other => other,
    };
    Item::Str(s.to_string())
}

fn parse_item(is_digit: bool, s: &str) -> Item {
    if is_digit { Item::Int(s.trim_start_matches('0').to_string()) } else { string_item(s, false) }
}

/// Lists nest at most this deep; further items stay in the deepest list. Comparing and dropping recurse
/// once per level, and a real version has a handful (`1.0-alpha-1-SNAPSHOT` has four): a hostile
/// `1-1-1-…` must not take the stack with it.
const MAX_NESTING: usize = 64;

/// `ComparableVersion.parseVersion`: a stack of nested lists, a new list at every `-` and at every switch
/// between digits and letters, normalised by dropping trailing null items.
fn parse_items(version: &str) -> Item {
    let v: Vec<char> = version.to_lowercase().chars().collect();
    // Lists are kept as a path of indices into the nesting; build with an explicit stack of vectors.
    let mut stack: Vec<Vec<Item>> = vec![Vec::new()];
    let mut is_digit = false;
    let mut start = 0usize;
    let sub = |a: usize, b: usize| -> String { v[a..b].iter().collect() };
    let mut i = 0;
    while i < v.len() {
        let c = v[i];
        let top = stack.len() - 1;
        if c == '.' {
            let item = if i == start { Item::Int(String::new()) } else { parse_item(is_digit, &sub(start, i)) };
            stack[top].push(item);
            start = i + 1;
        } else if c == '-' {
            let item = if i == start { Item::Int(String::new()) } else { parse_item(is_digit, &sub(start, i)) };
            stack[top].push(item);
            start = i + 1;
            if stack.len() < MAX_NESTING {
                stack.push(Vec::new());
            }
        } else if c.is_ascii_digit() {
            if !is_digit && i > start {
                stack[top].push(string_item(&sub(start, i), true));
                start = i;
                if stack.len() < MAX_NESTING {
                    stack.push(Vec::new());
                }
            }
            is_digit = true;
        } else {
            if is_digit && i > start {
                stack[top].push(parse_item(true, &sub(start, i)));
                start = i;
                if stack.len() < MAX_NESTING {
                    stack.push(Vec::new());
                }
            }
            is_digit = false;
        }
        i += 1;
    }
    if v.len() > start {
        let top = stack.len() - 1;
        stack[top].push(parse_item(is_digit, &sub(start, v.len())));
    }
    // Close the nested lists innermost first, normalising each, as Maven pops its stack.
    while stack.len() > 1 {
        let mut list = stack.pop().unwrap_or_default();
        normalize(&mut list);
        if let Some(parent) = stack.last_mut() {
            parent.push(Item::List(list));
        }
    }
    let mut root = stack.pop().unwrap_or_default();
    normalize(&mut root);
    Item::List(root)
}

fn normalize(list: &mut Vec<Item>) {
    let mut i = list.len();
    while i > 0 {
        i -= 1;
        if list[i].is_null() {
            list.remove(i);
        } else if !matches!(list[i], Item::List(_)) {
            break;
        }
    }
}

/// One bound of a range restriction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    pub version: Version,
    pub inclusive: bool,
}

/// One `[a,b)` part of a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restriction {
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
}

impl Restriction {
    pub fn contains(&self, v: &Version) -> bool {
        if let Some(l) = &self.lower {
            match v.cmp(&l.version) {
                Ordering::Less => return false,
                Ordering::Equal if !l.inclusive => return false,
                _ => {}
            }
        }
        if let Some(u) = &self.upper {
            match v.cmp(&u.version) {
                Ordering::Greater => return false,
                Ordering::Equal if !u.inclusive => return false,
                _ => {}
            }
        }
        true
    }
}

/// A version specification: a soft preference (`1.0`) or hard restrictions (`[1.0,2.0),[3.0,)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionSpec {
    Soft(Version),
    Range(Vec<Restriction>),
}

impl VersionSpec {
    /// Parses a `<version>` value; `None` when it is a malformed range.
    #[allow(
        clippy::string_slice,
        reason = "`rest` starts with ASCII `[` or `(`, and `close` is a `find` of ASCII `]` or `)` in it"
    )]
    pub fn parse(text: &str) -> Option<VersionSpec> {
        let t = text.trim();
        if !(t.starts_with('[') || t.starts_with('(')) {
            return Some(VersionSpec::Soft(Version::parse(t)));
        }
        let mut out = Vec::new();
        let mut rest = t;
        while !rest.is_empty() {
            let open = rest.chars().next()?;
            if open != '[' && open != '(' {
                return None;
            }
            let close = rest.find([']', ')'])?;
            let inner = &rest[1..close];
            let lower_inc = open == '[';
            let upper_inc = rest.as_bytes()[close] == b']';
            match inner.split_once(',') {
                None => {
                    // `[1.5]` pins one version; `(1.5)` is malformed, as in Maven.
                    if !(lower_inc && upper_inc) || inner.trim().is_empty() {
                        return None;
                    }
                    let v = Version::parse(inner.trim());
                    out.push(Restriction {
                        lower: Some(Bound { version: v.clone(), inclusive: true }),
                        upper: Some(Bound { version: v, inclusive: true }),
                    });
                }
                Some((lo, hi)) => {
                    let (lo, hi) = (lo.trim(), hi.trim());
                    if hi.contains(',') {
                        return None;
                    }
                    let lower = (!lo.is_empty()).then(|| Bound { version: Version::parse(lo), inclusive: lower_inc });
                    let upper = (!hi.is_empty()).then(|| Bound { version: Version::parse(hi), inclusive: upper_inc });
                    if let (Some(l), Some(u)) = (&lower, &upper) {
                        if l.version > u.version {
                            return None;
                        }
                    }
                    out.push(Restriction { lower, upper });
                }
            }
            rest = rest[close + 1..].trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
        }
        if out.is_empty() { None } else { Some(VersionSpec::Range(out)) }
    }

    pub fn is_range(&self) -> bool {
        matches!(self, VersionSpec::Range(_))
    }

    /// Whether a range has no upper bound (`[1.0,)`): the build takes whatever is newest.
    pub fn is_open(&self) -> bool {
        match self {
            VersionSpec::Range(r) => r.iter().any(|x| x.upper.is_none()),
            VersionSpec::Soft(_) => false,
        }
    }

    pub fn contains(&self, v: &Version) -> bool {
        match self {
            VersionSpec::Soft(_) => true,
            VersionSpec::Range(r) => r.iter().any(|x| x.contains(v)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lt(a: &str, b: &str) {
        assert_eq!(compare(a, b), Ordering::Less, "{a} < {b}");
        assert_eq!(compare(b, a), Ordering::Greater, "{b} > {a}");
    }

    fn eq(a: &str, b: &str) {
        assert_eq!(compare(a, b), Ordering::Equal, "{a} == {b}");
    }

    #[test]
    fn maven_version_order() {
        // The sequence from Maven's ComparableVersionTest.
        let order =
            ["1", "1.1", "1-snapshot", "1", "1-sp", "1-foo2", "1-foo10", "1.foo", "1-foo", "1-1", "1.1", "1.2", "1.10"];
        let _ = order;
        for w in [
            ("1-alpha-1", "1-beta-1"),
            ("1-beta-1", "1-milestone-1"),
            ("1-milestone-1", "1-rc-1"),
            ("1-rc-1", "1-SNAPSHOT"),
            ("1-SNAPSHOT", "1"),
            ("1", "1-sp"),
            ("1-sp", "1-abc"),
            ("1.0.9", "1.0.10"),
            ("1.9", "1.10"),
            ("2.0-alpha1", "2.0"),
            ("1.0-foo2", "1.0-foo10"),
            ("1.0", "1.0.1"),
            ("1-1", "1.1"),
            ("3.8.7", "3.9.0"),
            ("1.0-RC1", "1.0"),
            ("12345678901234567890", "12345678901234567891"),
        ] {
            lt(w.0, w.1);
        }
        eq("1.0", "1.0.0");
        eq("1.0", "1-0");
        eq("1", "1.0.0.0");
        eq("1-ga", "1");
        eq("1.0.final", "1.0");
        eq("1-cr1", "1-rc1");
        eq("1a1", "1-alpha-1");
        eq("1.0-RELEASE", "1.0");
    }

    #[test]
    fn a_100k_deep_version_is_compared_and_dropped_without_recursing_per_level() {
        let deep = "1-".repeat(100_000) + "2";
        let other = "1-".repeat(100_000) + "3";
        assert_eq!(compare(&deep, &other), Ordering::Less);
        lt(&"1-".repeat(10), &"1-".repeat(10).replace("-1-1-", "-2-1-"));
        assert!(VersionSpec::parse(&format!("[{deep},)")).is_some_and(|r| r.contains(&Version::parse(&other))));
        let letters = "a1".repeat(100_000);
        assert_eq!(compare(&letters, &letters), Ordering::Equal);
    }

    #[test]
    fn ranges() {
        let r = VersionSpec::parse("[1.0,2.0)").unwrap_or_else(|| panic!("parse"));
        assert!(r.contains(&Version::parse("1.0")) && r.contains(&Version::parse("1.9.9")));
        assert!(!r.contains(&Version::parse("2.0")));
        let r = VersionSpec::parse("(,1.0],[1.2,)").unwrap_or_else(|| panic!("parse"));
        assert!(r.contains(&Version::parse("0.9")) && !r.contains(&Version::parse("1.1")));
        assert!(r.is_open());
        let r = VersionSpec::parse("[1.5]").unwrap_or_else(|| panic!("parse"));
        assert!(r.contains(&Version::parse("1.5.0")) && !r.contains(&Version::parse("1.6")));
        assert!(VersionSpec::parse("[2.0,1.0]").is_none());
        assert!(VersionSpec::parse("[1.0").is_none());
        assert!(!VersionSpec::parse("1.0").unwrap_or_else(|| panic!("parse")).is_range());
    }
}
