//! AX012 duplicate-destfile: two generates of one package writing the same file.

use std::collections::HashMap;

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX012",
    "duplicate-destfile",
    Severity::Error,
    "two `<generate>`s of one package with the same `destfile` (which defaults to the template)",
    r#"## What it does
Reports a `<generate>` whose destination (its `destfile`, or its `template` when `destfile` is absent)
is already the destination of another generate of the same package, in the same descriptor or another
one, with a label on the first.

## Why
autoconfig keeps the first and drops the later generate with only an INFO line ("Duplicated destfile"):
one of the two files the authors expect is never rendered.

## Example
```xml
<generate template="ds-daily.xml.vm" destfile="WEB-INF/classes/ds.xml"/>
<generate template="ds-prod.xml.vm"  destfile="WEB-INF/classes/ds.xml"/>
```

## Use instead
Render each destination once; choose between variants with `#if` in one template.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pkg in &m.packages {
        let mut first: HashMap<&str, (usize, usize)> = HashMap::new();
        for &d in &pkg.descriptors {
            let desc = &m.descriptors[d];
            let Some(parsed) = &desc.parsed else { continue };
            let file = &m.files[desc.file];
            for (gi, g) in desc.gens.iter().enumerate() {
                if g.dest.is_empty() {
                    continue;
                }
                let Some(&(fd, fg)) = first.get(g.dest.as_str()) else {
                    first.insert(&g.dest, (d, gi));
                    continue;
                };
                let other = &m.descriptors[fd];
                let Some(other_parsed) = &other.parsed else { continue };
                let other_elem = &other_parsed.generates[other.gens[fg].elem];
                let label = m.files[other.file].span(other_elem.range.clone());
                let elem = &parsed.generates[g.elem];
                out.emit(&RULE, || {
                    Finding::new(
                        &RULE,
                        file.span(elem.range.clone()),
                        format!("`{}` is already generated in this package: autoconfig drops this generate (\"Duplicated destfile\")", g.dest),
                    )
                    .with_label(label, "first generated here")
                    .with_help("give each generate its own `destfile`, or remove one")
                });
            }
        }
    }
}
