//! AX030 invalid-shared-set: shared-set entries that are not usable, or a selected set with no entries.

use precheck_core::{Finding, RuleMeta, Severity};

use precheck_core::Sink;
use crate::model::{Model, SharedTarget};

pub static RULE: RuleMeta = RuleMeta::new(
    "antx",
    "AX030",
    "invalid-shared-set",
    Severity::Info,
    "`antx.properties.<set>.<n>` entries that are not usable URLs or files, or a selected set with no entries",
    r#"## What it does
Checks the shared-set keys of antx.properties: an `antx.properties.<set>.<n>` entry that is empty, not a
valid `http(s)` URL, or a path that is not a file of the repository; an `antx.properties = <set>` that
selects a set with no entries. It also notes, once per file, that a selected set with `http(s)` entries is
not available offline, so the value rules consider only its local files.

## Why
autoconfig skips what it cannot load: the team defaults the module relies on are silently missing.

## Example
```properties
antx.properties = daily
antx.properties.dialy.1 = shared/daily.properties
```

## Use instead
```properties
antx.properties = daily
antx.properties.daily.1 = shared/daily.properties
```
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for pf in m.props.iter().filter(|p| !p.shared) {
        let file = &m.files[pf.file];
        for s in &pf.shared_entries {
            let SharedTarget::Invalid(why) = &s.target else { continue };
            let e = &pf.entries[s.entry];
            out.emit(&RULE, || {
                Finding::new(&RULE, file.span(e.value_range.clone()), format!("shared file `{}` {why}", e.key))
                    .with_help("point it at an `http(s)` URL or a properties file of the repository")
            });
        }
        let Some((set, entry)) = &pf.selected else { continue };
        let e = &pf.entries[*entry];
        if !pf.shared_entries.iter().any(|s| &s.set == set) {
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    file.span(e.value_range.clone()),
                    format!("shared set `{set}` has no `antx.properties.{set}.<n>` entries"),
                )
                .with_help(format!("add `antx.properties.{set}.1 = <url or file>`, or fix the set name"))
            });
        } else if pf.selected_remote() {
            out.emit(&RULE, || {
                Finding::new(
                    &RULE,
                    file.span(e.value_range.clone()),
                    format!("shared set `{set}` is not available offline: its `http(s)` files are not fetched"),
                )
                .with_help("values from those files are unknown to precheck; commit a copy of the set to check them")
            });
        }
    }
}
