//! AX026 overridden-shared-value: a user value overriding a shared one, or a key in several shared files.

use std::collections::HashMap;

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX026",
    "overridden-shared-value",
    Severity::Info,
    "a user value overriding a shared one, or one key in several shared files (\"覆盖警告\")",
    r#"## What it does
For an antx.properties that selects a shared set, notes a key it sets that a local file of the set also
sets, and a key set by several files of the set, with a label on the overridden value.

## Why
autoconfig prints an override warning ("覆盖警告") at build time: the team default is not what this
module gets, which is sometimes intended and sometimes a leftover.

## Example
```properties
antx.properties = daily
antx.properties.daily.1 = shared/daily.properties
order.db.url = jdbc:mysql://localhost/order   # daily.properties sets it too
```

## Use instead
Drop the local line when the shared value is right; keep it, knowingly, when it is not.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pf in m.props.iter().filter(|p| !p.shared) {
        let shared = pf.selected_local();
        // The value of each key in the set so far: (file, entry).
        let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
        let report = |over: (usize, usize), under: (usize, usize), out: &mut Sink<'_>| {
            let (of, oe) = over;
            let (uf, ue) = under;
            let ofile = &m.files[m.props[of].file];
            let ufile = &m.files[m.props[uf].file];
            let oentry = &m.props[of].entries[oe];
            let uentry = &m.props[uf].entries[ue];
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    ofile.span(oentry.key_range.clone()),
                    format!("`{}` overrides the value from `{}` (\"覆盖警告\")", oentry.key, ufile.path),
                )
                .with_label(ufile.span(uentry.key_range.clone()), "overridden value")
                .with_help("drop this line if the shared value is right")
            });
        };
        for &s in &shared {
            for (i, e) in m.props[s].entries.iter().enumerate() {
                if let Some(&prev) = seen.get(e.key.as_str()) {
                    if prev.0 != s {
                        report((s, i), prev, out);
                    }
                }
                seen.insert(&e.key, (s, i));
            }
        }
        let user = m.props.iter().position(|p| std::ptr::eq(p, pf)).unwrap_or_default();
        for (i, e) in pf.entries.iter().enumerate() {
            if let Some(&prev) = seen.get(e.key.as_str()) {
                report((user, i), prev, out);
            }
        }
    }
}
