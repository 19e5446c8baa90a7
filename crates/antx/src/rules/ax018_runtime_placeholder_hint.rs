//! AX018 runtime-placeholder-hint: an undeclared reference that is meant for something else at runtime.

use precheck_core::{Finding, RuleMeta, Severity};

use super::{undeclared};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX018",
    "runtime-placeholder-hint",
    Severity::Warning,
    "an undeclared reference that looks like a runtime placeholder (`${jdbc.url}`, `$HOME`): escape it as `${D}{…}`",
    r#"## What it does
Among the undeclared references AX015 reports, points out those that look meant for something other than
autoconfig: an all-capitals name (a shell or environment variable such as `$HOME` or `$JAVA_OPTS`), or a
dotted name under a runtime prefix (`jdbc.`, `spring.`, `server.`, `hibernate.`, `logging.`, `env.`,
`sys.`) as a Spring `PropertyPlaceholderConfigurer` reads. It suggests the escape.

## Why
Velocity renders every `$name` it sees, so a placeholder left for Spring or the shell is also an autoconfig
placeholder: the build fails (AX015) or the rendered file loses it.

## Example
```xml
<property name="url" value="${jdbc.url}"/>
```

## Use instead
```xml
<property name="url" value="${D}{jdbc.url}"/>
```
"#,
)
.repo();

const RUNTIME_PREFIXES: &[&str] = &["jdbc.", "spring.", "server.", "hibernate.", "logging.", "env.", "sys."];

fn looks_runtime(name: &str) -> bool {
    let caps = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && name != "D";
    caps || RUNTIME_PREFIXES.iter().any(|p| name.starts_with(p))
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    if !out.enabled(&RULE) {
        return;
    }
    for (_, _, tfile, r) in undeclared(m) {
        if !looks_runtime(&r.name) || r.call {
            continue;
        }
        let escaped = format!("${{D}}{{{}}}", r.name);
        out.emit(&RULE, || {
            let mut f = Finding::new(
                &RULE,
                tfile.span(r.range.clone()),
                format!("`{}` looks like a runtime placeholder, but Velocity renders it at packaging time", r.name),
            )
            .with_help(format!("write `{escaped}` so the rendered file keeps the placeholder"));
            f.fix = Some(escaped.clone());
            f
        });
    }
}
