//! ZD042 invalid-failover-syntax: a failover value that does not parse.

use precheck_core::{RuleMeta, Severity};

use crate::grammar;
use crate::model::ConfigType;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD042",
    "invalid-failover-syntax",
    Severity::Error,
    "a failover value that does not parse",
    r#"## What it does
Parses every `failOverGroupRuleMap` value: one `key[:int]`, or several `key:int` separated by `,`.

## Why
A member without `:int` among several throws `ArrayIndexOutOfBoundsException`, a non-integer weight `NumberFormatException`, at startup. The zone-aware loader (`internal-ldc`) never reads `failOverGroupRuleMap` (it derives failover groups from `master_<i>` / `failover_<i>` names, RUNTIME-SEMANTICS.md 4.13), so this rule applies to the public loader only (fact 2.9).

## Example
```xml
<entry key="group_0" value="master_0:10,failover_0" />
```

## Use instead
Give every member of a multi-member group an integer weight: `master_0:10,failover_0:0`.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.zone_aware {
            continue; // [Z] never reads failOverGroupRuleMap (RUNTIME-SEMANTICS.md 4.13).
        }
        if ds.config.is_some_and(|c| c != ConfigType::ShardFailover) {
            continue;
        }
        let Some((map_loc, entries)) = &ds.failovers else { continue };
        let _ = map_loc;
        for e in entries {
            if let Err((off, msg)) = grammar::parse_failover(&e.value) {
                let loc = m.sub_loc(&e.loc, &e.value, off, e.value.len().saturating_sub(off));
                out.emit(&RULE, || {
                    at(m, &RULE, &loc, format!("failover group `{}`: {msg}", e.key))
                        .with_help("write `key:int` for every member, e.g. `master_0:10,failover_0:0`")
                });
            }
        }
    }
}
