//! ZD056 misspelled-suffix-type: a `tbSuffix` type not spelled exactly as Zdal knows it.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::Model;
use precheck_xml::beans::BeanId;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD056",
    "misspelled-suffix-type",
    Severity::Warning,
    "a `tbSuffix` type not spelled exactly as Zdal knows it",
    r#"## What it does
The tbSuffix type is case-sensitive; an unknown type silently falls back to `throughAllDB`. Reports a type that is not exactly one of `throughAllDB`, `resetForEachDB`, `dbIndexForEachDB`, `twoColumnForEachDB` or the groovy types.

## Why
A misspelled `resetForEachDB` is read as `throughAllDB`: the tables are spread across databases instead of repeated in each, and most table names do not exist.

## Example
```xml
<property name="tbSuffix" value="resetforeachdb:[_00-_09]" />
```

## Use instead
Spell the type exactly: `resetForEachDB`.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut ids: Vec<&BeanId> = m.table_rules.keys().collect();
    ids.sort();
    for &b in ids {
        let info = &m.table_rules[&b];
        if m.beans[b].is_abstract {
            continue;
        }
        let Some((s, loc)) = &info.suffix else { continue };
        if Model::deferred(s) {
            continue;
        }
        let kind = s.split(':').next().unwrap_or("").trim();
        if grammar::SUFFIX_TYPES.contains(&kind) {
            continue;
        }
        let close = grammar::SUFFIX_TYPES.iter().find(|t| t.eq_ignore_ascii_case(kind));
        let sub = m.sub_loc(loc, s, 0, kind.len());
        let help = match close {
            Some(t) => format!("write `{t}`; the type is case-sensitive"),
            None => format!(
                "use one of {}",
                grammar::SUFFIX_TYPES.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        out.emit(&RULE, || {
            at(m, &RULE, &sub, format!("tbSuffix type `{kind}` is unknown: Zdal silently falls back to `throughAllDB`"))
                .with_help(help)
        });
    }
}
