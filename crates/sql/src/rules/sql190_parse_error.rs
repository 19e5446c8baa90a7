//! SQL190 parse-error: a statement (or mapper) that could not be parsed, so it was not fully reviewed.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL190",
    "parse-error",
    Severity::Warning,
    "a statement, mapper or file that could not be parsed: it was not fully reviewed",
    r#"## What it does
Reports, once per statement, SQL that sqlparser (in the file's dialect: `[[sql.dialect-overrides]]`, a hint
in the path such as `oracle/` or `postgresql.sql`, else `[sql] dialect`) cannot parse, with the parser's
message and position: syntax it does not know, an unterminated quote or comment, nesting deeper than the
parser's limit. Valid MySQL the parser does not model (stored-program bodies, account management, table
options and partition maintenance in ALTER TABLE, `ALTER DATABASE`) is read by its tokens and not reported.
In mappers, only renderings MyBatis would send are parsed: every condition on (mutually exclusive ones one at
a time) and each `<choose>` branch; the all-off rendering of a selective insert or update is not. FreeMarker
templates named `.sql` or `Mapper.xml` (code-generator templates) are not reviewed. The other
statements of the file are still checked, and the token-level DDL rules (SQL012, SQL015, SQL016, SQL026,
SQL027, SQL036 and the other CREATE/ALTER rules) still run on it. It also reports mapper XML that is
malformed, an `<include>` cycle, an `<include>` whose `<sql id>` no mapper of the repository defines (an error:
MyBatis cannot build that statement and the application fails at start-up), and binary `.sql` files.

Statements over precheck's bounds are reported as "not checked" (PC003, on whatever rules are selected) rather
than read at any cost: a statement
of over 100,000 tokens (not reviewed at all), an expression that chains over 3,000 operators (`+`, `AND`,
`||`, `::`, `UNION`…) without a comma or parenthesis between them (not parsed: the token-level rules
still run), a mapper statement that renders to over 256 KiB or whose `<include>`s nest deeper than 64
levels.

## Why
A statement that was not reviewed must never look like a clean one; it is a warning, not a gate, because
the gap is usually the parser's.

## Example
```sql
SELECT id FROM user WHERE name = 'ann;
```

## Use instead
Fix the syntax, or suppress the finding with `-- precheck:allow(SQL190) reason` when the statement is
valid for your database.
"#,
)
.opt_in()
.binary();
