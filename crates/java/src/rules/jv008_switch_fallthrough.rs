//! JV008 switch-fallthrough: a `case` that runs into the next one without saying so.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV008",
    "switch-fallthrough",
    Severity::Warning,
    "a `case` that falls through to the next without a comment",
    r#"## What it does
Finds a `case` group of a `switch` that has statements, is not the last group, and neither ends in `break`,
`continue`, `return`, `throw` or `yield` (nor in an `if`/`else`, block or `try` that always does) nor carries a
comment after its last statement saying where it continues, nor falls into a case that only breaks. The finding is
on the case that falls. p3c: `SwitchStatementRule`, which reports on the `switch` and also flags a fall into a
case that only breaks; that fall changes nothing at run time, so it is left alone here.

The Alibaba Java manual, 1.5 控制语句 [强制]: 在一个 switch 块内，每个 case 要么通过 continue/break/return 等来终止，
要么注释说明程序将继续执行到哪一个 case 为止 — "every case ends with break/continue/return, or a comment says which
case execution continues into".

## Why
A forgotten `break` runs the next case's code too; a deliberate fall-through looks exactly the same unless a
comment says so.

## Example
```java
class Example {
    void apply(int op) {
        switch (op) {
            case 1:
                open();
            case 2:
                close();
                break;
            default:
                break;
        }
    }
}
```

## Use instead
```java
class Example {
    void apply(int op) {
        switch (op) {
            case 1:
                open();
                break;
            case 2:
                close();
                break;
            default:
                break;
        }
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["switch_block_statement_group"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    // The last group has nowhere to fall.
    let Some(next) = node.next_named_sibling().filter(|n| n.kind() == "switch_block_statement_group") else { return };
    let children = tree::named_children(node);
    let Some(last) = children.iter().rev().find(|c| !is_comment(c) && c.kind() != "switch_label") else {
        // Labels only (`case 1: case 2:`) share the next group's code: the usual idiom.
        return;
    };
    let commented = children.iter().any(|c| is_comment(c) && c.start_byte() >= last.end_byte())
        || children.iter().any(|c| is_comment(c) && mentions_fallthrough(cx.text(*c)))
        || next.prev_sibling().is_some_and(|p| is_comment(&p));
    // Falling into a group that only breaks (`default: break;`) changes nothing.
    let next_only_breaks = {
        let stmts: Vec<Node<'_>> = tree::named_children(next)
            .into_iter()
            .filter(|c| !is_comment(c) && c.kind() != "switch_label")
            .collect();
        matches!(stmts.as_slice(), [b] if b.kind() == "break_statement")
    };
    if commented || next_only_breaks || terminates(*last) {
        return;
    }
    let label = children.iter().find(|c| c.kind() == "switch_label").copied().unwrap_or(node);
    cx.report(
        out,
        &RULE,
        label.byte_range(),
        format!("`{}` falls through into the next case", cx.text(label)),
        "end the case with `break` (or `return`/`throw`), or add a comment saying it continues into the next case",
    );
}

fn is_comment(node: &Node<'_>) -> bool {
    matches!(node.kind(), "line_comment" | "block_comment")
}

fn mentions_fallthrough(comment: &str) -> bool {
    let lower = comment.to_ascii_lowercase();
    lower.contains("fall") || lower.contains("continue") || comment.contains("继续") || comment.contains("穿透")
}

/// Whether control never leaves `stmt` normally (syntactically).
pub fn terminates(stmt: Node<'_>) -> bool {
    match stmt.kind() {
        "break_statement" | "continue_statement" | "return_statement" | "throw_statement" | "yield_statement" => true,
        "block" => tree::named_children(stmt).into_iter().rev().find(|c| !is_comment(c)).is_some_and(terminates),
        "if_statement" => {
            stmt.child_by_field_name("consequence").is_some_and(terminates)
                && stmt.child_by_field_name("alternative").is_some_and(terminates)
        }
        "try_statement" => {
            let finally_ends = tree::named_children(stmt)
                .into_iter()
                .any(|c| c.kind() == "finally_clause" && c.named_child(0).is_some_and(terminates));
            finally_ends
                || (stmt.child_by_field_name("body").is_some_and(terminates)
                    && tree::named_children(stmt)
                        .into_iter()
                        .filter(|c| c.kind() == "catch_clause")
                        .all(|c| c.child_by_field_name("body").is_some_and(terminates)))
        }
        "synchronized_statement" | "labeled_statement" => {
            stmt.named_child(u32::try_from(stmt.named_child_count().saturating_sub(1)).unwrap_or(0)).is_some_and(terminates)
        }
        _ => false,
    }
}
