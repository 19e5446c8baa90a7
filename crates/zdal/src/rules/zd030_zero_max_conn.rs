//! ZD030 zero-max-conn: a physical data source whose pool can hold no connection (`maxConn` 0 or unset).

use precheck_core::{RuleMeta, Severity};

use precheck_xml::beans::Kind;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD030",
    "zero-max-conn",
    Severity::Warning,
    "a physical data source whose pool can hold no connection (`maxConn` 0 or unset)",
    r#"## What it does
Reports a physical data source with `maxConn` 0, or without `maxConn` (its default is 0).

## Why
The pool can never hand out a connection: every statement on it waits `blockingTimeoutMillis` and fails.

## Example
```xml
<property name="maxConn" value="0" />
```

## Use instead
Set `maxConn` to the pool size the database allows.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        for &p in &ds.physicals {
            if m.kind(p) != Kind::Physical {
                continue;
            }
            match m.str_prop(p, "maxConn") {
                Some((v, loc)) if v.trim() == "0" => {
                    out.emit(&RULE, || {
                        at(m, &RULE, loc, "`maxConn` is 0: the pool can never hand out a connection")
                            .with_help("set `maxConn` to the pool size")
                    });
                }
                None => {
                    let loc = m.beans[p].at().clone();
                    out.emit(&RULE, || {
                        at(m, &RULE, &loc, "`maxConn` is not set, so it is 0: the pool can never hand out a connection")
                            .with_help("set `maxConn` to the pool size")
                    });
                }
                _ => {}
            }
        }
    }
}
