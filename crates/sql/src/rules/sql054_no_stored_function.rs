//! SQL054 no-stored-function: CREATE FUNCTION.

use precheck_core::{RuleMeta, Severity};
use sqlparser::tokenizer::Token;

use super::{Out, StmtCx};
use crate::stmt::Tok;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL054",
    "no-stored-function",
    Severity::Warning,
    "CREATE FUNCTION (a stored function)",
    r#"## What it does
Reports `CREATE [OR REPLACE] [DEFINER = …] [AGGREGATE] FUNCTION`, on tokens (sqlparser does not parse
MySQL stored-program bodies). `CREATE FUNCTION … SONAME` (a loadable UDF) is reported too.

## Why
A stored function is business logic outside the versioned, tested application: it is deployed per
database, escapes code review and profiling, and a non-deterministic one breaks statement-based
replication and the query cache of every statement that calls it (Bytebase
SYSTEM_FUNCTION_DISALLOW_CREATE, SOAR FUN.009).

## Example
```sql
CREATE FUNCTION order_fee(amount decimal(12,2)) RETURNS decimal(12,2) DETERMINISTIC RETURN amount * 0.006;
```

## Use instead
Compute it in the application.
"#,
)
.opt_in();

/// For a `CREATE …` statement, the keyword token naming what it creates (`TABLE`, `VIEW`, `FUNCTION`,
/// `TRIGGER`, `EVENT`…), after `OR REPLACE`, `TEMPORARY`, `ALGORITHM = x`, `DEFINER = x`, `SQL SECURITY x`
/// and `AGGREGATE`.
pub fn created_kind(toks: &[Tok]) -> Option<&Tok> {
    const OBJECTS: &[&str] = &[
        "TABLE", "INDEX", "VIEW", "FUNCTION", "TRIGGER", "EVENT", "PROCEDURE", "DATABASE", "SCHEMA", "SEQUENCE",
        "USER", "ROLE", "TABLESPACE", "SERVER", "TYPE", "EXTENSION", "SYNONYM", "PACKAGE", "MATERIALIZED",
    ];
    if !toks.first()?.is("CREATE") {
        return None;
    }
    // The prefix is short; a bound keeps a statement that names no object linear.
    toks.iter().skip(1).take(24).filter(|t| t.depth == 0).find(|t| {
        matches!(t.t, Token::Word(_)) && !t.quoted() && OBJECTS.iter().any(|o| t.is(o))
    })
}

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if let Some(t) = created_kind(cx.toks()).filter(|t| t.is("FUNCTION")) {
        out.add(&RULE, (t.start, t.end), "stored function".into(), "move the logic into the application");
    }
}
