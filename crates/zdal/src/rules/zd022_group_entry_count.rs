//! ZD022 group-entry-count: a GROUP data source with no group (E) or with several (W).

use super::{at};
use precheck_core::Sink;
use crate::model::ConfigType;
use crate::model::Model;
use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD022",
    "group-entry-count",
    Severity::Error,
    "a GROUP data source with no group (E) or with several (W)",
    r#"## What it does
A `GROUP` (or zone-aware `RW`) AppDataSource routes every statement through exactly one group of `groupDataSourceRuleMap`. Reports none (E) or more than one (W).

## Why
With none, the first SQL fails with "load balance数据源配置类型错误". With several, a HashMap loop keeps whichever `_r`/`_w` pool comes last, with no error: traffic goes to an arbitrary group (RUNTIME-SEMANTICS.md 2.7).

## Example
```xml
<property name="configType" value="GROUP" />
<property name="groupDataSourceRuleMap"><map/></property>
```

## Use instead
Give a GROUP data source exactly one entry; use SHARD_GROUP to spread over several groups.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if !matches!(ds.config, Some(ConfigType::Group | ConfigType::Rw)) {
            continue;
        }
        let n = ds.groups.as_ref().map_or(0, |(_, e)| e.len());
        if n == 1 {
            continue;
        }
        let loc = ds.groups.as_ref().map_or(m.beans[ds.bean].at(), |(l, _)| l).clone();
        let (sev, msg) = if n == 0 {
            (
                Severity::Error,
                format!(
                    "`{}` is GROUP but has no group in `groupDataSourceRuleMap`: the first SQL fails with \"load balance数据源配置类型错误\"",
                    ds.name
                ),
            )
        } else {
            (
                Severity::Warning,
                format!(
                    "`{}` is GROUP with {n} groups: only one of them is used, whichever a HashMap loop visits last",
                    ds.name
                ),
            )
        };
        out.emit(&RULE, || {
            at(m, &RULE, &loc, msg)
                .with_severity(sev)
                .with_help("give a GROUP data source exactly one group, or make it SHARD_GROUP")
        });
    }
}
