//! SQL110 foreach-empty: a mapper `<foreach>` (iBatis `<iterate>`) that renders even for an empty collection.

use precheck_core::{Finding, RuleMeta, Severity, Span};

use crate::mapper::BareForeach;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL110",
    "foreach-empty",
    Severity::Warning,
    "mapper `<foreach>` / `<iterate>` without a guard for an empty collection",
    r#"## What it does
Reports a `<foreach>` (iBatis `<iterate>`) of a mapper statement that is rendered even when every optional
piece is off — no `<if>`, iBatis `isXxx` or `<choose>` branch guards it — so an empty collection still
reaches the database. Inside `IN (…)` the statement becomes `IN ()`, which MySQL rejects; elsewhere the
condition the loop builds silently disappears. Found on the minimal rendering of the mapper XML; it does not
need the repository's schema. Off by default (sql.md §3): enable it with `[rules] select`.

## Why
Callers pass empty lists more often than anyone expects (a filter with nothing selected, a batch that was
already processed). The result is a runtime SQL error, or a statement that matches more rows than meant.

## Example
```xml
<select id="byIds" resultMap="coupon">
  SELECT id, code FROM coupon WHERE id IN
  <foreach collection="ids" item="id" open="(" separator="," close=")">#{id}</foreach>
</select>
```

## Use instead
```xml
<select id="byIds" resultMap="coupon">
  SELECT id, code FROM coupon
  <where>
    <choose>
      <when test="ids != null and ids.size() > 0">
        id IN <foreach collection="ids" item="id" open="(" separator="," close=")">#{id}</foreach>
      </when>
      <otherwise>1 = 0</otherwise>
    </choose>
  </where>
</select>
```
Or return early in the calling code when the collection is empty.
"#,
)
.opt_in();

/// The finding for one unguarded loop.
pub fn finding(f: &BareForeach, span: Span) -> Finding {
    let what = if f.collection.is_empty() { "the collection".to_string() } else { format!("`{}`", f.collection) };
    let msg = if f.in_list {
        format!("`<{}>` has no guard: an empty {what} renders `IN ()`, which MySQL rejects", f.tag)
    } else {
        format!("`<{}>` has no guard: an empty {what} renders nothing and the condition it builds disappears", f.tag)
    };
    Finding::new(&RULE, span, msg)
        .with_help("guard it with `<if test=\"… != null and ….size() > 0\">` or a `<choose>`, or skip the call for an empty collection")
}
