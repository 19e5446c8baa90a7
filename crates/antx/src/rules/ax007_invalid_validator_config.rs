//! AX007 invalid-validator-config: a validator missing its mandatory attribute, a bad `mode`, a bad regexp.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;
use crate::validators::{compile_regexp, parse_mode};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX007",
    "invalid-validator-config",
    Severity::Error,
    "a `choice` without `choice`, a `regexp` without `regexp`, an invalid `mode`, a regexp that does not compile",
    r#"## What it does
Reports validators that autoconfig cannot set up: `choice` without a non-blank `choice` attribute,
`regexp` without `regexp`, a `mode` other than `contain`, `exact` or `prefix` (optionally `!`-prefixed),
and a `regexp` that does not compile. Perl5 features the checker's engine lacks (look-around,
backreferences) are not reported.

## Why
autoconfig fails with "You must define an attribute called 'choice' for validator" or "Invalid regexp
mode", and the packaging step stops.

## Example
```xml
<validator name="choice"/>
<validator name="regexp" regexp="^[a-z]+$" mode="full"/>
```

## Use instead
```xml
<validator name="choice" choice="debug, info, warn, error"/>
<validator name="regexp" regexp="^[a-z]+$" mode="exact"/>
```
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for d in &m.descriptors {
        let Some(parsed) = &d.parsed else { continue };
        let file = &m.files[d.file];
        for p in &parsed.properties {
            for v in &p.validators {
                let kind = v.value("name").unwrap_or_default();
                let mut problems: Vec<(std::ops::Range<usize>, String, &str)> = Vec::new();
                let missing = |attr: &str| format!("You must define an attribute called '{attr}' for validator");
                match kind {
                    "choice" if v.value("choice").is_none_or(str::is_empty) => problems.push((
                        v.range.clone(),
                        format!("`choice` validator of `{}` has no choices: \"{}\"", p.name(), missing("choice")),
                        "list the accepted values: `choice=\"a, b, c\"`",
                    )),
                    "regexp" => match parse_mode(v.value("mode")) {
                        None => problems.push((
                            v.value_range("mode"),
                            format!(
                                "\"Invalid regexp mode: {}\" on `{}`",
                                v.value("mode").unwrap_or_default(),
                                p.name()
                            ),
                            "use `contain`, `exact` or `prefix`, optionally prefixed by `!`",
                        )),
                        Some((mode, _)) => match v.attr("regexp") {
                            None => problems.push((
                                v.range.clone(),
                                format!(
                                    "`regexp` validator of `{}` has no pattern: \"{}\"",
                                    p.name(),
                                    missing("regexp")
                                ),
                                "add `regexp=\"…\"`",
                            )),
                            Some(a) => {
                                if let Err(e) = compile_regexp(&a.value, mode) {
                                    problems.push((
                                        a.value_range.clone(),
                                        format!("the regexp of `{}` does not compile: {e}", p.name()),
                                        "fix the pattern",
                                    ));
                                }
                            }
                        },
                    },
                    _ => {}
                }
                for (range, message, help) in problems {
                    out.emit(&RULE, || Finding::new(&RULE, file.span(range), message).with_help(help));
                }
            }
        }
    }
}
