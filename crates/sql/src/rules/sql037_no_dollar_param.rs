//! SQL037 no-dollar-param: `${x}` / `$x$` text substitution in mappers (reported by the mapper extractor).

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL037",
    "no-dollar-param",
    Severity::Error,
    "`${x}` (MyBatis) or `$x$` (iBatis) string substitution in mapper SQL",
    r#"## What it does
Reports `${x}` and `$x$` in mapper statements. Where it stands decides the severity: in a value position
(WHERE, VALUES, SET) it is an error; where an identifier is expected (ORDER BY / GROUP BY, after FROM,
JOIN, INTO, UPDATE, in a select list) a warning, and names listed in `[sql] dollar-param-allowlist`
are accepted there. Every substitution of the statement is decided, in every `<choose>` branch, `<otherwise>`
and nested `<if>`. MyBatis Generator's `${criterion.condition}` (its `Example_Where_Clause`) is generated
code's column and operator, never user input, and is not reported.

## Why
The value is pasted into the SQL text unescaped: SQL injection (Alibaba manual: mandatory, `#{}` only).

## Example
```xml
<select id="find">SELECT id FROM user WHERE name = '${name}'</select>
```

## Use instead
`#{name}`; for a sort column, map a whitelisted value in Java and allow-list the parameter.
"#,
)
.opt_in();

/// The substitution of MyBatis Generator's criteria.
pub const MBG_CONDITION: &str = "criterion.condition";

/// The severity and message for one substitution.
pub fn verdict(name: &str, identifier: bool, allowlist: &[String]) -> Option<(Severity, String, &'static str)> {
    // MyBatis Generator's `Example_Where_Clause`: the condition is a column and operator that generated Java
    // code builds (`andNameEqualTo` → `name =`), never user input.
    if name == MBG_CONDITION {
        return None;
    }
    if identifier {
        if allowlist.iter().any(|a| a == name) {
            return None;
        }
        return Some((
            Severity::Warning,
            format!("`${{{name}}}` is pasted into the SQL as an identifier"),
            "map the value to a fixed column name in Java and add the parameter to `[sql] dollar-param-allowlist`",
        ));
    }
    Some((
        Severity::Error,
        format!("`${{{name}}}` pastes a value into the SQL: injection"),
        "bind the value with `#{…}`",
    ))
}
