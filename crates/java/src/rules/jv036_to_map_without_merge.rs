//! JV036 to-map-without-merge: `Collectors.toMap` without a merge function.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV036",
    "to-map-without-merge",
    Severity::Warning,
    "`Collectors.toMap(key, value)` without a merge function",
    r#"## What it does
Finds `Collectors.toMap(...)` (or a statically imported `toMap`) called with two arguments.

The Alibaba Java manual, 1.9 集合处理 [强制]: 在使用 java.util.stream.Collectors 类的 toMap() 方法转为 Map 集合时，一定要
使用含有参数类型为 BinaryOperator，参数名为 mergeFunction 的方法，否则当出现相同 key 值时会抛出 IllegalStateException
异常 — "always pass a mergeFunction to Collectors.toMap: a duplicate key otherwise throws IllegalStateException".

## Why
The first duplicate key in production data (two rows with the same code) throws `IllegalStateException:
Duplicate key`.

## Example
```java
class Example {
    Map<String, User> byName(List<User> users) {
        return users.stream().collect(Collectors.toMap(User::getName, u -> u));
    }
}
```

## Use instead
```java
class Example {
    Map<String, User> byName(List<User> users) {
        return users.stream().collect(Collectors.toMap(User::getName, u -> u, (a, b) -> b));
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["method_invocation"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(name) = node.child_by_field_name("name") else { return };
    if cx.text(name) != "toMap" {
        return;
    }
    let receiver = node.child_by_field_name("object").map(|o| tree::simple(cx.text(o)));
    if !matches!(receiver, None | Some("Collectors")) {
        return;
    }
    if node.child_by_field_name("arguments").is_none_or(|a| a.named_child_count() != 2) {
        return;
    }
    cx.report(
        out,
        &RULE,
        node.byte_range(),
        "`toMap` without a merge function throws IllegalStateException on the first duplicate key".into(),
        "pass a merge function: `toMap(key, value, (a, b) -> b)`",
    );
}
