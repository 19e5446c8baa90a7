//! JV024 exception-class-naming: an exception class not named `…Exception`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV024",
    "exception-class-naming",
    Severity::Warning,
    "an exception class whose name does not end in `Exception`",
    r#"## What it does
Finds classes that extend a class whose name ends in `Exception` (or `Throwable`) but whose own name does not
end in `Exception`. p3c: `ExceptionClassShouldEndWithExceptionRule`.

The Alibaba Java manual, 1.1 命名风格 [强制]: 抽象类命名使用 Abstract 或 Base 开头；异常类命名使用 Exception 结尾 —
"exception classes end in Exception".

## Why
`throw new Failure()` and `catch (Failure f)` read as ordinary objects; the suffix says what the type is for.

## Example
```java
class OrderMissing extends RuntimeException {
}
```

## Use instead
```java
class OrderMissingException extends RuntimeException {
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &["class_declaration"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let (Some(name), Some(sup)) = (node.child_by_field_name("name"), node.child_by_field_name("superclass")) else {
        return;
    };
    let parent = sup.named_child(0).map_or("", |t| tree::erased(cx.text(t)));
    if !(parent.ends_with("Exception") || parent == "Throwable") {
        return;
    }
    let text = cx.text(name);
    if text.ends_with("Exception") {
        return;
    }
    cx.report(
        out,
        &RULE,
        name.byte_range(),
        format!("exception class `{text}` (a `{parent}`) does not end in `Exception`"),
        &format!("rename it `{text}Exception`"),
    );
}
