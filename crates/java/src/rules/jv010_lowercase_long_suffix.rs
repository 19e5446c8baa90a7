//! JV010 lowercase-long-suffix: a `long` literal ending in a lower-case `l`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::Cx;

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV010",
    "lowercase-long-suffix",
    Severity::Warning,
    "a `long` literal with a lower-case `l` suffix",
    r#"## What it does
Finds integer literals ending in `l` (`2l`, `0xFFl`). p3c: `UpperEllRule`.

The Alibaba Java manual, 1.2 常量定义 (constants) [强制]: 在 long 或者 Long 赋值时，数值后使用大写字母 L，不能是小写
字母 l，小写容易跟数字混淆，造成误解 — "a long literal takes an upper-case `L`: a lower-case `l` reads as the digit 1".

## Why
`2l` reads as twenty-one.

## Example
```java
class Example {
    long timeout = 2l;
}
```

## Use instead
```java
class Example {
    long timeout = 2L;
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] =
    &["decimal_integer_literal", "hex_integer_literal", "octal_integer_literal", "binary_integer_literal"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let text = cx.text(node);
    if let Some(digits) = text.strip_suffix('l') {
        cx.report(
            out,
            &RULE,
            node.byte_range(),
            format!("`{text}` ends in a lower-case `l`, which reads as the digit 1"),
            &format!("write `{digits}L`"),
        );
    }
}
