//! ZD009 property-type-mismatch: an int property that is not a Java int, or a boolean that is not a boolean.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::Value;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD009",
    "property-type-mismatch",
    Severity::Error,
    "an int property that is not a Java int, or a boolean that is not a boolean",
    r#"## What it does
Checks the values of the typed properties of Zdal beans: `minConn`, `maxConn`, `blockingTimeoutMillis`, `idleTimeoutMinutes`, `preparedStatementCacheSize`, `queryTimeout`, `dbIndexCount`, `tbSuffixFrom`, `tbSuffixTo`, `tbSuffixWidth`, `tbNumForEachDb` must be Java ints; `prefill`, `allowReverseOutput`, `needRowCopy`, `disableFullTableScan` must be `true`/`false`/`on`/`off`/`yes`/`no`/`1`/`0`. `${…}` placeholders are skipped.

## Why
Spring throws `TypeMismatchException` while creating the bean: the application does not start.

## Example
```xml
<property name="maxConn" value="10," />
```

## Use instead
Write a plain integer (or boolean).
"#,
).repo();

const INTS: &[&str] = &[
    "minConn",
    "maxConn",
    "blockingTimeoutMillis",
    "idleTimeoutMinutes",
    "preparedStatementCacheSize",
    "queryTimeout",
    "dbIndexCount",
    "tbSuffixFrom",
    "tbSuffixTo",
    "tbSuffixWidth",
    "tbNumForEachDb",
];
const BOOLS: &[&str] = &["prefill", "allowReverseOutput", "needRowCopy", "disableFullTableScan"];

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (b, bean) in m.beans.iter().enumerate() {
        if !m.kind(b).is_config_bean() {
            continue;
        }
        for prop in &bean.props {
            let Value::Text { text, loc } = &prop.value else { continue };
            let v = text.trim();
            if Model::deferred(v) {
                continue;
            }
            let name = prop.name.as_str();
            let bad = if INTS.contains(&name) {
                v.parse::<i32>().is_err().then_some("a Java int")
            } else if BOOLS.contains(&name) {
                (!matches!(v.to_ascii_lowercase().as_str(), "true" | "false" | "on" | "off" | "yes" | "no" | "1" | "0"))
                    .then_some("a boolean")
            } else {
                None
            };
            if let Some(want) = bad {
                out.emit(&RULE, || {
                    at(m, &RULE, loc, format!("`{name}` is `{v}`, not {want}: `TypeMismatchException` at startup"))
                        .with_help(format!("write {want} for `{name}`"))
                });
            }
        }
    }
}
