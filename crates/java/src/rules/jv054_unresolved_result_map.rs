//! JV054 unresolved-result-map: a `resultMap` reference to a map that does not exist.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV054",
    "unresolved-result-map",
    Severity::Error,
    "`resultMap=\"…\"` naming no `<resultMap>`",
    r#"## What it does
Resolves every `resultMap` attribute (of statements, `<association>`, `<collection>`, `<case>`) and every
`<resultMap extends>`: a plain id in the mapper's own namespace, `namespace.id` in the mappers of that namespace.
References into a namespace that no mapper of the repository declares (a jar's) are left alone.

## Why
MyBatis fails at start-up, or when the mapper is first loaded: `IllegalArgumentException: Result Maps collection
does not contain value for com.example.UserMapper.userMap`.

## Example
```xml
<mapper namespace="com.example.UserMapper">
  <resultMap id="userMap" type="User"><id column="id" property="id"/></resultMap>
  <select id="findById" resultMap="usrMap">SELECT id FROM user WHERE id = #{id}</select>
</mapper>
```

## Use instead
```xml
<mapper namespace="com.example.UserMapper">
  <resultMap id="userMap" type="User"><id column="id" property="id"/></resultMap>
  <select id="findById" resultMap="userMap">SELECT id FROM user WHERE id = #{id}</select>
</mapper>
```
"#,
)
.repo();
