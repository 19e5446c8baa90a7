//! AX020 unused-template: a template beside a descriptor that no `<generate>` renders.

use std::collections::HashSet;

use precheck_core::{Finding, RuleMeta, Severity, Span};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX020",
    "unused-template",
    Severity::Warning,
    "a template under `META-INF/autoconf/` (or a `*.vm` beside a descriptor) that no `<generate>` uses",
    r#"## What it does
Reports a file under a descriptor's `META-INF/…/autoconf/` directory, or a `*.vm` file beside any
descriptor, that no `<generate>` of any descriptor resolves to.

## Why
A dead template: edits to it change nothing, and the file the author thinks is rendered is some other
one (often a renamed template whose `<generate>` was not updated).

## Example
```text
META-INF/autoconf/auto-config.xml     <generate template="order-ds.xml.vm" …/>
META-INF/autoconf/order-ds.xml.vm
META-INF/autoconf/order-ds-old.xml.vm  <- never rendered
```

## Use instead
Delete the template, or add the `<generate>` that renders it.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    let used: HashSet<&str> =
        m.descriptors.iter().flat_map(|d| d.gens.iter().filter_map(|g| g.resolved.as_deref())).collect();
    for (path, d) in &m.beside {
        if used.contains(path.as_str()) {
            continue;
        }
        let desc = &m.descriptors[*d];
        // A descriptor that does not load renders nothing; AX001 says so already.
        if desc.parsed.is_none() {
            continue;
        }
        let dfile = &m.files[desc.file];
        out.emit(&RULE, || {
            Finding::new(&RULE, Span::file(path.as_str()), format!("`{path}` is not rendered by any `<generate>`"))
                .with_label(dfile.whole(), "the descriptor beside it")
                .with_help("delete the template, or add a `<generate template=\"…\">` for it")
        });
    }
}
