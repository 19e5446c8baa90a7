//! AX015 undeclared-placeholder: a rendered reference that the owning auto-config.xml does not declare.

use precheck_core::{Finding, RuleMeta, Severity};

use super::{undeclared};
use precheck_core::Sink;
use crate::model::{Model, identifier};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX015",
    "undeclared-placeholder",
    Severity::Error,
    "a template renders `${name}` that the auto-config.xml owning the `<generate>` does not declare",
    r#"## What it does
Collects every reference a generated template renders (`${a.b}`, `$a`, `$!{a}`, `${a_b}`; not those in
comments, `#[[ ]]#` blocks, escaped `\${…}`, or directive arguments) and compares it with the properties
declared in the same `auto-config.xml` that owns the `<generate>`. A declared `a.b` accepts `${a.b}` and its
identifier form `${a_b}` (not the other way round). `${D}`, `#set` locals, `#foreach` variables and macro
parameters are Velocity's own. A declaration in another descriptor does not count.

## Why
autoconfig logs "Undefined placeholders found in template" and the generate fails; the Maven plugin then
fails the build (strict mode, the default), while the CLI renders a broken file and exits 0.

## Example
```xml
<!-- template -->
<property name="url" value="${order.db.url}"/>
<property name="password" value="${order.db.password}"/>   <!-- not declared -->
```

## Use instead
Declare `order.db.password` in that auto-config.xml, or, for a value resolved at runtime (a Spring
placeholder), write `${D}{order.db.password}`.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    if !out.enabled(&RULE) {
        return;
    }
    for (d, g, tfile, r) in undeclared(m) {
        let desc = &m.descriptors[d];
        let dfile = &m.files[desc.file];
        let Some(parsed) = &desc.parsed else { continue };
        let elem = &parsed.generates[g.elem];
        // A sibling descriptor of the package that declares it: the usual cause.
        let sibling = m.packages[desc.package].descriptors.iter().copied().filter(|&o| o != d).find(|&o| {
            m.descriptors[o]
                .parsed
                .as_ref()
                .is_some_and(|p| p.properties.iter().any(|p| p.name() == r.name || identifier(p.name()) == r.name))
        });
        out.emit(&RULE, || {
            let f = Finding::new(
                &RULE,
                tfile.span(r.range.clone()),
                format!("`{}` is not declared in `{}`: \"Undefined placeholders found in template\"", r.name, dfile.path),
            )
            .with_label(dfile.span(elem.range.clone()), "rendered by this generate");
            match sibling {
                Some(o) => {
                    let opath = &m.files[m.descriptors[o].file].path;
                    f.with_help(format!("`{}` is declared in `{opath}` only; declaring it there does not count: move or duplicate the `<property>` into this auto-config.xml", r.name))
                }
                None => f.with_help(format!(
                    "declare `{}` in a `<property>` of this auto-config.xml, or write `${{D}}{{{}}}` if it is resolved at runtime",
                    r.name, r.name
                )),
            }
        });
    }
}
