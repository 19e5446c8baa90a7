//! SQL109 no-map-result: a mapper query whose result is a `Map` (`resultType="map"`, `HashMap`, `Hashtable`).

use precheck_core::{Finding, RuleMeta, Severity, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL109",
    "no-map-result",
    Severity::Warning,
    "mapper query returns rows as a `Map` (`resultType=\"map\"`, `HashMap`, `Hashtable`)",
    r#"## What it does
Reports the `resultType` (MyBatis) or `resultClass` (iBatis) attribute of a mapper query whose type is a
map: the aliases `map`, `hashmap`, `linkedhashmap`, `hashtable`, or `java.util.Map`, `java.util.HashMap`,
`java.util.LinkedHashMap`, `java.util.Hashtable`, `java.util.TreeMap`. `parameterType="map"` (a map *into*
the statement) is not reported.

## Why
A map carries column names and values whose Java types depend on the driver and the column type (a
`BigInteger` here, a `Long` there, `Timestamp` versus `LocalDateTime`): callers cast and break when the
schema or driver changes, and nothing names the fields the code relies on. The Alibaba manual forbids
HashMap and Hashtable as the output of a query (阿里巴巴 Java 开发手册, ORM 映射: 不允许直接拿 HashMap 与
Hashtable 作为查询结果集的输出).

## Example
```xml
<select id="stat" resultType="map">SELECT shop_id, COUNT(*) AS n FROM coupon GROUP BY shop_id</select>
```

## Use instead
A small result class (a DTO with `shopId` and `n`) with a `<resultMap>`.
"#,
)
.opt_in();

/// The finding for an attribute naming a map type, at the attribute value's span.
pub fn finding(attr: &str, ty: &str, span: Span) -> Finding {
    Finding::new(&RULE, span, format!("`{attr}=\"{ty}\"` returns rows as untyped maps"))
        .with_help("map the result to a class through a `<resultMap>`")
}
