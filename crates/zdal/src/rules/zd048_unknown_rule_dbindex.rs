//! ZD048 unknown-rule-dbindex: a rule dbIndex that is not a pool key of the data source.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use crate::model::{DbIndexForm, Role};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD048",
    "unknown-rule-dbindex",
    Severity::Error,
    "a rule dbIndex that is not a pool key of the data source",
    r#"## What it does
Checks every dbIndex of every table rule reached from an AppDataSource's `appRule` against its pool keys, as the loader generation builds them: the logical DB names for SHARD and SHARD_FAILOVER (RUNTIME-SEMANTICS.md 2.4, 2.5), `{group}_r`/`{group}_w` for SHARD_GROUP, the group key as written, spaces included (2.6). A `readwriteRule` appends `_w` (master) and `_r` (slave) to each dbIndex, so it only fits grouped data sources; `masterRule`/`slaveRule` use the dbIndex as written (5.2, 5.3). The zone-aware loader promotes a SHARD with a group map to SHARD_GROUP and one with master logical names to SHARD_FAILOVER (4.5), has no default logical name (4.8), and trims each item (4.14); the public loader keeps SHARD as declared (2.2) and does not trim, so `a, b` names ` b` (5.5).

## Why
Zdal refuses to start: "规则配置错误：[d]在dataSourcePool中没有配置" (RUNTIME-SEMANTICS.md 3.12).

## Example
```xml
<!-- SHARD_GROUP with groups group_0, group_1 -->
<property name="masterRule" ref="rule" />   <!-- dbIndexes group_0,group_1: the pool has group_0_w -->
```

## Use instead
Use `readwriteRule` for SHARD_GROUP, or name the pool keys as the data source defines them.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.config.is_none() || ds.inert {
            continue; // ZD080 reports a data source that builds no selectors.
        }
        let defs = m
            .prop(
                ds.bean,
                if ds.config.is_some_and(|c| c.grouped()) { "groupDataSourceRuleMap" } else { "physicalDataSourceSet" },
            )
            .map(|p| p.loc.clone());
        for t in &ds.tables {
            let Some(info) = t.table_rule.and_then(|tr| m.table_rules.get(&tr)) else { continue };
            let Some(idx) = &info.db_indexes else { continue };
            if !matches!(
                idx.form,
                DbIndexForm::List | DbIndexForm::SetByPool | DbIndexForm::Array | DbIndexForm::Prefix
            ) {
                continue;
            }
            // [M] splits the list on `,` without trimming the items (5.5): ` b` is its own, unknown key.
            // [Z] trims them (4.14). Only the plain list keeps its raw text; the other forms are trimmed.
            let raw_parts: Vec<&str> = match idx.form {
                DbIndexForm::List => idx.raw.split(',').collect(),
                DbIndexForm::SetByPool => idx.raw.split_once(':').map_or(Vec::new(), |(_, b)| b.split(',').collect()),
                _ => Vec::new(),
            };
            for (i, (d, loc)) in idx.items.iter().enumerate() {
                if d.is_empty() || Model::deferred(d) {
                    continue;
                }
                if let Some(raw) = raw_parts.get(i).filter(|r| !ds.zone_aware && r.len() != d.len()) {
                    out.emit(&RULE, || {
                        at(m, &RULE, loc, format!("dbIndex `{raw}` of table `{}` keeps its spaces in the public loader, which splits dbIndexes on `,` without trimming: \"规则配置错误：[{raw}]在dataSourcePool中没有配置\"", t.key))
                            .with_help(format!("write the list without spaces around `,`: `{}`", idx.items.iter().map(|(x, _)| x.as_str()).collect::<Vec<_>>().join(",")))
                    });
                    continue;
                }
                let keys: Vec<String> = match t.role {
                    Role::ReadWrite => vec![format!("{d}_w"), format!("{d}_r")],
                    _ => vec![d.clone()],
                };
                let Some(missing) = keys.into_iter().find(|k| !ds.pool_keys.contains_key(k)) else { continue };
                let help = match (t.role, ds.config.is_some_and(|c| c.grouped())) {
                    (Role::ReadWrite, false) => "a readwriteRule appends `_w`/`_r`, which only fits SHARD_GROUP: use `masterRule` and `slaveRule`".to_string(),
                    (_, true) if t.role != Role::ReadWrite => "the pool keys of a grouped data source end in `_r`/`_w`: use `readwriteRule`".to_string(),
                    _ => format!("use a pool key of `{}`: {}", ds.name, ds.pool_keys.keys().take(6).map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
                };
                out.emit(&RULE, || {
                    let f = at(m, &RULE, loc, format!("dbIndex `{d}` of table `{}` ({}) is pool key `{missing}`, which `{}` does not define: \"规则配置错误：[{missing}]在dataSourcePool中没有配置\"", t.key, t.role.prop(), ds.name))
                        .with_help(help);
                    match &defs { Some(l) => f.with_label(m.span(l), "pool keys defined here"), None => f }
                });
            }
        }
    }
}
