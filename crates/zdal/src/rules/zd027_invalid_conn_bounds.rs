//! ZD027 invalid-conn-bounds: `minConn` or `maxConn` below 0, or `minConn` above `maxConn`.

use precheck_core::{RuleMeta, Severity};

use precheck_xml::beans::Kind;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD027",
    "invalid-conn-bounds",
    Severity::Error,
    "`minConn` or `maxConn` below 0, or `minConn` above `maxConn`",
    r#"## What it does
Reports a physical data source with a negative `minConn` or `maxConn`, or with `minConn` greater than `maxConn`.

## Why
Zdal refuses to start: "the maxConn[..] must >= minConn[..". These are the public loader's bounds (RUNTIME-SEMANTICS.md 3.4); the zone-aware loader checks no bounds (fact 4.7), so the rule is not applied under `internal-ldc`.

## Example
```xml
<property name="minConn" value="20" />
<property name="maxConn" value="10" />
```

## Use instead
Keep `0 <= minConn <= maxConn`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.zone_aware {
            continue; // [Z] has no bounds, vendor or duplicate checks (RUNTIME-SEMANTICS.md 4.7).
        }
        for &p in &ds.physicals {
            if m.kind(p) != Kind::Physical {
                continue;
            }
            let int =
                |n: &str| m.str_prop(p, n).and_then(|(v, l)| v.trim().parse::<i64>().ok().map(|x| (x, l.clone())));
            let (min, max) = (int("minConn"), int("maxConn"));
            for (name, v) in [("minConn", &min), ("maxConn", &max)] {
                if let Some((x, loc)) = v.as_ref().filter(|(x, _)| *x < 0) {
                    out.emit(&RULE, || {
                        at(m, &RULE, loc, format!("`{name}` is {x}, below 0"))
                            .with_help(format!("set `{name}` to 0 or more"))
                    });
                }
            }
            if let (Some((lo, lo_loc)), Some((hi, hi_loc))) = (&min, &max) {
                if lo > hi && *hi >= 0 {
                    out.emit(&RULE, || {
                        at(
                            m,
                            &RULE,
                            lo_loc,
                            format!(
                                "`minConn` {lo} is above `maxConn` {hi}: \"the maxConn[{hi}] must >= minConn[{lo}]\""
                            ),
                        )
                        .with_label(m.span(hi_loc), "maxConn set here")
                        .with_help("lower `minConn` or raise `maxConn`")
                    });
                }
            }
        }
    }
}
