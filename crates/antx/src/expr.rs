//! `${…}` expressions inside property values and defaults, as autoconfig's `PropertiesLoader` reads them.

use std::collections::HashSet;
use std::ops::Range;

/// One piece of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// A reference `${name}`, with its range (`$` to `}`) in the value.
    Ref(String, Range<usize>),
    /// `${` without a closing `}`, at this offset.
    Unclosed(usize),
}

/// The references of a value, in order.
#[allow(clippy::string_slice, reason = "offsets are `find`s of ASCII `${` and `}` in the same str, or just past them")]
pub fn parts(value: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = value[from..].find("${").map(|i| i + from) {
        match value[at + 2..].find('}') {
            Some(close) => {
                let end = at + 2 + close + 1;
                out.push(Part::Ref(value[at + 2..end - 1].trim().to_string(), at..end));
                from = end;
            }
            None => {
                out.push(Part::Unclosed(at));
                break;
            }
        }
    }
    out
}

/// Why a value could not be expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpandError {
    Unclosed,
    /// The name of a reference with no value anywhere.
    Unresolved(String),
    /// The names on the cycle, starting and ending with the same name.
    Cycle(Vec<String>),
}

/// Expands `value` with `lookup` (which returns `None` for unknown names), recursively.
pub fn expand(value: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, ExpandError> {
    let mut stack = Vec::new();
    expand_in(value, lookup, &mut stack, &mut HashSet::new())
}

#[allow(
    clippy::string_slice,
    reason = "a reference's range runs from the `$` of `${` to just past `}`, as `parts` found them in `value`"
)]
fn expand_in(
    value: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    stack: &mut Vec<String>,
    done: &mut HashSet<String>,
) -> Result<String, ExpandError> {
    let mut out = String::with_capacity(value.len());
    let mut last = 0;
    for part in parts(value) {
        match part {
            Part::Unclosed(_) => return Err(ExpandError::Unclosed),
            Part::Ref(name, range) => {
                out.push_str(&value[last..range.start]);
                last = range.end;
                if let Some(pos) = stack.iter().position(|n| *n == name) {
                    let mut cycle = stack[pos..].to_vec();
                    cycle.push(name);
                    return Err(ExpandError::Cycle(cycle));
                }
                let Some(inner) = lookup(&name) else { return Err(ExpandError::Unresolved(name)) };
                if stack.len() > 64 {
                    return Err(ExpandError::Cycle(stack.clone()));
                }
                stack.push(name.clone());
                let expanded = expand_in(&inner, lookup, stack, done)?;
                stack.pop();
                done.insert(name);
                out.push_str(&expanded);
            }
        }
    }
    out.push_str(&value[last..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_and_detects_problems() {
        let lookup = |n: &str| match n {
            "a" => Some("x${b}".to_string()),
            "b" => Some("y".to_string()),
            "c" => Some("${d}".to_string()),
            "d" => Some("${c}".to_string()),
            _ => None,
        };
        assert_eq!(expand("${a}/z", &lookup), Ok("xy/z".to_string()));
        assert_eq!(expand("${zz}", &lookup), Err(ExpandError::Unresolved("zz".into())));
        assert_eq!(expand("${a", &lookup), Err(ExpandError::Unclosed));
        assert!(matches!(expand("${c}", &lookup), Err(ExpandError::Cycle(_))));
    }

    #[test]
    fn references_among_chinese_text() {
        let value = "订单${名称}库${a}";
        assert_eq!(parts(value), vec![Part::Ref("名称".into(), 6..15), Part::Ref("a".into(), 18..22)]);
        let lookup = |n: &str| (n == "名称" || n == "a").then(|| "档".to_string());
        assert_eq!(expand(value, &lookup), Ok("订单档库档".to_string()));
    }
}
