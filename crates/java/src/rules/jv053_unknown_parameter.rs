//! JV053 unknown-parameter: `#{name}` that names no parameter of the mapper method.

use precheck_core::{RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV053",
    "unknown-parameter",
    Severity::Error,
    "`#{name}` in a statement names no parameter of its method",
    r#"## What it does
Checks each `#{name}` of a statement against its interface method: with several parameters (or an `@Param`), the
name must be an `@Param` value or a parameter's name (`param1…`, `arg0…` always work); with one parameter of a
type of the repository, a property (field or getter) of that type or its superclasses. Names declared in the
statement (`<foreach item/index>`, `<bind name>`), `_parameter` and `_databaseId` are left alone, as are single
parameters of simple, collection or map types, which MyBatis binds to any name.

## Why
MyBatis fails when the statement runs: `BindingException: Parameter 'userId' not found. Available parameters are
[id, param1]` or `ReflectionException: There is no getter for property named 'userId' in 'class User'`.

## Example
```java
public interface OrderMapper {
    List<Order> find(@Param("userId") Long userId, @Param("status") Integer status);
}
```
```xml
<mapper namespace="com.example.OrderMapper">
  <select id="find" resultType="Order">SELECT id FROM orders WHERE user_id = #{uid} AND status = #{status}</select>
</mapper>
```

## Use instead
```xml
<mapper namespace="com.example.OrderMapper">
  <select id="find" resultType="Order">SELECT id FROM orders WHERE user_id = #{userId} AND status = #{status}</select>
</mapper>
```
"#,
)
.repo();
