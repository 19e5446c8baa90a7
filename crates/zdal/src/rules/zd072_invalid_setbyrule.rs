//! ZD072 invalid-setbyrule: a `SETBYRULE:` dbIndexes value that does not parse or expands outside the pool.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::grammar;
use crate::model::{DbIndexForm, Model, Role};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD072",
    "invalid-setbyrule",
    Severity::Warning,
    "a `SETBYRULE:` dbIndexes value that expands outside the pool, or does not parse (not checked)",
    r#"## What it does
Checks the zone-aware `dbIndexes="SETBYRULE:M[_0-_4],F[_0-_4]"` form. Each item is a prefix followed by a range written like a tbSuffix range (`[_0-_4]`, `[_00-_15]`). Each item is expanded, reading `M` as `master` and `F` as `failover` (any other prefix as written), and every expansion that is not a pool key of the data source using the table rule is a warning: the prefix mapping is inferred, not confirmed. An item that does not parse as such a range is an info saying it is not checked.

## Why
The zone-aware rule module accepts `SETBYRULE:M[…],F[…]` (RUNTIME-SEMANTICS.md 4.14) and every dbIndex must be a pool key at startup (fact 3.12), so an expansion that names no pool key is likely a startup failure. How the module parses the ranges is not in the digest, so a range precheck cannot read is reported as not checked rather than guessed as an error.

## Example
```xml
<property name="dbIndexes" value="SETBYRULE:M[_0-4],F[_0-_4]" />
```

## Use instead
```xml
<property name="dbIndexes" value="SETBYRULE:M[_0-_4],F[_0-_4]" />
```
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut beans: Vec<_> = m.table_rules.keys().copied().collect();
    beans.sort_unstable();
    for b in beans {
        let Some(idx) = &m.table_rules[&b].db_indexes else { continue };
        // Under the oss profile `SETBYRULE:…` is one literal dbIndex (zdal.md §4.3).
        let zone_aware = m.pair_of(b).is_some_and(|p| m.pairs[p].profile.zone_aware());
        if idx.form != DbIndexForm::SetByRule || !zone_aware || Model::deferred(&idx.raw) {
            continue;
        }
        for (item, loc) in &idx.items {
            let Some(open) = item.find('[') else {
                out.emit(&RULE, || {
                    at(m, &RULE, loc, format!("`SETBYRULE:` item `{item}` has no `[from-to]` range: not checked"))
                        .with_severity(Severity::Info)
                        .with_help("write each item as a prefix and a range, e.g. `M[_0-_4]`")
                });
                continue;
            };
            let (prefix, range) = item.split_at(open);
            if let Err((_, msg)) = grammar::parse_range(range) {
                let msg = if msg == "WIDE" { format!("range `{range}` is wider than 8 digits") } else { msg };
                out.emit(&RULE, || {
                    at(m, &RULE, loc, format!("`SETBYRULE:` item `{item}` does not parse like a tbSuffix range ({msg}): not checked"))
                        .with_severity(Severity::Info)
                        .with_help("write the range like a tbSuffix range, e.g. `[_0-_4]` or `[_00-_15]`")
                });
                continue;
            }
            let names = grammar::expand_set_by_rule(prefix.trim(), range);
            for ds in &m.app_ds {
                if ds.pool_keys.is_empty() {
                    continue;
                }
                for t in ds.tables.iter().filter(|t| t.table_rule == Some(b)) {
                    let missing: Vec<&String> = names
                        .iter()
                        .filter(|n| match t.role {
                            Role::ReadWrite => {
                                !ds.pool_keys.contains_key(&format!("{n}_w"))
                                    || !ds.pool_keys.contains_key(&format!("{n}_r"))
                            }
                            _ => !ds.pool_keys.contains_key(n.as_str()),
                        })
                        .collect();
                    let Some(first) = missing.first() else { continue };
                    let shown: Vec<String> = missing.iter().take(4).map(|n| format!("`{n}`")).collect();
                    let more = if missing.len() > 4 { ", …" } else { "" };
                    let first_key = ds.pool_keys.values().next().cloned();
                    out.emit(&RULE, || {
                        let f = at(m, &RULE, loc, format!("`SETBYRULE:` item `{item}` expands to {}{more}, not pool keys of `{}` (reading `M` as `master`, `F` as `failover`)", shown.join(", "), ds.name))
                            .with_severity(Severity::Warning)
                            .with_help(format!("make the prefix and range name pool keys of `{}`, e.g. `{first}` must exist", ds.name));
                        match &first_key {
                            Some(l) => f.with_label(m.span(l), "pool keys defined here"),
                            None => f,
                        }
                    });
                }
            }
        }
    }
}
