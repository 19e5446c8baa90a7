//! AX019 unknown-context-tool: a Velocity-tools object (`$date`, `$esc`…) that autoconfig's context lacks.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX019",
    "unknown-context-tool",
    Severity::Error,
    "a method call on a Velocity-tools object autoconfig does not put in the context (`$date.format(…)`, `$esc.xml(…)`)",
    r#"## What it does
Reports a method call on one of the Velocity-tools objects (`$date`, `$esc`, `$math`, `$number`, `$text`,
`$convert`, `$display`, `$render`, `$sorter`, `$alternator`, `$list`, `$field`, `$class`, `$loop`) in a
template autoconfig renders, unless a property, `#set` or `#foreach` of that name defines it. autoconfig's
Velocity context holds the properties, `$D`, `$stringUtil` and `$numberUtil` (every entry) and `$component`
(a war's descriptors) — `ConfigEntryFactoryImpl.populateCommonContext` / `populateWarContext` and
`ConfigGeneratorSession.getVelocityContext` in the citrus autoconfig source — and no Velocity-tools toolbox.

## Why
The call renders as its own text (`$date.format('yyyy', $now)` stays in the generated file), or the generate
fails on the undefined reference: the configuration a server starts with is not what the template meant.

## Example
```text
build.year=$date.format('yyyy', $build_time)
```

## Use instead
Compute the value in the property itself (in antx.properties), or use `$stringUtil` / `$numberUtil`, which
autoconfig does provide.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for (di, d) in m.descriptors.iter().enumerate() {
        if d.parsed.is_none() {
            continue;
        }
        let declared = m.declared_names(di);
        for g in &d.gens {
            let Some((tfile, scan)) = m.scan_of(g) else { continue };
            for r in scan.references.iter().filter(|r| r.call) {
                let first = r.name.split('.').next().unwrap_or_default();
                let defined = scan.locals.contains(first)
                    || declared.iter().any(|n| n == first || n.starts_with(&format!("{first}.")));
                if !super::VELOCITY_TOOLS.contains(&first) || defined {
                    continue;
                }
                out.emit(&RULE, || {
                    Finding::new(
                        &RULE,
                        tfile.span(r.range.clone()),
                        format!("`${first}` is a Velocity-tools object that autoconfig's context does not hold: the call renders as written"),
                    )
                    .with_help("compute the value in the property itself, or use `$stringUtil` / `$numberUtil`")
                });
            }
        }
    }
}
