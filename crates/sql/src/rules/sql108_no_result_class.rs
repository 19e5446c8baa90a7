//! SQL108 no-result-class: a mapper query mapped by `resultType` / `resultClass` to an entity class instead of
//! a `<resultMap>`.

use precheck_core::{Finding, RuleMeta, Severity, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "sql",
    "SQL108",
    "no-result-class",
    Severity::Warning,
    "mapper query maps rows to a class with `resultType`/`resultClass` instead of a `<resultMap>`",
    r#"## What it does
Reports the `resultType` (MyBatis) or `resultClass` (iBatis) attribute of a `<select>` (iBatis also
`<statement>`, `<procedure>`) that names a class of the application, such as `com.x.CouponDO` or an alias
`Coupon`. Scalar and JDK value types are what a count or a single column returns and are not reported:
`int`, `long`, `string`, `java.lang.*`, `java.math.*`, `java.util.Date`, `java.sql.*`, `java.time.*`, byte
arrays. Maps are SQL109's.

## Why
With `resultType` the mapping of columns to properties is implicit: a renamed column or property maps to
nothing without an error, and the table's layout leaks into every query. The Alibaba manual makes a
`<resultMap>` mandatory even when every property name matches its column, so the mapping is declared once,
per table, and reviewed (阿里巴巴 Java 开发手册, ORM 映射: 不要用 resultClass 当返回参数).

## Example
```xml
<select id="findById" resultType="com.example.coupon.CouponDO">
  SELECT id, code, gmt_create FROM coupon WHERE id = #{id}
</select>
```

## Use instead
```xml
<resultMap id="coupon" type="com.example.coupon.CouponDO">
  <id column="id" property="id"/>
  <result column="code" property="code"/>
  <result column="gmt_create" property="gmtCreate"/>
</resultMap>
<select id="findById" resultMap="coupon">…</select>
```
"#,
)
.opt_in();

/// Result types that are values, not entities (lower case; `java.lang.`-style prefixes are checked apart).
const VALUE_TYPES: &[&str] = &[
    "int", "integer", "long", "short", "byte", "double", "float", "boolean", "bool", "string", "char", "character",
    "date", "decimal", "bigdecimal", "biginteger", "number", "object", "byte[]", "_byte[]", "_int", "_integer",
    "_long", "_short", "_byte", "_double", "_float", "_boolean", "localdate", "localdatetime", "localtime",
    "timestamp", "time", "instant", "uuid",
];

const VALUE_PACKAGES: &[&str] = &["java.lang.", "java.math.", "java.sql.", "java.time.", "java.util.date", "java.util.uuid"];

/// Whether a result type names a map (SQL109's).
pub fn is_map(ty: &str) -> bool {
    let t = ty.trim().to_ascii_lowercase();
    let simple = t.rsplit('.').next().unwrap_or(&t);
    let java_util = t.starts_with("java.util.") || !t.contains('.');
    java_util && matches!(simple, "map" | "hashmap" | "linkedhashmap" | "hashtable" | "treemap" | "properties")
}

/// Whether a result type names an application class (an entity), not a value or a map.
pub fn is_entity(ty: &str) -> bool {
    let t = ty.trim().to_ascii_lowercase();
    if t.is_empty() || is_map(&t) || VALUE_TYPES.contains(&t.as_str()) || VALUE_PACKAGES.iter().any(|p| t.starts_with(p)) {
        return false;
    }
    // `${…}` placeholders and generics are not judged.
    !t.contains("${") && !t.contains('<')
}

/// The finding for an attribute (`resultType` / `resultClass`) naming `ty`, at the attribute value's span.
pub fn finding(attr: &str, ty: &str, span: Span) -> Finding {
    Finding::new(&RULE, span, format!("`{attr}=\"{ty}\"` maps columns to properties implicitly"))
        .with_help("declare a `<resultMap>` for the class and use `resultMap=\"…\"`")
}
