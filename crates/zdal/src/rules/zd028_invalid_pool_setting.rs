//! ZD028 invalid-pool-setting: a negative timeout or cache size, or a zero idle or query timeout.

use precheck_core::{RuleMeta, Severity};

use precheck_xml::beans::Kind;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD028",
    "invalid-pool-setting",
    Severity::Error,
    "a negative timeout or cache size, or a zero idle or query timeout",
    r#"## What it does
Reports `blockingTimeoutMillis` < 0, `idleTimeoutMinutes` ≤ 0, `preparedStatementCacheSize` < 0 or `queryTimeout` ≤ 0 on a physical data source.

## Why
The pool's `afterPropertiesSet` throws `IllegalArgumentException` at startup. These are the public loader's bounds (RUNTIME-SEMANTICS.md 3.5); the zone-aware loader checks no bounds (fact 4.7), so the rule is not applied under `internal-ldc`.

## Example
```xml
<property name="queryTimeout" value="0" />
```

## Use instead
Use the defaults (180, 30, 0, 30) or positive values.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.zone_aware {
            continue; // [Z] has no bounds, vendor or duplicate checks (RUNTIME-SEMANTICS.md 4.7).
        }
        for &p in &ds.physicals {
            if m.kind(p) != Kind::Physical {
                continue;
            }
            for (name, min) in [
                ("blockingTimeoutMillis", 0),
                ("idleTimeoutMinutes", 1),
                ("preparedStatementCacheSize", 0),
                ("queryTimeout", 1),
            ] {
                let Some((v, loc)) = m.str_prop(p, name) else { continue };
                let Ok(x) = v.trim().parse::<i64>() else { continue };
                if x < min {
                    let bound = if min == 0 { "must be >= 0" } else { "must be > 0" };
                    out.emit(&RULE, || {
                        at(m, &RULE, loc, format!("`{name}` is {x}; it {bound}: `IllegalArgumentException` at startup"))
                            .with_help(format!("set `{name}` to a value that {bound}"))
                    });
                }
            }
        }
    }
}
