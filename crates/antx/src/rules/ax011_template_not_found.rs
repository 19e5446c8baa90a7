//! AX011 template-not-found: a `<generate>` whose template is not where autoconfig looks, or cannot be read.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::{Model, Template};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX011",
    "template-not-found",
    Severity::Error,
    "a `<generate>` template that does not exist where autoconfig looks for it, or cannot be read",
    r#"## What it does
Resolves every `generate@template` as autoconfig does: against the descriptor's directory first, then
against the package root, with the source layout mapped (a war's root is `src/main/webapp`, and its
`WEB-INF/classes/` is `src/main/resources/`; a jar's root is `src/main/resources`). Reports a template
found in neither place, or one that exists but cannot be read.

## Why
autoconfig fails with "Could not find template file: … for descriptor: …" and the packaging step stops.

## Example
```xml
<!-- src/main/webapp/META-INF/autoconf/auto-config.xml; the file is order-ds.xml.vm -->
<generate template="order_ds.xml.vm" destfile="WEB-INF/classes/order-ds.xml"/>
```

## Use instead
Name the template as it is on disk, relative to the descriptor or to the package root.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some(parsed) = &d.parsed else { continue };
        let file = &m.files[d.file];
        for g in &d.gens {
            if g.template.is_empty() {
                continue;
            }
            let elem = &parsed.generates[g.elem];
            let span = || file.span(elem.value_range("template"));
            match &g.resolved {
                None => out.emit(&RULE, || {
                    Finding::new(
                        &RULE,
                        span(),
                        format!("\"Could not find template file: {} for descriptor: {}\"", g.template, file.path),
                    )
                    .with_help(format!(
                        "looked for {}; fix the path or add the template",
                        g.tried.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" and ")
                    ))
                }),
                Some(path) => {
                    if let Some(Template::Unreadable(why)) = m.templates.get(path) {
                        out.emit(&RULE, || {
                            Finding::new(&RULE, span(), format!("template `{path}` cannot be read: {why}"))
                                .with_help("make the template a readable regular file")
                        });
                    }
                }
            }
        }
    }
}
