//! SQL076 no-mix-ddl-dml: a script that both changes the schema and changes existing rows (file rule).

use precheck_core::{Finding, RuleMeta, Severity, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL076",
    "no-mix-ddl-dml",
    Severity::Warning,
    "script mixes schema changes (DDL) with data changes (DML)",
    r#"## What it does
Reports a `.sql` script that holds both DDL (`CREATE`, `ALTER`, `DROP`, `TRUNCATE`, `RENAME`) and DML
(`INSERT`, `REPLACE`, `UPDATE`, `DELETE`) on tables the script does not create itself, once, at the first
statement of the kind that came second, with a label on the first statement of the other kind. Seed data
for a table the same script creates (`CREATE TABLE t …; INSERT INTO t …`) is part of creating it and does
not count as DML. Mapper files are not scripts and are not checked.

## Why
Schema changes and data changes are reviewed, scheduled and run differently: DDL by the online-schema-change
tool outside peak hours, DML in a transaction with a backup of the rows. MySQL commits implicitly before
and after each DDL statement, so a script that mixes them cannot be rolled back as a unit, and a failure half
way leaves both the schema and the data half changed (Bytebase STATEMENT_DISALLOW_MIX_IN_DDL / _IN_DML;
Archery separates DDL and DML work orders).

## Example
```sql
ALTER TABLE coupon ADD COLUMN channel varchar(32) NOT NULL DEFAULT '' COMMENT 'channel';
UPDATE coupon SET channel = 'app' WHERE source = 1;
```

## Use instead
Two changes: the ALTER in a DDL change, the UPDATE in a DML change that runs after it.
"#,
)
.opt_in();

/// What a script statement is, for this rule.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ddl,
    Dml,
}

/// The kind of a statement by its verb; `None` for anything else (SET, SELECT, USE…).
pub fn kind(verb: &str) -> Option<Kind> {
    match verb {
        "CREATE" | "ALTER" | "DROP" | "TRUNCATE" | "RENAME" => Some(Kind::Ddl),
        "INSERT" | "REPLACE" | "UPDATE" | "DELETE" | "MERGE" => Some(Kind::Dml),
        _ => None,
    }
}

/// The finding, given the first statement of each kind (in file order: `first` came first).
pub fn finding(first: (Kind, Span), second: (Kind, Span)) -> Finding {
    let word = |k: Kind| if k == Kind::Ddl { "schema change (DDL)" } else { "data change (DML)" };
    Finding::new(
        &RULE,
        second.1,
        format!("{} in a script that also holds a {}", word(second.0), word(first.0)),
    )
    .with_label(first.1, format!("first {} here", word(first.0)))
    .with_help("split the script: schema changes in one change, data changes in another")
}
