//! ZD071 invalid-threshold: a `maxReadThreshold` / `maxWriteThreshold` that is not a non-negative int.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::Kind;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD071",
    "invalid-threshold",
    Severity::Error,
    "a `maxReadThreshold` or `maxWriteThreshold` that is not a non-negative int",
    r#"## What it does
Reports a physical data source of the zone-aware client whose `maxReadThreshold` or `maxWriteThreshold` is not a non-negative Java int.

## Why
Spring converts the value when it builds the bean: a non-integer is a `TypeMismatchException`, and a negative threshold is refused, so the application does not start.

## Example
```xml
<property name="maxReadThreshold" value="1k" />
```

## Use instead
```xml
<property name="maxReadThreshold" value="1000" />
```
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (b, bean) in m.beans.iter().enumerate() {
        if m.kind(b) != Kind::Physical {
            continue;
        }
        let Some(pair) = m.pair_of(b) else { continue };
        if !m.pairs[pair].profile.zone_aware() {
            continue; // ZD008 reports the property itself under the oss profile.
        }
        for prop in &bean.props {
            if prop.name != "maxReadThreshold" && prop.name != "maxWriteThreshold" {
                continue;
            }
            let Some(text) = prop.value.text() else { continue };
            let v = text.trim();
            if Model::deferred(v) || v.parse::<i32>().is_ok_and(|n| n >= 0) {
                continue;
            }
            let name = prop.name.as_str();
            let why = if v.parse::<i32>().is_ok() { "negative" } else { "not a Java int" };
            out.emit(&RULE, || {
                at(m, &RULE, prop.value.loc(), format!("`{name}` is `{v}`, {why}: startup fails"))
                    .with_help(format!("set `{name}` to a non-negative integer"))
            });
        }
    }
}
