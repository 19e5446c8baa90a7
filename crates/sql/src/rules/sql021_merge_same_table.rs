//! SQL021 merge-same-table: several ALTER TABLE statements on one table in one file.

use precheck_core::{Finding, RuleMeta, Severity, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL021",
    "merge-same-table",
    Severity::Warning,
    "several ALTER TABLE statements on the same table in one file",
    r#"## What it does
Reports the second and later `ALTER TABLE t` of the same table in one file, with a label on the first.

## Why
Each ALTER may rebuild the table and hold metadata locks; one statement with several specifications
rebuilds it once (Bytebase STATEMENT_MERGE_ALTER_TABLE, goInception merge_alter_table, SOAR ALT.002).

## Example
```sql
ALTER TABLE coupon ADD COLUMN a int COMMENT 'a';
ALTER TABLE coupon ADD INDEX idx_a (a);
```

## Use instead
```sql
ALTER TABLE coupon ADD COLUMN a int COMMENT 'a', ADD INDEX idx_a (a);
```
"#,
)
.opt_in();

/// `alters`: the lower-case table and the name's span of every ALTER TABLE of a file, in order.
pub fn check(alters: &[(String, Span)], out: &mut Vec<Finding>) {
    // The first ALTER of each table, by name (a search of the earlier ones per ALTER was quadratic).
    let mut first_of: std::collections::HashMap<&str, &Span> = std::collections::HashMap::new();
    for (table, span) in alters {
        let first = *first_of.entry(table.as_str()).or_insert(span);
        if !std::ptr::eq(first, span) {
            out.push(
                Finding::new(&RULE, span.clone(), format!("another `ALTER TABLE` of `{table}` in this file"))
                    .with_label(first.clone(), "first altered here")
                    .with_help("merge the specifications into one ALTER TABLE statement"),
            );
        }
    }
}
