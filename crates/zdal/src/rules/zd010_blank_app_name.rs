//! ZD010 blank-app-name: a `ZdalAppBean` whose `appName` is blank.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD010",
    "blank-app-name",
    Severity::Error,
    "a `ZdalAppBean` whose `appName` is blank",
    r#"## What it does
Reports a `ZdalAppBean` whose `appName` property is missing or blank.

## Why
Zdal refuses to start: "ERROR ## the appName is null". The public loader checks it in `ZdalAppBean.afterPropertiesSet` (RUNTIME-SEMANTICS.md 3.9); the zone-aware one asserts it (fact 4.7).

## Example
```xml
<property name="appName" value="" />
```

## Use instead
Set `appName` to the value the ds file name carries.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pair in &m.pairs {
        let Some(app) = pair.app else { continue };
        match m.str_prop(app, "appName") {
            Some((v, _)) if !v.trim().is_empty() => {}
            found => {
                let loc = found.map_or(m.beans[app].at(), |(_, l)| l).clone();
                out.emit(&RULE, || {
                    at(m, &RULE, &loc, "`appName` of the `ZdalAppBean` is blank: \"ERROR ## the appName is null\"")
                        .with_help("set `appName`")
                });
            }
        }
    }
}
