//! ZD081 unencrypted-password: a zone-aware physical bean whose `password` is not ciphertext
//! (RUNTIME-SEMANTICS.md 4.11).

use precheck_core::{RuleMeta, Severity, Sink};

use super::at;
use crate::model::Model;
use precheck_xml::beans::Kind;

pub static RULE: RuleMeta = RuleMeta::new(
    "zdal",
    "ZD081",
    "unencrypted-password",
    Severity::Error,
    "a zone-aware physical data source whose `password` is not hex ciphertext",
    r#"## What it does
Under the zone-aware loader (`internal-ldc`), reports a `PhysicalDataSourceBean` whose `password` is not hexadecimal text (a signed hex number, the JBoss `SecureIdentityLoginModule` form). `${…}` placeholders are not judged; a blank password is ZD026's.

## Why
The zone-aware loader treats `password` as ciphertext and decodes it when it creates the pool (`LocalTxDataSourceDO.setEncPassword`): text that is not hex fails pool creation, and so startup ("ERROR ## create dsName = … dataSource failured", RUNTIME-SEMANTICS.md 4.11, 3.11). The public loader passes the password as plain text (ZD031 is its opt-in warning).

## Example
```xml
<property name="password" value="s3cret" />
```

## Use instead
Write the password encrypted with `SecureIdentityLoginModule` (e.g. `-6c3b1e7f5a2d4c90`), or a `${…}` placeholder filled at deploy time.
"#,
)
.repo();

pub fn check(m: &Model, out: &mut Sink<'_>) {
    for ds in &m.app_ds {
        if !ds.zone_aware {
            continue;
        }
        for &p in &ds.physicals {
            if m.kind(p) != Kind::Physical {
                continue;
            }
            let Some((pw, loc)) = m.str_prop(p, "password") else { continue };
            let pw = pw.trim();
            let digits = pw.strip_prefix('-').unwrap_or(pw);
            if pw.is_empty() || Model::deferred(pw) || (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit())) {
                continue;
            }
            let name = m.str_prop(p, "name").map_or("", |(n, _)| n.trim()).to_string();
            out.emit(&RULE, || {
                at(m, &RULE, loc, format!("the password of physical data source `{name}` is not hex ciphertext, which the zone-aware loader decodes when it creates the pool: startup fails"))
                    .with_help("write the `SecureIdentityLoginModule`-encrypted form, or a `${…}` placeholder")
                    .with_secret(pw.as_bytes())
            });
        }
    }
}
