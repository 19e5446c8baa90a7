//! ZD050 unknown-default-dbindex: a `defaultDbIndex` that is not a pool key.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use crate::model::Role;
use std::collections::HashSet;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD050",
    "unknown-default-dbindex",
    Severity::Warning,
    "a `defaultDbIndex` that is not a pool key",
    r#"## What it does
Checks a non-empty `ShardRule.defaultDbIndex` against the pool keys of each data source that uses the rule (with `_w`/`_r` appended under a `readwriteRule`).

## Why
The first statement on a table without a rule fails: "没有为dbIndex[..]配置数据源".

## Example
```xml
<property name="defaultDbIndex" value="master_9" />
```

## Use instead
Name a pool key of the data source, or leave it empty.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.config.is_none() {
            continue;
        }
        let mut done = HashSet::new();
        for t in &ds.tables {
            if !done.insert((t.shard_rule, t.role)) {
                continue;
            }
            let Some((d, loc)) = m.str_prop(t.shard_rule, "defaultDbIndex") else { continue };
            let d = d.trim();
            if d.is_empty() || Model::deferred(d) {
                continue;
            }
            let key = if t.role == Role::ReadWrite { format!("{d}_w") } else { d.to_string() };
            if !ds.pool_keys.contains_key(&key) {
                out.emit(&RULE, || at(m, &RULE, loc, format!("`defaultDbIndex` `{key}` is not a pool key of `{}`: \"没有为dbIndex[{key}]配置数据源\" on the first unmapped table", ds.name)).with_help("name a pool key of the data source, or leave `defaultDbIndex` empty"));
            }
        }
    }
}
