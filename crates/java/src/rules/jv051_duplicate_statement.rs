//! JV051 duplicate-statement: the same id twice in one mapper namespace.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV051",
    "duplicate-statement",
    Severity::Error,
    "a statement, `<sql>` or `<resultMap>` id defined twice in one mapper namespace",
    r#"## What it does
Finds ids defined twice in a mapper namespace (across every XML file of that namespace): two statements, two
`<sql>` fragments or two `<resultMap>`s with the same `id` and the same `databaseId`.

## Why
MyBatis refuses to start: `IllegalArgumentException: Mapped Statements collection already contains value for
com.example.UserMapper.findById`. Often the result of a merge that kept both sides.

## Example
```xml
<mapper namespace="com.example.UserMapper">
  <select id="findById" resultType="User">SELECT id FROM user WHERE id = #{id}</select>
  <select id="findById" resultType="User">SELECT id, name FROM user WHERE id = #{id}</select>
</mapper>
```

## Use instead
```xml
<mapper namespace="com.example.UserMapper">
  <select id="findById" resultType="User">SELECT id, name FROM user WHERE id = #{id}</select>
</mapper>
```
"#,
)
.repo();
