//! AX013 render-in-place: a template that is its own destination.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::{Model, join};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX013",
    "render-in-place",
    Severity::Info,
    "a template rendered in place (`destfile` absent or equal to `template`)",
    r#"## What it does
Notes a `<generate>` whose destination is the template itself: `destfile` is absent (it defaults to the
template) or names the same file.

## Why
It is legal, and common for `WEB-INF/web.xml`, but the file in the repository is a template: its
`${…}` are replaced in the package, and reviewers should read it as such.

## Example
```xml
<generate template="WEB-INF/web.xml"/>
```

## Use instead
Nothing to change when it is intended; otherwise keep the template under `META-INF/autoconf/` and set a
`destfile`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some(parsed) = &d.parsed else { continue };
        let file = &m.files[d.file];
        for g in &d.gens {
            if g.template.is_empty() || join("", &g.template).as_deref() != Some(g.dest.as_str()) {
                continue;
            }
            let elem = &parsed.generates[g.elem];
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    file.span(elem.value_range("template")),
                    format!("`{}` is rendered in place", g.template),
                )
                .with_help("the file in the repository is a template: its `${…}` are replaced at packaging time")
            });
        }
    }
}
