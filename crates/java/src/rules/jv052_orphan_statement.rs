//! JV052 orphan-statement: a statement no interface method and no other statement uses.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV052",
    "orphan-statement",
    Severity::Warning,
    "a mapper statement that matches no method of its interface",
    r#"## What it does
For a mapper XML whose namespace names a Java interface of the repository (and whose supertypes are all in the
repository too), finds statements whose `id` is the name of no method of the interface or its supertypes, and
that no `select="…"` of a nested result or `<include>` refers to.

## Why
A statement left behind by a renamed method is dead SQL that still has to be kept in step with the schema; a
statement written for a method whose name was mistyped is the other half of a `BindingException`.

## Example
```xml
<mapper namespace="com.example.UserMapper">
  <select id="findByMail" resultType="User">SELECT id FROM user WHERE email = #{email}</select>
</mapper>
```
```java
public interface UserMapper {
    User findByEmail(String email);
}
```

## Use instead
```xml
<mapper namespace="com.example.UserMapper">
  <select id="findByEmail" resultType="User">SELECT id FROM user WHERE email = #{email}</select>
</mapper>
```
"#,
)
.repo()
.opt_in();
