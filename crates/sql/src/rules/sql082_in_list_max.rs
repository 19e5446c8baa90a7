//! SQL082 in-list-max: `IN (…)` with more values than `in-list-max`; a mapper `<foreach>` building an IN list.

use precheck_core::{Finding, RuleMeta, Severity, Span};
use sqlparser::tokenizer::Token;

use super::{Origin, Out, StmtCx};
use crate::mapper::BareForeach;
use crate::query;

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL082",
    "in-list-max",
    Severity::Warning,
    "`IN (…)` list longer than `in-list-max` (default 1000), or built by an unbounded mapper `<foreach>`",
    r#"## What it does
Reports an `IN (…)` / `NOT IN (…)` value list with more than `[sql] in-list-max` values (default 1000; a
subquery is not a list). In a mapper, the list's length is the size of a collection only known at run time:
every `<foreach>` (iBatis `<iterate>`) that builds the list of an `IN` is reported once, at the tag, as
unbounded, so the team decides where the caller caps it.

## Why
MySQL evaluates long IN lists by sorting them and probing the index per value; past a few thousand values
the optimiser's range estimate (`eq_range_index_dive_limit`) degrades, plans flip to full scans, and the
statement can outgrow `max_allowed_packet`; Oracle rejects more than 1000 values outright (ORA-01795).
The Alibaba manual asks to keep the set under 1000 (SOAR ARG.005).

## Example
```xml
<select id="byIds" resultMap="coupon">
  SELECT id, code FROM coupon WHERE id IN
  <foreach collection="ids" item="id" open="(" separator="," close=")">#{id}</foreach>
</select>
```

## Use instead
Cap the collection in the caller (query in batches of at most 1000 ids), or join with a table of the values.
"#,
)
.opt_in();

pub fn check(cx: &StmtCx<'_>, out: &mut Out<'_>) {
    if cx.origin == Origin::MapperMin || !cx.is_dml() {
        return;
    }
    let max = cx.settings.cfg.in_list_max;
    let toks = cx.toks();
    let close = query::matching(toks);
    for (i, t) in toks.iter().enumerate() {
        if !t.is("IN") || toks.get(i + 1).is_none_or(|n| n.t != Token::LParen) || query::opens_subquery(toks, i + 1) {
            continue;
        }
        let open = i + 1;
        let end = close[open].min(toks.len());
        let d = toks[open].depth + 1;
        let values = 1 + toks[open + 1..end.saturating_sub(1).max(open + 1)]
            .iter()
            .filter(|u| u.depth == d && u.t == Token::Comma)
            .count();
        if values > max {
            out.add(
                &RULE,
                (t.start, t.end),
                format!("`IN` list of {values} values; the limit is {max}"),
                "query in batches, or join with a table of the values",
            );
        }
    }
}

/// The finding for a `<foreach>` / `<iterate>` that builds an IN list.
pub fn foreach_finding(f: &BareForeach, span: Span) -> Finding {
    let what = if f.collection.is_empty() { "the collection".to_string() } else { format!("`{}`", f.collection) };
    Finding::new(
        &RULE,
        span,
        format!("`<{}>` builds an `IN` list as long as {what}: nothing bounds it", f.tag),
    )
    .with_help("cap the collection in the caller (batches of at most 1000), or join with a table of the values")
}
