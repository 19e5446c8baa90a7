//! autoconfig's validator plugins (antx.md §1.2), without network lookups unless `machine-checks` is on.

use std::sync::OnceLock;

use regex::Regex;

use crate::descriptor::Elem;

/// Every validator name autoconfig knows.
pub const NAMES: &[&str] =
    &["required", "boolean", "choice", "number", "keyword", "email", "regexp", "url", "fileExist", "hostExist"];

/// The result of running one validator on one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// Fails on any machine: the message says why.
    Fail(String),
    /// Fails on this machine (DNS, file existence): only reported with `machine-checks`.
    MachineFail(String),
    /// Not checkable here (an unsupported regexp, a machine check that is off, a broken validator).
    Unknown,
}

/// A `regexp` validator's `mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Contain,
    Exact,
    Prefix,
}

/// Parses `mode`: `contain` (default), `exact` or `prefix`, optionally `!`-prefixed to negate.
pub fn parse_mode(mode: Option<&str>) -> Option<(Mode, bool)> {
    let raw = mode.map(str::trim).unwrap_or("contain");
    let (negate, word) = match raw.strip_prefix('!') {
        Some(rest) => (true, rest.trim()),
        None => (false, raw),
    };
    let mode = match word {
        "" | "contain" => Mode::Contain,
        "exact" => Mode::Exact,
        "prefix" => Mode::Prefix,
        _ => return None,
    };
    Some((mode, negate))
}

/// How a `regexp` attribute compiles: `Ok(Some)`, a Perl5 feature our engine lacks (`Ok(None)`), or an error.
pub fn compile_regexp(pattern: &str, mode: Mode) -> Result<Option<Regex>, String> {
    let anchored = match mode {
        Mode::Contain => pattern.to_string(),
        Mode::Exact => format!("^(?:{pattern})$"),
        Mode::Prefix => format!("^(?:{pattern})"),
    };
    match Regex::new(&anchored) {
        Ok(re) => Ok(Some(re)),
        Err(e) => {
            let msg = e.to_string();
            // ORO accepts look-around and backreferences; the regex crate does not, which is not the user's error.
            if msg.contains("look-around") || msg.contains("backreferences") {
                Ok(None)
            } else {
                Err(msg.lines().last().unwrap_or_default().trim().trim_start_matches("error: ").to_string())
            }
        }
    }
}

fn re(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

fn email_re() -> Option<&'static Regex> {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    re(&CELL, r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*@[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()
}

fn flag(v: &Elem, name: &str, default: bool) -> bool {
    v.value(name).map_or(default, |s| s.eq_ignore_ascii_case("true"))
}

/// Runs validator `v` on `value` as autoconfig would. `required` is not run here (AX021 owns it).
pub fn validate(v: &Elem, value: &str, machine: bool) -> Outcome {
    let kind = v.value("name").unwrap_or_default();
    // An empty value passes every validator except `required`.
    if value.is_empty() {
        return Outcome::Pass;
    }
    match kind {
        "boolean" => {
            if value == "true" || value == "false" {
                Outcome::Pass
            } else {
                Outcome::Fail("is not `true` or `false`".into())
            }
        }
        "choice" => {
            let Some(choices) = v.value("choice") else { return Outcome::Unknown };
            let list = split_list(choices);
            if list.iter().any(|c| c == value.trim()) {
                Outcome::Pass
            } else {
                Outcome::Fail(format!(
                    "is not one of {}",
                    list.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ))
            }
        }
        "number" => {
            if value.bytes().all(|b| b.is_ascii_digit()) {
                Outcome::Pass
            } else {
                Outcome::Fail("is not a number (`^\\d+$`)".into())
            }
        }
        "keyword" => {
            if value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                Outcome::Pass
            } else {
                Outcome::Fail("is not a keyword (`^\\w+$`)".into())
            }
        }
        "email" => match email_re() {
            Some(re) if re.is_match(value) => Outcome::Pass,
            Some(_) => Outcome::Fail("is not an email address".into()),
            None => Outcome::Unknown,
        },
        "regexp" => {
            let Some(pattern) = v.attr("regexp").map(|a| a.value.as_str()) else { return Outcome::Unknown };
            let Some((mode, negate)) = parse_mode(v.value("mode")) else { return Outcome::Unknown };
            match compile_regexp(pattern, mode) {
                Ok(Some(re)) => {
                    if re.is_match(value) != negate {
                        Outcome::Pass
                    } else if negate {
                        Outcome::Fail(format!("matches the excluded pattern `{pattern}`"))
                    } else {
                        Outcome::Fail(format!("does not match `{pattern}`"))
                    }
                }
                _ => Outcome::Unknown,
            }
        }
        "url" => url(v, value, machine),
        "fileExist" => {
            let path = std::path::Path::new(value.trim());
            if !path.is_absolute() {
                return Outcome::Fail("is not an absolute path".into());
            }
            if !machine {
                return Outcome::Unknown;
            }
            let full = match v.value("file") {
                Some(sub) if !sub.is_empty() => path.join(sub),
                _ => path.to_path_buf(),
            };
            if full.exists() { Outcome::Pass } else { Outcome::MachineFail("does not exist on this machine".into()) }
        }
        "hostExist" => {
            if machine {
                host_resolves(value.trim())
            } else {
                Outcome::Unknown
            }
        }
        _ => Outcome::Unknown,
    }
}

fn host_resolves(host: &str) -> Outcome {
    use std::net::ToSocketAddrs;
    match (host, 0u16).to_socket_addrs().map(|mut a| a.next().is_some()) {
        Ok(true) => Outcome::Pass,
        _ => Outcome::MachineFail(format!("host `{host}` does not resolve from this machine")),
    }
}

fn url(v: &Elem, value: &str, machine: bool) -> Outcome {
    let value = value.trim();
    let Some((scheme, rest)) = value.split_once("://") else {
        return Outcome::Fail("is not a URL".into());
    };
    if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) {
        return Outcome::Fail("is not a URL".into());
    }
    if let Some(protocols) = v.value("protocols") {
        let list = split_list(protocols);
        if !list.is_empty() && !list.iter().any(|p| p.eq_ignore_ascii_case(scheme)) {
            return Outcome::Fail(format!("uses protocol `{scheme}`, not one of {}", list.join(", ")));
        }
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map(|h| h.trim_start_matches('[')).unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return Outcome::Fail("has no host".into());
    }
    if flag(v, "endsWithSlash", true) && !value.ends_with('/') {
        return Outcome::Fail("does not end with `/` (the `url` validator's `endsWithSlash` defaults to true)".into());
    }
    if flag(v, "checkHostExist", true) && machine {
        return host_resolves(host);
    }
    Outcome::Pass
}
