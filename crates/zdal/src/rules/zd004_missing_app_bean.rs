//! ZD004 missing-app-bean: a ds file without a `ZdalAppBean` whose bean id is the file's appName.

use precheck_core::{RuleMeta, Severity};

use super::{at};
use precheck_core::Sink;
use crate::model::Model;
use precheck_xml::beans::{Kind, Loc};

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD004",
    "missing-app-bean",
    Severity::Error,
    "a ds file without a `ZdalAppBean` whose bean id is the file's appName",
    r#"## What it does
Zdal loads `{appName}-{dbmode}-ds.xml` and asks the context for `getBean(appName)`. Reports a ds file where no bean has the appName of the file name as its id, or where that bean is not a `ZdalAppBean`.

## Why
`NoSuchBeanDefinitionException` or `ClassCastException` at startup.

## Example
```xml
<!-- order-dev-ds.xml -->
<bean id="orderApp" class="com.alipay.zdal.client.config.bean.ZdalAppBean">
```

## Use instead
Give the `ZdalAppBean` the appName as its id: `<bean id="order" …>`.
"#,
).repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pair in &m.pairs {
        let (Some(ds), Some(name)) = (pair.ds, &pair.name) else { continue };
        let f = &m.files[ds];
        if f.doc.is_none() || name.app.is_empty() {
            continue;
        }
        match m.lookup(m.files[ds].pair.unwrap_or(0), &name.app) {
            Some(b) if m.kind(b) != Kind::ZdalApp => {
                let bean = &m.beans[b];
                let loc = bean.class.as_ref().map_or(bean.at(), |(_, l)| l).clone();
                out.emit(&RULE, || {
                    at(
                        m,
                        &RULE,
                        &loc,
                        format!(
                            "bean `{}` is not a `ZdalAppBean`: `getBean(\"{}\")` fails with `ClassCastException`",
                            name.app, name.app
                        ),
                    )
                    .with_help(
                        "the bean named after the app must be the `com.alipay.zdal.client.config.bean.ZdalAppBean`",
                    )
                });
            }
            Some(_) => {}
            None => {
                let loc = pair.app.map_or(Loc { file: ds, range: 0..0 }, |a| m.beans[a].at().clone());
                out.emit(&RULE, || {
                    at(
                        m,
                        &RULE,
                        &loc,
                        format!(
                            "no bean `{}` in `{}`: `getBean(\"{}\")` fails with `NoSuchBeanDefinitionException`",
                            name.app,
                            f.name(),
                            name.app
                        ),
                    )
                    .with_help(format!("give the `ZdalAppBean` the id `{}`, the appName of the file name", name.app))
                });
            }
        }
    }
}
