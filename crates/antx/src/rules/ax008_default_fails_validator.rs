//! AX008 default-fails-validator: a `defaultValue` its own validators reject.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;
use crate::validators::{Outcome, validate};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX008",
    "default-fails-validator",
    Severity::Warning,
    "a `defaultValue` that fails the property's own validators",
    r#"## What it does
Runs each property's validators on its `defaultValue` (when it has no `${…}` reference) and reports a
default that fails: not a `choice` member, not a `number`, a `url` without the trailing `/` the validator
requires by default, and so on.

## Why
The wizard proposes the default; accepting it fails validation, and a value copied from it into
antx.properties fails the build.

## Example
```xml
<property name="order.log.level" defaultValue="warning">
  <validator name="choice" choice="debug, info, warn, error"/>
</property>
```

## Use instead
A default the validators accept: `defaultValue="warn"`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some(parsed) = &d.parsed else { continue };
        let file = &m.files[d.file];
        for p in &parsed.properties {
            let Some(def) = p.default_value() else { continue };
            if def.value.contains("${") {
                continue;
            }
            for v in &p.validators {
                if let Outcome::Fail(why) = validate(v, &def.value, false) {
                    out.emit(&RULE, || {
                        Finding::new(
                            &RULE,
                            file.span(def.value_range.clone()),
                            format!("the default of `{}` {why}", p.name()),
                        )
                        .with_label(file.span(v.range.clone()), "validator declared here")
                        .with_help("change the default to a value the validator accepts")
                    });
                }
            }
        }
    }
}
