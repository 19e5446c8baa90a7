//! AX022 invalid-property-value: a value in the properties that fails its property's validators.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::expr;
use crate::model::Model;
use crate::validators::{Outcome, validate};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX022",
    "invalid-property-value",
    Severity::Error,
    "a value in antx.properties (or its shared set) that fails the property's validators",
    r#"## What it does
Runs each declared property's validators (`boolean`, `choice`, `number`, `keyword`, `email`, `regexp`,
`url`, `fileExist`) over its value in the package's merged properties, after expanding `${…}`. The parts
that depend on the machine (`url` host checks, `hostExist`, `fileExist` existence) run only with
`[antx] machine-checks = true`, and are warnings. No network lookup happens otherwise.

## Why
A value that fails validation stops a non-interactive build just like a missing one ("…未准备好…"); in
`auto` interactive mode it starts the wizard, which blocks forever without a terminal.

## Example
```properties
order.db.poolSize = twenty
order.log.level = verbose
```

## Use instead
```properties
order.db.poolSize = 20
order.log.level = info
```
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let machine = m.settings.machine_checks;
    for (pi, pkg) in m.packages.iter().enumerate() {
        for &d in &pkg.descriptors {
            let desc = &m.descriptors[d];
            let Some(parsed) = &desc.parsed else { continue };
            let dfile = &m.files[desc.file];
            for p in &parsed.properties {
                let Some(&(pf, e)) = pkg.merged.get(p.name()) else { continue };
                let entry = &m.props[pf].entries[e];
                let lookup = |n: &str| m.value(pi, n);
                // A value that does not expand is AX023's; a machine-dependent one cannot be judged here.
                let Ok(value) = expr::expand(&entry.value, &lookup) else { continue };
                let vfile = &m.files[m.props[pf].file];
                for v in &p.validators {
                    let (why, severity) = match validate(v, &value, machine) {
                        Outcome::Fail(why) => (why, Severity::Error),
                        Outcome::MachineFail(why) => (why, Severity::Warning),
                        Outcome::Pass | Outcome::Unknown => continue,
                    };
                    let kind = v.value("name").unwrap_or_default();
                    out.emit(&RULE, || {
                        Finding::new(
                            &RULE,
                            vfile.span(entry.value_range.clone()),
                            format!("the value of `{}` {why} (`{kind}` validator)", p.name()),
                        )
                        .with_severity(severity)
                        .with_label(dfile.span(v.range.clone()), "validator declared here")
                        .with_help(match v.value("message") {
                            Some(msg) if !msg.is_empty() => format!("fix the value: \"{msg}\""),
                            _ => "fix the value so the validator accepts it".to_string(),
                        })
                    });
                }
            }
        }
    }
}
