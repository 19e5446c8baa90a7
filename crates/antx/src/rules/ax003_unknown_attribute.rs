//! AX003 unknown-attribute: an attribute autoconfig does not read (`defaultvalue`, `require`, `dest`…).

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::descriptor::{Elem, known_attrs, validator_attrs};
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX003",
    "unknown-attribute",
    Severity::Warning,
    "an attribute autoconfig silently ignores, usually a typo (`defaultvalue`, `require`, `dest`)",
    r#"## What it does
Reports attributes that autoconfig does not read on a bound element. It reads `description` on `config`;
`name`, `description` on `group`; `name`, `defaultValue`, `description`, `required` on `property`; `name`,
`message` and the validator's own attributes on `validator` (`choice`; `regexp`, `mode`; `protocols`,
`checkHostExist`, `endsWithSlash`; `file`); `template`, `destfile`, `charset`, `outputCharset` on `generate`.
Attribute names are case-sensitive. Namespace declarations are ignored.

## Why
Unknown attributes are dropped silently: the default, the optional flag or the destination the author
meant does not exist, and the build behaves differently from what the file says.

## Example
```xml
<property name="order.log.level" defaultvalue="warn" require="false"/>
<generate template="log4j.xml.vm" dest="WEB-INF/classes/log4j.xml"/>
```

## Use instead
```xml
<property name="order.log.level" defaultValue="warn" required="false"/>
<generate template="log4j.xml.vm" destfile="WEB-INF/classes/log4j.xml"/>
```
"#,
)
.repo();

/// The attribute the author probably meant.
fn suggestion(attr: &str, known: &[&str]) -> Option<String> {
    let lower = attr.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "default" | "defaultvalue" | "default-value" | "value" => Some("defaultValue"),
        "require" | "optional" => Some("required"),
        "desc" => Some("description"),
        "dest" | "destfile" | "dest-file" | "target" => Some("destfile"),
        "encoding" => Some("charset"),
        "outputcharset" | "output-charset" | "outputencoding" => Some("outputCharset"),
        _ => None,
    };
    alias
        .filter(|a| known.contains(a))
        .map(str::to_string)
        .or_else(|| known.iter().find(|k| k.eq_ignore_ascii_case(attr)).map(|k| (*k).to_string()))
}

fn check_elem(m: &Model, file: usize, elem: &Elem, known: &[&str], out: &mut Sink<'_>) {
    for a in &elem.attrs {
        if known.contains(&a.name.as_str())
            || a.name == "xmlns"
            || a.name.starts_with("xmlns:")
            || a.name.starts_with("xsi:")
        {
            continue;
        }
        let f = &m.files[file];
        out.emit(&RULE, || {
            let finding = Finding::new(
                &RULE,
                f.span(a.name_range.clone()),
                format!("`{}` is not an attribute of `<{}>`: autoconfig silently ignores it", a.name, elem.name),
            );
            match suggestion(&a.name, known) {
                Some(s) => {
                    let mut finding = finding.with_help(format!("did you mean `{s}`?"));
                    finding.fix = Some(s);
                    finding
                }
                None => finding.with_help(format!("`<{}>` reads {}", elem.name, list(known))),
            }
        });
    }
}

fn list(known: &[&str]) -> String {
    if known.is_empty() {
        return "no attributes".to_string();
    }
    known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some(parsed) = &d.parsed else { continue };
        if let Some(root) = &parsed.root {
            check_elem(m, d.file, root, known_attrs("config"), out);
        }
        for (elem, path) in &parsed.containers {
            check_elem(m, d.file, elem, known_attrs(path), out);
        }
        for p in &parsed.properties {
            check_elem(m, d.file, &p.elem, known_attrs("config/group/property"), out);
            for v in &p.validators {
                // An unknown validator is AX006; its attributes cannot be judged.
                let Some(extra) = validator_attrs(v.value("name").unwrap_or_default()) else { continue };
                let mut known: Vec<&str> = vec!["name", "message"];
                known.extend_from_slice(extra);
                check_elem(m, d.file, v, &known, out);
            }
        }
        for g in &parsed.generates {
            check_elem(m, d.file, g, known_attrs("config/script/generate"), out);
        }
    }
}
