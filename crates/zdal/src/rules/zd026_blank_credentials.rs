//! ZD026 blank-credentials: a physical data source with a blank `userName` or `password`.

use precheck_core::{RuleMeta, Severity};

use precheck_xml::beans::Kind;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD026",
    "blank-credentials",
    Severity::Error,
    "a physical data source with a blank `userName` or `password`",
    r#"## What it does
Reports a `PhysicalDataSourceBean` whose `userName` or `password` is missing or blank.

## Why
Zdal refuses to start: "the userName is null…" / "the password is null…". The public loader rejects a blank `userName` or `password` (RUNTIME-SEMANTICS.md 3.3). The zone-aware loader checks no user name (fact 4.7) and fails pool creation on a blank password ("both pwd and encPwd are null", fact 4.11), so under `internal-ldc` only the password is reported.

## Example
```xml
<property name="password" value="" />
```

## Use instead
Set both; keep the password out of the repository with a `${…}` placeholder or the encrypted form.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        for &p in &ds.physicals {
            if m.kind(p) != Kind::Physical {
                continue;
            }
            // [Z] checks no user name and fails pool creation on a blank password (4.7, 4.11).
            let props: &[&str] = if ds.zone_aware { &["password"] } else { &["userName", "password"] };
            for &prop in props {
                match m.str_prop(p, prop) {
                    Some((v, _)) if !v.trim().is_empty() => {}
                    found => {
                        let loc = found.map_or(m.beans[p].at(), |(_, l)| l).clone();
                        out.emit(&RULE, || {
                            at(m, &RULE, &loc, format!("`{prop}` is blank: \"the {prop} is null\""))
                                .with_help(format!("set `{prop}`"))
                        });
                    }
                }
            }
        }
    }
}
