//! ZD031 plaintext-password: a plaintext database password in a Zdal file.

use precheck_core::{RuleMeta, Severity};

use precheck_xml::beans::Kind;

use super::{at};
use precheck_core::Sink;
use crate::model::Model;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD031",
    "plaintext-password",
    Severity::Warning,
    "a plaintext database password in a Zdal file",
    r#"## What it does
Reports a `password` that is neither a `${…}` placeholder nor the encrypted form the zone-aware client stores (JBoss `SecureIdentityLoginModule`: a hex string of 16 or more digits, possibly signed). The password itself is never printed.

## Why
The open-source client hands the value to the pool as is: a password committed in plain text leaks with the repository. The public loader passes the password to the pool as plain text (RUNTIME-SEMANTICS.md 1.12), so it works and only leaks. Under the zone-aware loader (`internal-ldc`) a password that is not ciphertext fails startup instead (fact 4.11): ZD081 reports it there, as an error.

## Example
```xml
<property name="password" value="s3cret" />
```

## Use instead
Use a `${db.password}` placeholder filled at deploy time, or the encrypted form.
"#,
)
.opt_in().repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if ds.zone_aware {
            continue; // ZD081: the zone-aware loader fails on a password that is not ciphertext (4.11).
        }
        for &p in &ds.physicals {
            if m.kind(p) != Kind::Physical {
                continue;
            }
            let Some((pw, loc)) = m.str_prop(p, "password") else { continue };
            let pw = pw.trim();
            let hex = pw.strip_prefix('-').unwrap_or(pw);
            if pw.is_empty()
                || Model::deferred(pw)
                || (hex.len() >= 16 && hex.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
            {
                continue;
            }
            let name = m.str_prop(p, "name").map_or("", |(n, _)| n.trim()).to_string();
            out.emit(&RULE, || {
                at(m, &RULE, loc, format!("plaintext password for physical data source `{name}`"))
                    .with_help("use a `${…}` placeholder filled at deploy time, or the encrypted form")
                    .with_secret(pw.as_bytes())
            });
        }
    }
}
