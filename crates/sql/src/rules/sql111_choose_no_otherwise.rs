//! SQL111 choose-no-otherwise: a `<choose>` without `<otherwise>` that builds the WHERE of an UPDATE or DELETE.

use precheck_core::{Finding, RuleMeta, Severity, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL111",
    "choose-no-otherwise",
    Severity::Warning,
    "`<choose>` without `<otherwise>` in the WHERE of a mapper UPDATE or DELETE",
    r#"## What it does
Reports a `<choose>` that has no `<otherwise>` and renders inside the WHERE clause of a mapper `<update>` or
`<delete>` (or an iBatis `<statement>` that is one): inside `<where>`, a `<trim prefix="WHERE">`, or after a
literal `WHERE`. When none of its `<when>` tests holds, the `<choose>` renders nothing and the condition it
should contribute disappears, so the statement changes more rows than any branch intended. SELECTs are not
reported: there the cost of a missing branch is a wider read, not a wider write. MyBatis Generator's
criteria `<choose>` (`criterion.noValue`, `singleValue`, `betweenValue`, `listValue`) covers every kind of
criterion and its `…ByExample` statements are generated: neither is reported.

## Why
`<when>` tests depend on the caller's parameters; a new caller, a null field or a renamed property makes all
of them false, silently (Java mapper scanners flag `<choose>` without `<otherwise>`; a WHERE that vanishes
entirely is SQL039).

## Example
```xml
<update id="close">
  UPDATE coupon SET status = 3
  <where>
    shop_id = #{shopId}
    <choose>
      <when test="id != null">AND id = #{id}</when>
      <when test="code != null">AND code = #{code}</when>
    </choose>
  </where>
</update>
```

## Use instead
Add `<otherwise>AND 1 = 0</otherwise>` (change nothing when no branch applies), or make the caller pass the
parameter the branch needs.
"#,
)
.opt_in();

/// The finding for a `<choose>` at `span` in a statement of kind `verb` (`UPDATE` / `DELETE`).
pub fn finding(verb: &str, span: Span) -> Finding {
    Finding::new(
        &RULE,
        span,
        format!(
            "`<choose>` without `<otherwise>` in the WHERE of {}: when no `<when>` holds, its condition disappears",
            if verb == "UPDATE" { "an UPDATE" } else { "a DELETE" }
        ),
    )
    .with_help("add `<otherwise>AND 1 = 0</otherwise>`, or require the parameter a branch needs")
}
