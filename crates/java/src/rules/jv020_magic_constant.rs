//! JV020 magic-constant: an unnamed literal in an `if`, `for` or `while` condition.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV020",
    "magic-constant",
    Severity::Warning,
    "a magic number or string in a condition",
    r#"## What it does
Finds number and string literals in the condition of an `if` (not inside a loop), a `for` or a `while`, other
than `0`, `1`, `-1`, `0L`, `1L`, `0.0`, `1.0`, `""`, `null`, `true` and `false` (add more with `[java]
magic-allow`). p3c: `UndefineMagicConstantRule`, which looks at the same places.

The Alibaba Java manual, 1.2 常量定义 [强制]: 不允许任何魔法值（即未经预先定义的常量）直接出现在代码中 — "no magic
values (constants not defined first) may appear in the code".

## Why
`if (status == 3)` says nothing about what 3 means, and the next change of its meaning misses one of the copies.

## Example
```java
class Example {
    boolean closed(int status) {
        if (status == 3) {
            return true;
        }
        return false;
    }
}
```

## Use instead
```java
class Example {
    private static final int CLOSED = 3;

    boolean closed(int status) {
        if (status == CLOSED) {
            return true;
        }
        return false;
    }
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] = &[
    "decimal_integer_literal",
    "hex_integer_literal",
    "octal_integer_literal",
    "binary_integer_literal",
    "decimal_floating_point_literal",
    "string_literal",
];

const ALLOWED: &[&str] = &["0", "1", "-1", "0L", "1L", "0.0", "1.0", "0l", "1l", "\"\"", "0.0d", "0d", "0f", "0.0f"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let mut text = cx.text(node);
    let mut range = node.byte_range();
    if let Some(p) = node.parent().filter(|p| p.kind() == "unary_expression" && cx.text(*p).starts_with('-')) {
        text = cx.text(p);
        range = p.byte_range();
    }
    if ALLOWED.contains(&text) || cx.settings.config.magic_allow.iter().any(|a| a == text) || !in_condition(node) {
        return;
    }
    if tree::in_test(cx, node) {
        return;
    }
    cx.report(
        out,
        &RULE,
        range,
        format!("`{text}` is a magic value in a condition"),
        "name it: a `static final` constant or an enum says what it means",
    );
}

/// Whether `node` is in the condition of an `if` outside loops, or of a `for`/`while`/`do`.
fn in_condition(node: Node<'_>) -> bool {
    let mut child = node;
    let mut at = node.parent();
    while let Some(p) = at {
        match p.kind() {
            "if_statement" => {
                return p.child_by_field_name("condition") == Some(child)
                    && tree::ancestor(p, &["for_statement", "while_statement", "enhanced_for_statement", "do_statement"])
                        .is_none();
            }
            "for_statement" | "while_statement" | "do_statement" => {
                return p.child_by_field_name("condition") == Some(child);
            }
            // A lambda or an anonymous class in the condition has conditions of its own.
            "lambda_expression" | "block" | "class_body" | "array_initializer" => return false,
            _ => {}
        }
        child = p;
        at = p.parent();
    }
    false
}
