//! SQL016 charset-allowlist: a table, column or database charset outside `charset-allowlist`.

use precheck_core::{RuleMeta, Severity};

use super::{Out, StmtCx, defined_columns};
use crate::ddl::{AlterOp, Ddl};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL016",
    "charset-allowlist",
    Severity::Warning,
    "character set not in `charset-allowlist` (default `utf8mb4`)",
    r#"## What it does
Reports a table option `CHARSET=` / `CHARACTER SET`, a column `CHARACTER SET` / `CHARSET`, `CONVERT TO
CHARACTER SET` and `CREATE DATABASE … CHARACTER SET` whose value is not in `[sql] charset-allowlist`
(default `utf8mb4`). Works on statements sqlparser cannot parse.

## Why
Mixed charsets garble text and break joins; MySQL's 3-byte `utf8` cannot store emoji (Bytebase,
goInception support_charset, SOAR TBL.005).

## Example
```sql
CREATE TABLE t (…) DEFAULT CHARSET=utf8;
```

## Use instead
`DEFAULT CHARSET=utf8mb4`.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    let mut vals: Vec<(String, usize, usize)> = Vec::new();
    match cx.ddl {
        Some(Ddl::Create(ct)) => {
            vals.extend(ct.options.iter().filter(|o| o.key == "CHARSET").map(|o| (o.value.clone(), o.start, o.end)))
        }
        Some(Ddl::Alter(a)) => vals.extend(a.ops.iter().filter_map(|o| match o {
            AlterOp::Option(t) if t.key == "CHARSET" => Some((t.value.clone(), t.start, t.end)),
            _ => None,
        })),
        Some(Ddl::CreateDatabase { options }) => {
            vals.extend(options.iter().filter(|o| o.key == "CHARSET").map(|o| (o.value.clone(), o.start, o.end)));
        }
        _ => return,
    }
    for c in defined_columns(cx.ddl) {
        if let Some(cs) = &c.charset {
            vals.push((cs.value.clone(), cs.start, cs.end));
        }
    }
    for (v, s, e) in vals {
        if !cx.settings.charsets.contains(&v.to_ascii_lowercase()) {
            let allowed: Vec<String> = cx.settings.charsets.iter().map(|c| format!("`{c}`")).collect();
            out.add(
                &RULE,
                (s, e),
                format!("charset `{v}` is not allowed; allowed: {}", allowed.join(", ")),
                "use `utf8mb4`",
            );
        }
    }
}
