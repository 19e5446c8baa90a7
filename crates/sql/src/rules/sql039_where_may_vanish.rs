//! SQL039 where-may-vanish: a mapper UPDATE/DELETE whose WHERE disappears when every condition is off.

use precheck_core::{RuleMeta, Severity};

use super::{Origin, Out, StmtCx, sql002_update_delete_require_where::lacks_where};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL039",
    "where-may-vanish",
    Severity::Error,
    "mapper UPDATE/DELETE whose WHERE is built only from optional pieces",
    r#"## What it does
Renders each mapper UPDATE and DELETE with every optional piece off (`<if>`, `<where>`, iBatis `isXxx`,
`<choose>` at `<otherwise>`) and reports it when that rendering has no WHERE although the full rendering
has one. MyBatis Generator's `…ByExample` statements are generated: their WHERE is the Example object the
Java code builds, and an empty Example meaning every row is that API's contract, so they are not reported.

## Why
An empty request object turns the statement into a whole-table update or delete (Java mapper scanners).

## Example
```xml
<delete id="remove">DELETE FROM coupon <where><if test="id != null">id = #{id}</if></where></delete>
```

## Use instead
Keep a mandatory condition outside the `<if>`s (`WHERE user_id = #{userId}`), or refuse empty requests
in Java.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin != Origin::MapperMin || !cx.full_has_where {
        return;
    }
    let (Some(ast), Some(first)) = (&cx.stmt.ast, cx.toks().first()) else { return };
    if lacks_where(ast) == Some(true) {
        let verb = cx.stmt.verb();
        out.add(
            &RULE,
            (first.start, first.end),
            format!("with every condition off this `{verb}` has no `WHERE` and changes every row"),
            "add a condition that is always rendered, or reject empty parameters",
        );
    }
}
