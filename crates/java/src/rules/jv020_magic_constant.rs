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
magic-allow`). One finding per condition, on its first magic literal (the message counts the others): the fix,
naming the values, is one edit of the condition. p3c: `UndefineMagicConstantRule`, which looks at the same
places.

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

pub const KINDS: &[&str] = &["if_statement", "for_statement", "while_statement", "do_statement"];

/// The literals that may be magic.
const LITERALS: &[&str] = &[
    "decimal_integer_literal",
    "hex_integer_literal",
    "octal_integer_literal",
    "binary_integer_literal",
    "decimal_floating_point_literal",
    "string_literal",
];

const ALLOWED: &[&str] = &["0", "1", "-1", "0L", "1L", "0.0", "1.0", "0l", "1l", "\"\"", "0.0d", "0d", "0f", "0.0f"];

/// Handed the statement, not each literal: most literals are in no condition, and finding a literal's
/// condition walks up its parents, each a search from the root in tree-sitter.
pub fn check(cx: &Cx<'_>, stmt: Node<'_>, out: &mut Sink) {
    let Some(condition) = stmt.child_by_field_name("condition") else { return };
    // The magic literals whose condition this is (not one of a nested statement, lambda or block), in order.
    let magic_here: Vec<(Node<'_>, &str, std::ops::Range<usize>)> = std::iter::once(condition)
        .chain(tree::descendants(condition, false))
        .filter(|n| LITERALS.contains(&n.kind()))
        .filter_map(|n| magic(cx, n).map(|(text, range)| (n, text, range)))
        .filter(|(n, ..)| condition_of(*n) == Some(condition))
        .collect();
    let Some((node, text, range)) = magic_here.iter().min_by_key(|(n, ..)| n.start_byte()).cloned() else { return };
    if tree::in_test(cx, node) {
        return;
    }
    let more = match magic_here.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more)".to_string(),
        n => format!(" (and {n} more)"),
    };
    cx.report(
        out,
        &RULE,
        range,
        format!("`{text}` is a magic value in a condition{more}"),
        "name it: a `static final` constant or an enum says what it means",
    );
}

fn magic<'a>(cx: &Cx<'a>, node: Node<'_>) -> Option<(&'a str, std::ops::Range<usize>)> {
    let mut text = cx.text(node);
    let mut range = node.byte_range();
    if let Some(p) = node.parent().filter(|p| p.kind() == "unary_expression" && cx.text(*p).starts_with('-')) {
        text = cx.text(p);
        range = p.byte_range();
    }
    let allowed = ALLOWED.contains(&text) || cx.settings.config.magic_allow.iter().any(|a| a == text);
    (!allowed).then_some((text, range))
}

/// The condition `node` is in: of an `if` outside loops, or of a `for`/`while`/`do`.
fn condition_of(node: Node<'_>) -> Option<Node<'_>> {
    let mut child = node;
    let mut at = node.parent();
    while let Some(p) = at {
        match p.kind() {
            "if_statement" => {
                let outside_loops = tree::ancestor(
                    p,
                    &["for_statement", "while_statement", "enhanced_for_statement", "do_statement"],
                )
                .is_none();
                return (p.child_by_field_name("condition") == Some(child) && outside_loops).then_some(child);
            }
            "for_statement" | "while_statement" | "do_statement" => {
                return (p.child_by_field_name("condition") == Some(child)).then_some(child);
            }
            // A lambda or an anonymous class in the condition has conditions of its own.
            "lambda_expression" | "block" | "class_body" | "array_initializer" => return None,
            _ => {}
        }
        child = p;
        at = p.parent();
    }
    None
}
