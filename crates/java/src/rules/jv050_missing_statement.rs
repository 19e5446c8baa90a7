//! JV050 missing-statement: a mapper interface method with no statement in its mapper XML.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV050",
    "missing-statement",
    Severity::Error,
    "a MyBatis mapper method with no statement of its name",
    r#"## What it does
For each MyBatis mapper XML whose `namespace` names a Java interface of the repository, finds the interface's
methods that have no `<select|insert|update|delete>` of the same `id` in any mapper of that namespace. Methods
that need none are left alone: `default` and `static` methods, methods annotated `@Select`, `@Insert`, `@Update`,
`@Delete` or one of the `@*Provider`s, and methods inherited from another interface (MyBatis-Plus's
`BaseMapper` provides its own).

The Alibaba Java manual's ORM 映射 items (5.3) assume every mapper method is bound; MyBatis checks it only when
the method is called.

## Why
MyBatis starts without complaint and fails on the first call of the method with `BindingException: Invalid
bound statement (not found): com.example.UserMapper.findByEmail` — usually after a rename on one side only.

## Example
```java
public interface UserMapper {
    User findById(Long id);
    User findByEmail(String email);
}
```
```xml
<mapper namespace="com.example.UserMapper">
  <select id="findById" resultType="User">SELECT id, name FROM user WHERE id = #{id}</select>
</mapper>
```

## Use instead
```xml
<mapper namespace="com.example.UserMapper">
  <select id="findById" resultType="User">SELECT id, name FROM user WHERE id = #{id}</select>
  <select id="findByEmail" resultType="User">SELECT id, name FROM user WHERE email = #{email}</select>
</mapper>
```
"#,
)
.repo();
