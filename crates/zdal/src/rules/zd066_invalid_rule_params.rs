//! ZD066 invalid-rule-params: a rule placeholder that its `ruleParames` cannot fill.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::{BeanId, Loc, Value};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD066",
    "invalid-rule-params",
    Severity::Error,
    "a rule placeholder that its `ruleParames` cannot fill",
    r##"## What it does
Checks the parameters a TableRule substitutes into its rule expressions before compiling them: `ruleParames` (both rule kinds), `dbRuleParames` (dbRules) and `tbRuleParames` (tbRules), written as a `<list>` or one string split on `|` (else `,`). Positional parameters fill `{0}`, `{1}`, … (MessageFormat); named parameters are written `name:value` and fill `{name}`. It reports a positional `{n}` with `n` at or beyond the number of parameters, a named parameter that is not `name:value`, and a named `{name}` no parameter provides.

## Why
A named parameter that does not split into `name:value` fails the load with "使用名字化的占位符替换失败！". A `{n}` that MessageFormat has no value for stays in the text and is compiled into Groovy as a closure: the rule returns a closure instead of an index, and routing fails on the first SQL.

## Example
```xml
<property name="ruleParames" value="16" />
<property name="dbRules" value="#user_id#.longValue() % {0} % {1}" />
```

## Use instead
```xml
<property name="ruleParames" value="16,4" />
```
"##,
).repo();

/// Parameters as (text, place).
fn params(m: &Model, b: BeanId, name: &str) -> Option<Vec<(String, Loc)>> {
    let p = m.prop(b, name)?;
    Some(match &p.value {
        Value::Text { text, loc } => {
            let sep = if text.contains('|') { '|' } else { ',' };
            let mut out = Vec::new();
            let mut off = 0;
            for part in text.split(sep) {
                let t = part.trim();
                if !t.is_empty() {
                    let inner = part.len() - part.trim_start().len();
                    out.push((t.to_string(), m.sub_loc(loc, text, off + inner, t.len())));
                }
                off += part.len() + 1;
            }
            out
        }
        Value::List { items, .. } => items
            .iter()
            .filter_map(|i| match i {
                Value::Text { text, loc } if !text.trim().is_empty() => Some((text.trim().to_string(), loc.clone())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    })
}

/// The `{…}` placeholders of an expression: (byte offset, inner text), digits or an identifier only.
#[allow(clippy::string_slice, reason = "offsets are `find`s of ASCII `{` and `}` in the same str, or one past one")]
fn placeholders(expr: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = expr[rest..].find('{').map(|i| rest + i) {
        let Some(close) = expr[open + 1..].find('}').map(|i| open + 1 + i) else { break };
        let inner = &expr[open + 1..close];
        let ident = !inner.is_empty()
            && inner.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
            && !inner.as_bytes()[0].is_ascii_digit();
        if ident || (!inner.is_empty() && inner.bytes().all(|c| c.is_ascii_digit())) {
            out.push((open, inner));
            rest = close + 1;
        } else {
            rest = open + 1;
        }
    }
    out
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut beans: Vec<&BeanId> = m.table_rules.keys().collect();
    beans.sort_unstable();
    for &b in beans {
        let info = &m.table_rules[&b];
        let common = params(m, b, "ruleParames");
        for (own, rules) in [("dbRuleParames", &info.db_rules), ("tbRuleParames", &info.tb_rules)] {
            let (prop, list) = match params(m, b, own) {
                Some(l) => (own, Some(l)),
                None => ("ruleParames", common.clone()),
            };
            let list = list.unwrap_or_default();
            let prop_loc = m.prop(b, prop).map(|p| p.value.loc().clone());
            let named = list.iter().any(|(p, _)| p.contains(':'));
            if named {
                for (p, loc) in &list {
                    let ok = p.split_once(':').is_some_and(|(n, v)| !n.trim().is_empty() && !v.trim().is_empty());
                    if !ok {
                        out.emit(&RULE, || {
                            at(
                                m,
                                &RULE,
                                loc,
                                format!("`{prop}` entry `{p}` is not `name:value`: \"使用名字化的占位符替换失败！\""),
                            )
                            .with_help("write every named parameter as `name:value`, or use only positional parameters")
                        });
                    }
                }
            }
            for (expr, loc) in rules.iter() {
                if Model::deferred(expr) {
                    continue;
                }
                for (off, inner) in placeholders(expr) {
                    let ph = format!("{{{inner}}}");
                    let ph_loc = m.sub_loc(loc, expr, off, ph.len());
                    if let Ok(n) = inner.parse::<usize>() {
                        if named || n < list.len() {
                            continue;
                        }
                        let count = list.len();
                        out.emit(&RULE, || {
                            let f = at(m, &RULE, &ph_loc, format!("placeholder `{ph}` has no value: `{prop}` gives {count} parameter(s), so `{ph}` is compiled into Groovy as is"))
                                .with_help(format!("add the missing value to `{prop}`, or fix the placeholder's index"));
                            match &prop_loc {
                                Some(l) => f.with_label(m.span(l), "parameters given here"),
                                None => f,
                            }
                        });
                    } else if named {
                        if list.iter().any(|(p, _)| p.split_once(':').is_some_and(|(n, _)| n.trim() == inner)) {
                            continue;
                        }
                        out.emit(&RULE, || {
                            let f = at(m, &RULE, &ph_loc, format!("named placeholder `{ph}` has no `{inner}:value` in `{prop}`: \"使用名字化的占位符替换失败！\""))
                                .with_help(format!("add `{inner}:value` to `{prop}`"));
                            match &prop_loc {
                                Some(l) => f.with_label(m.span(l), "parameters given here"),
                                None => f,
                            }
                        });
                    }
                }
            }
        }
    }
}
