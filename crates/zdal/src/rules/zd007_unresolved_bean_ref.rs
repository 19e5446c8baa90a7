//! ZD007 unresolved-bean-ref: a `ref` that resolves to no bean of the ds/rule pair, or a looping `parent` chain.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::{Loc, Value};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD007",
    "unresolved-bean-ref",
    Severity::Error,
    "a `ref` that resolves to no bean of the ds/rule pair, or a looping `parent` chain",
    r#"## What it does
Resolves every `ref=`, `<ref bean|local>`, `value-ref` and `parent=` of a ds/rule pair against the one namespace Spring builds from both files. Reports a name that resolves nowhere (for instance because the rule file is missing), and a `parent` chain that loops.

## Why
`NoSuchBeanDefinitionException` at startup.

## Example
```xml
<property name="appRule" ref="orderRule" />   <!-- order-dev-rule.xml does not define it -->
```

## Use instead
Define the bean (in the ds or the rule file), or fix the name.
"#,
).repo();

fn refs<'v>(v: &'v Value, out: &mut Vec<(&'v str, &'v Loc)>) {
    match v {
        Value::Ref { bean, loc } => out.push((bean, loc)),
        Value::List { items, .. } => items.iter().for_each(|i| refs(i, out)),
        Value::Map { entries, .. } => entries.iter().for_each(|e| refs(&e.value, out)),
        _ => {}
    }
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (b, bean) in m.beans.iter().enumerate() {
        let Some(p) = m.pair_of(b) else { continue };
        let pair = &m.pairs[p];
        let mut found = Vec::new();
        for prop in &bean.props {
            refs(&prop.value, &mut found);
        }
        for arg in &bean.args {
            refs(arg, &mut found);
        }
        if let Some((parent, loc)) = &bean.parent {
            found.push((parent, loc));
        }
        for (name, loc) in found {
            if name.is_empty() || Model::deferred(name) || m.lookup(p, name).is_some() {
                continue;
            }
            let help = match (&pair.rule, &pair.rule_path) {
                (None, Some(rule)) => {
                    format!("the rule file `{rule}` does not exist; add it with a bean `{name}`, or fix the reference")
                }
                _ => format!("define a bean `{name}` in the ds or the rule file, or fix the reference"),
            };
            out.emit(&RULE, || {
                at(m, &RULE, loc, format!("no bean named `{name}`: `NoSuchBeanDefinitionException` at startup"))
                    .with_help(help)
            });
        }
    }
    for &b in &m.parent_cycles {
        let bean = &m.beans[b];
        let Some((parent, loc)) = &bean.parent else { continue };
        out.emit(&RULE, || {
            at(
                m,
                &RULE,
                loc,
                format!("the `parent` chain of `{}` loops back through `{parent}`", bean.id().unwrap_or("bean")),
            )
            .with_help("break the cycle: a parent bean must not inherit from its child")
        });
    }
}
