//! JV023 abstract-class-naming: an abstract class not named `Abstract…` or `Base…`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV023",
    "abstract-class-naming",
    Severity::Warning,
    "an abstract class whose name does not start with `Abstract` or `Base`",
    r#"## What it does
Finds `abstract class` declarations whose name starts with neither `Abstract` nor `Base`. p3c:
`AbstractClassShouldStartWithAbstractNamingRule`.

The Alibaba Java manual, 1.1 命名风格 [强制]: 抽象类命名使用 Abstract 或 Base 开头；异常类命名使用 Exception 结尾；
测试类命名以它要测试的类的名称开始，以 Test 结尾 — "abstract classes start with Abstract or Base".

## Why
The name says, where the class is used, that it cannot be instantiated and is meant to be extended.

## Example
```java
abstract class Handler {
    abstract void handle();
}
```

## Use instead
```java
abstract class AbstractHandler {
    abstract void handle();
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["class_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    if !tree::has_modifier(node, "abstract") {
        return;
    }
    let Some(name) = node.child_by_field_name("name") else { return };
    let text = cx.text(name);
    if text.starts_with("Abstract") || text.starts_with("Base") {
        return;
    }
    cx.report(
        out,
        &RULE,
        name.byte_range(),
        format!("abstract class `{text}` does not start with `Abstract` or `Base`"),
        &format!("rename it `Abstract{text}`"),
    );
}
