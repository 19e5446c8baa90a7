//! ZD079 tb-rules-without-suffix: a TableRule with tb rules but no `tbSuffix` (RUNTIME-SEMANTICS.md 5.17).

use precheck_core::{RuleMeta, Severity, Sink};

use super::at;
use crate::model::Model;
use precheck_xml::beans::BeanId;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD079",
    "tb-rules-without-suffix",
    Severity::Error,
    "a TableRule with tb rules but no `tbSuffix`",
    r#"## What it does
Reports a `TableRule` that has `tbRules` or `tbRuleArray` but neither a `tbSuffix` nor an explicit table count (`tbNumForEachDb`, `tbSuffixFrom`/`tbSuffixTo`).

## Why
With tb rules and no tbSuffix the rule falls back to width 4, padding `_`, from 0, to the DB count − 1, and a `tbNumForEachDb` of 0, so every database gets **zero tables** and every statement routed through the table fails ("cant find table by target index", RUNTIME-SEMANTICS.md 5.17, 5.13). Without tb rules each database has one table named like the key, which is what a rule without `tbSuffix` usually meant.

## Example
```xml
<property name="dbIndexes" value="master_0,master_1" />
<property name="tbRuleArray"><list><value>#user_id#.longValue() % 4</value></list></property>
```

## Use instead
```xml
<property name="tbSuffix" value="resetForEachDB:[_0-_3]" />
```
or drop the tb rules when each database holds one table.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let mut ids: Vec<&BeanId> = m.table_rules.keys().collect();
    ids.sort();
    for &b in ids {
        let info = &m.table_rules[&b];
        if m.beans[b].is_abstract || info.tb_rules.is_empty() || info.suffix.is_some() {
            continue;
        }
        // A table count written out another way is not the fallback 5.17 describes: not checked.
        if ["tbSuffix", "tbNumForEachDb", "tbSuffixFrom", "tbSuffixTo"].iter().any(|p| m.prop(b, p).is_some()) {
            continue;
        }
        let (_, loc) = &info.tb_rules[0];
        out.emit(&RULE, || {
            at(m, &RULE, loc, "tb rule without a `tbSuffix`: every database gets zero tables, so every routed statement fails with \"cant find table by target index\"")
                .with_help("add a `tbSuffix` such as `resetForEachDB:[_0-_3]`, or drop the tb rules if each database holds one table named like the key")
        });
    }
}
