//! AX004 bad-property-name: a blank property name (E), or one declared twice in a package (W).

use std::collections::HashMap;

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX004",
    "bad-property-name",
    Severity::Error,
    "a `<property>` with a blank name, or a name declared twice in one package",
    r#"## What it does
Reports a `<property>` whose `name` is missing or blank (error), and a name declared a second time in the
same descriptor or in another descriptor of the same package (warning, with a label on the first).

## Why
A blank name cannot be given a value or referenced. A duplicate shadows the earlier definition in the
wizard, so the defaults and validators that apply depend on the order the descriptors load in.

## Example
```xml
<group name="db">
  <property name="order.db.url"/>
  <property name="order.db.url" defaultValue="jdbc:mysql://localhost/order"/>
</group>
```

## Use instead
Declare each property once, with all its attributes.
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
            for (i, p) in parsed.properties.iter().enumerate() {
                let name = p.name();
                if name.is_empty() {
                    out.emit(&RULE, || {
                        Finding::new(&RULE, file.span(p.elem.name_range()), "`<property>` has a blank `name`")
                            .with_help("give the property a name, or remove it")
                    });
                    continue;
                }
                match first.get(name) {
                    None => {
                        first.insert(name, (d, i));
                    }
                    Some(&(fd, fi)) => {
                        let other = &m.descriptors[fd];
                        let other_file = &m.files[other.file];
                        let Some(other_parsed) = &other.parsed else { continue };
                        let span = other_file.span(other_parsed.properties[fi].elem.name_range());
                        out.emit(&RULE, || {
                            Finding::new(
                                &RULE,
                                file.span(p.elem.name_range()),
                                format!("`{name}` is declared twice in this package"),
                            )
                            .with_severity(Severity::Warning)
                            .with_label(span, "first declared here")
                            .with_help("keep one declaration: the later one shadows the earlier in the wizard")
                        });
                    }
                }
            }
        }
    }
}
