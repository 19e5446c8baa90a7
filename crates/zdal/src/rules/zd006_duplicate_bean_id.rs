//! ZD006 duplicate-bean-id: a bean id defined twice in one file (E) or in both the ds and the rule file (W).

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD006",
    "duplicate-bean-id",
    Severity::Error,
    "a bean id defined twice in one file (E) or in both the ds and the rule file (W)",
    r#"## What it does
Reports a bean id defined twice in one file, and an id defined in both files of a ds/rule pair, which Spring loads into one context.

## Why
Twice in one file: `BeanDefinitionParsingException` at startup. In both files: the later definition silently replaces the earlier one, and the wrong bean is used.

## Example
```xml
<bean id="userRule" class="com.alipay.zdal.rule.config.beans.TableRule"/>
<bean id="userRule" class="com.alipay.zdal.rule.config.beans.TableRule"/>
```

## Use instead
Give every bean its own id across the ds and the rule file.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pair in &m.pairs {
        let mut ids: Vec<&String> = pair.ns.keys().collect();
        ids.sort();
        for id in ids {
            let beans = &pair.ns[id];
            for w in beans.windows(2) {
                let (first, second) = (&m.beans[w[0]], &m.beans[w[1]]);
                let same_file = first.file == second.file;
                let (sev, msg) = if same_file {
                    (Severity::Error, format!("bean id `{id}` is defined twice in `{}`", m.files[second.file].name()))
                } else {
                    (
                        Severity::Warning,
                        format!(
                            "bean id `{id}` is defined in both `{}` and `{}`: the later definition silently wins",
                            m.files[first.file].name(),
                            m.files[second.file].name()
                        ),
                    )
                };
                out.emit(&RULE, || {
                    at(m, &RULE, second.at(), msg)
                        .with_severity(sev)
                        .with_label(m.span(first.at()), "first defined here")
                        .with_help("rename one of the beans and its references")
                });
            }
        }
    }
}
